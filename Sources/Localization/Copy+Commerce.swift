// Commerce: plans, order bumps, checkout.
extension Copy {
    public var planNameRequired: String { text("Informe o nome do plano.", "Enter the plan's name.") }
    public var nameTooLong80: String { text("O nome pode ter até 80 caracteres.", "The name can have up to 80 characters.") }
    public var priceInvalid: String {
        text("Informe um preço entre R$ 0,01 e R$ 100.000,00.", "Enter a price between R$ 0,01 and R$ 100.000,00.")
    }
    public var durationInvalid: String { text("A duração vai de 1 a 3650 dias.", "The duration is 1 to 3650 days.") }
    public var benefitsInvalid: String {
        text("Até 12 benefícios, cada um com até 120 caracteres.", "Up to 12 benefits, each up to 120 characters.")
    }
    public var ctaTooLong: String { text("O texto do botão pode ter até 40 caracteres.", "The button text can have up to 40 characters.") }
    public var checkoutURLInvalid: String { text("Use um endereço https://, ou deixe vazio.", "Use an https:// address, or leave it empty.") }
    public var paymentMethodRequired: String {
        text("Aceite Pix, cartão ou ambos, ou informe um checkout externo.",
             "Accept Pix, card or both, or give an external checkout.")
    }
    public var bumpNameRequired: String { text("Informe o nome da oferta.", "Enter the offer's name.") }
    public var descriptionTooLong300: String {
        text("A descrição pode ter até 300 caracteres.", "The description can have up to 300 characters.")
    }
    public var imageURLHTTPSOrEmpty: String { text("Use um endereço https://, ou deixe vazio.", "Use an https:// address, or leave it empty.") }
    public var displayOrderInvalid: String { text("A ordem vai de 0 a 1000.", "The order is 0 to 1000.") }
    public var planInUse: String {
        text("Este plano tem checkouts ou assinaturas; desative-o em vez de excluir.",
             "This plan has checkouts or subscriptions; stop offering it instead of deleting it.")
    }
}

// Admin: plans and order bumps.
extension Copy {
    public var offers: String { text("Planos e ofertas", "Plans and offers") }
    public var plans: String { text("Planos", "Plans") }
    public var orderBumps: String { text("Ofertas adicionais (order bumps)", "Order bumps") }
    public var newPlan: String { text("Novo plano", "New plan") }
    public var newOrderBump: String { text("Nova oferta", "New offer") }
    public var noPlans: String { text("Nenhum plano ainda.", "No plans yet.") }
    public var noOrderBumps: String { text("Nenhuma oferta ainda.", "No offers yet.") }
    public var price: String { text("Preço", "Price") }
    public var priceHint: String { text("Em reais, como 29,90.", "In reais, such as 29,90.") }
    public var durationDays: String { text("Duração (dias)", "Duration (days)") }
    public var benefits: String { text("Benefícios", "Benefits") }
    public var benefitsHint: String { text("Um por linha.", "One per line.") }
    public var ctaText: String { text("Texto do botão", "Button text") }
    public var externalCheckout: String { text("Checkout externo (opcional)", "External checkout (optional)") }
    public var externalCheckoutHint: String {
        text("Um endereço https://. Preenchido, o botão do plano leva para lá em vez do nosso checkout.",
             "An https:// address. When set, the plan's button goes there instead of our checkout.")
    }
    public var acceptsPix: String { text("Aceita Pix", "Accepts Pix") }
    public var acceptsCard: String { text("Aceita cartão", "Accepts card") }
    public var offerDescription: String { text("Descrição", "Description") }
    public var imageURLOptional: String { text("Imagem (https://, opcional)", "Image (https://, optional)") }
    public var displayOrder: String { text("Ordem de exibição", "Display order") }
    public var deleted: String { text("Excluído.", "Deleted.") }
    public func days(_ count: Int) -> String { count == 1 ? text("1 dia", "1 day") : text("\(count) dias", "\(count) days") }
}
