// Ads: campaign validation and the admin's ads area.
extension Copy {
    public var adNameRequired: String { text("Informe o nome da campanha.", "Enter the campaign's name.") }
    public var adNameTooLong: String { text("O nome pode ter até 120 caracteres.", "The name can have up to 120 characters.") }
    public var adTypeUnknown: String { text("Escolha um dos tipos de anúncio.", "Choose one of the ad types.") }
    public var adPlacementUnknown: String { text("Escolha uma das posições.", "Choose one of the placements.") }
    public var adPlacementNotAllowed: String {
        text("Este tipo de anúncio não aparece nesta posição.", "This type of ad doesn't appear in this placement.")
    }
    public var adStatusUnknown: String { text("Escolha rascunho, ativo ou pausado.", "Choose draft, active or paused.") }
    public var adTitleRequired: String { text("Informe o título que o visitante vê.", "Enter the title visitors see.") }
    public var adTextTooLong: String { text("Texto longo demais.", "This text is too long.") }
    public var adLinkInvalid: String {
        text("Use um endereço completo que comece com https:// ou http://.", "Use a full address starting with https:// or http://.")
    }
    public var adPriorityInvalid: String { text("A prioridade vai de -1000 a 1000.", "The priority is -1000 to 1000.") }
    public var adDatesOutOfOrder: String { text("O fim deve vir depois do início.", "The end must come after the start.") }
}
