// Ads: campaign validation and the admin's ads area.
extension Copy {
    /// The label every ad carries, so no ad passes for content.
    public var advertising: String { text("Publicidade", "Advertisement") }
    public var adNameRequired: String { text("Informe o nome da campanha.", "Enter the campaign's name.") }
    public var adNameTooLong: String {
        text("O nome pode ter até 120 caracteres.", "The name can have up to 120 characters.")
    }
    public var adTypeUnknown: String { text("Escolha um dos tipos de anúncio.", "Choose one of the ad types.") }
    public var adPlacementUnknown: String { text("Escolha uma das posições.", "Choose one of the placements.") }
    public var adPlacementNotAllowed: String {
        text("Este tipo de anúncio não aparece nesta posição.", "This type of ad doesn't appear in this placement.")
    }
    public var adStatusUnknown: String {
        text("Escolha rascunho, ativo ou pausado.", "Choose draft, active or paused.")
    }
    public var adTitleRequired: String { text("Informe o título que o visitante vê.", "Enter the title visitors see.") }
    public var adTextTooLong: String { text("Texto longo demais.", "This text is too long.") }
    public var adLinkInvalid: String {
        text(
            "Use um endereço completo que comece com https:// ou http://.",
            "Use a full address starting with https:// or http://.")
    }
    public var adPriorityInvalid: String { text("A prioridade vai de -1000 a 1000.", "The priority is -1000 to 1000.") }
    public var adUnknown: String { text("Esse anúncio não existe.", "There is no such ad.") }
    public var adDatesOutOfOrder: String {
        text("O fim deve vir depois do início.", "The end must come after the start.")
    }
}

// Admin: the ads area.
extension Copy {
    public var adsArea: String { text("Anúncios", "Ads") }
    public var newAd: String { text("Novo anúncio", "New ad") }
    public var noAds: String { text("Nenhum anúncio ainda.", "No ads yet.") }
    public var adType: String { text("Tipo", "Type") }
    public var adPlacement: String { text("Posição", "Placement") }
    public var adPlacementHint: String {
        text(
            "Cada tipo aparece só em algumas posições; a lista mostra as do tipo escolhido.",
            "Each type appears in some placements only; the list shows the chosen type's.")
    }
    public var adPriority: String { text("Prioridade", "Priority") }
    public var adPriorityHint: String {
        text(
            "De -1000 a 1000. A maior aparece primeiro; iguais se revezam.",
            "-1000 to 1000. The highest shows first; equal ones take turns.")
    }
    public var impressions: String { text("Impressões", "Impressions") }
    public var clicks: String { text("Cliques", "Clicks") }
    public var duplicate: String { text("Duplicar", "Duplicate") }
    public var pause: String { text("Pausar", "Pause") }
    public var resume: String { text("Retomar", "Resume") }
    public var adPaused: String { text("Pausado", "Paused") }
    public var adDraft: String { text("Rascunho", "Draft") }
    public var adCampaignName: String { text("Nome da campanha (só para você)", "Campaign name (for you only)") }
    public var adTitle: String { text("Título", "Title") }
    public var adSubtitle: String { text("Subtítulo", "Subtitle") }
    public var adLink: String { text("Link de destino", "Destination link") }
    public var adLinkHint: String { text("Endereço completo, com https://.", "A full address, with https://.") }
    public var adCategory: String { text("Categoria", "Category") }
    public var adStarts: String { text("Começa em", "Starts") }
    public var adEnds: String { text("Termina em", "Ends") }
    public var adDatesHint: String {
        text("Horário de Brasília. Vazio: sem limite.", "Brasília time. Empty: no limit.")
    }
    public var adDateInvalid: String {
        text("Use uma data e hora como 2026-12-01T10:00.", "Use a date and time such as 2026-12-01T10:00.")
    }
    public var adDuplicated: String { text("Cópia criada como rascunho.", "Copy created as a draft.") }
    public var adTypeDiamond: String { text("Diamante (no feed)", "Diamond (in the feed)") }
    public var adTypeDiamondBlock: String { text("Bloco diamante", "Diamond block") }
    public var adTypeBanner: String { text("Banner", "Banner") }
    public var adTypeSpot: String { text("Spot", "Spot") }
    public var adTypeHero: String { text("Hero (carrossel)", "Hero (carousel)") }
    public var placementHomeTop: String { text("Início: topo", "Home: top") }
    public var placementHomeMiddle: String { text("Início: meio", "Home: middle") }
    public var placementHomeBottom: String { text("Início: rodapé", "Home: bottom") }
    public var placementModelsGrid: String { text("Grade de modelos", "Models grid") }
    public var placementFeedModel: String { text("Feed da modelo", "Model's feed") }
    public var placementModelProfile: String { text("Perfil da modelo", "Model profile") }
    public var placementModelSidebar: String { text("Lateral da modelo", "Model sidebar") }
    public var placementSidebar: String { text("Lateral", "Sidebar") }
    public var placementLogin: String { text("Entrar", "Sign in") }
    public var placementRegister: String { text("Cadastro", "Sign up") }
    public var placementPostDetail: String { text("Publicação", "Post page") }
    public var placementFooter: String { text("Rodapé do site", "Site footer") }
    public var adAnalytics: String { text("Análise", "Analytics") }
    public func adAnalyticsTitle(_ name: String) -> String { text("Análise: \(name)", "Analytics: \(name)") }
    public var adAnalyticsRangeInvalid: String {
        text(
            "Escolha um período válido: o início antes do fim, no máximo 366 dias.",
            "Choose a valid range: start before end, at most 366 days.")
    }
    public var impressionsPerDay: String { text("Impressões por dia", "Impressions per day") }
    public var clicksPerDay: String { text("Cliques por dia", "Clicks per day") }
    public var day: String { text("Dia", "Day") }
    public var placementsPerformance: String { text("Desempenho por posição", "Placements' performance") }
    public var placementsPerformanceHint: String {
        text(
            "Exibição: cada vez que uma posição aparece numa página (ou na API) e é contada. Preenchimento: a parte das exibições que mostrou ao menos um anúncio. CTR: cliques por impressão.",
            "Serve: each time a placement appears on a page (or in the API) and is counted. Fill rate: the share of serves that showed at least one ad. CTR: clicks per impression."
        )
    }
    public var serves: String { text("Exibições", "Serves") }
    public var filledServes: String { text("Com anúncio", "With an ad") }
    public var fillRate: String { text("Preenchimento", "Fill rate") }
    public var fillRatePerPlacement: String { text("Preenchimento por posição", "Fill rate per placement") }
    public var ctrPerPlacement: String { text("CTR por posição", "CTR per placement") }
}
