// Commerce: plans, order bumps, checkout.
extension Copy {
    public var planNameRequired: String { text("Informe o nome do plano.", "Enter the plan's name.") }
    public var nameTooLong80: String {
        text("O nome pode ter até 80 caracteres.", "The name can have up to 80 characters.")
    }
    public var priceInvalid: String {
        text("Informe um preço entre R$ 0,01 e R$ 100.000,00.", "Enter a price between R$ 0,01 and R$ 100.000,00.")
    }
    public var durationInvalid: String { text("A duração vai de 1 a 3650 dias.", "The duration is 1 to 3650 days.") }
    public var billingInvalid: String {
        text("Escolha cobrança única ou recorrente.", "Choose a one-time or a recurring charge.")
    }
    public var billingPeriodInvalid: String {
        text(
            "Escolha o período da recorrência: de 1 a 12 meses, ou de 1 a 3650 dias.",
            "Choose the renewal period: 1 to 12 months, or 1 to 3650 days.")
    }
    public var recurringNeedsOurCheckout: String {
        text(
            "Um plano recorrente é vendido pelo nosso checkout: deixe o checkout externo vazio.",
            "A recurring plan is sold by our checkout: leave the external checkout empty.")
    }
    public var firstPeriodPriceInvalid: String {
        text(
            "O preço do primeiro período vai de R$ 0,01 a R$ 100.000,00, e só vale para planos recorrentes.",
            "The first period's price is R$ 0,01 to R$ 100.000,00, and only for recurring plans.")
    }
    public var benefitsInvalid: String {
        text("Até 12 benefícios, cada um com até 120 caracteres.", "Up to 12 benefits, each up to 120 characters.")
    }
    public var ctaTooLong: String {
        text("O texto do botão pode ter até 40 caracteres.", "The button text can have up to 40 characters.")
    }
    public var checkoutURLInvalid: String {
        text("Use um endereço https://, ou deixe vazio.", "Use an https:// address, or leave it empty.")
    }
    public var paymentMethodRequired: String {
        text(
            "Aceite Pix, cartão ou ambos, ou informe um checkout externo.",
            "Accept Pix, card or both, or give an external checkout.")
    }
    public var bumpNameRequired: String { text("Informe o nome da oferta.", "Enter the offer's name.") }
    public var descriptionTooLong300: String {
        text("A descrição pode ter até 300 caracteres.", "The description can have up to 300 characters.")
    }
    public var imageURLHTTPSOrEmpty: String {
        text("Use um endereço https://, ou deixe vazio.", "Use an https:// address, or leave it empty.")
    }
    public var displayOrderInvalid: String { text("A ordem vai de 0 a 1000.", "The order is 0 to 1000.") }
    public var planInUse: String {
        text(
            "Este plano tem checkouts ou assinaturas; desative-o em vez de excluir.",
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
        text(
            "Um endereço https://. Preenchido, o botão do plano leva para lá em vez do nosso checkout.",
            "An https:// address. When set, the plan's button goes there instead of our checkout.")
    }
    public var acceptsPix: String { text("Aceita Pix", "Accepts Pix") }
    public var acceptsCard: String { text("Aceita cartão", "Accepts card") }
    public var offerDescription: String { text("Descrição", "Description") }
    public var imageURLOptional: String { text("Imagem (https://, opcional)", "Image (https://, optional)") }
    public var displayOrder: String { text("Ordem de exibição", "Display order") }
    public var deleted: String { text("Excluído.", "Deleted.") }
    public func days(_ count: Int) -> String {
        count == 1 ? text("1 dia", "1 day") : text("\(count) dias", "\(count) days")
    }
}

// The plans, checkout and payment pages.
extension Copy {
    public var choosePlan: String { text("Escolha seu plano", "Choose your plan") }
    public var plansDescription: String {
        text(
            "Acesso a todas as fotos e vídeos enquanto a assinatura estiver ativa.",
            "Every photo and video while your subscription is active.")
    }
    public func currentPlan(_ name: String, until: String) -> String {
        text(
            "Seu plano: \(name), ativo até \(until). Assinar de novo soma os dias ao fim do atual.",
            "Your plan: \(name), active until \(until). Subscribing again adds the days to its end.")
    }
    public var noPlansOnSale: String { text("Nenhum plano à venda no momento.", "No plans on sale right now.") }
    public var planIsSoldElsewhere: String {
        text(
            "Este plano é vendido em um checkout externo.",
            "This plan is sold on an external checkout; follow its checkout_url.")
    }
    public var billingLabel: String { text("Cobrança", "Billing") }
    public var billingHint: String {
        text(
            "Um plano recorrente vale por período de calendário (até o mesmo dia do mês seguinte); em dias, o "
                + "período é a duração acima. Comprado no cartão, renova sozinho um dia antes do fim; no Pix, o "
                + "membro renova pelo link dos lembretes por e-mail. Quem já assina mantém as condições da compra.",
            "A recurring plan runs per calendar period (to the same day of the next month); in days, the period is "
                + "the duration above. Bought by card, it renews by itself a day before the end; by Pix, the member "
                + "renews from the link in the reminder e-mails. Members keep the terms they bought.")
    }
    public var oneTimeBilling: String { text("Pagamento único (a duração acima)", "One-time (the duration above)") }
    public var everyMonth: String { text("Recorrente: mensal", "Recurring: monthly") }
    public var everyQuarter: String { text("Recorrente: trimestral", "Recurring: quarterly") }
    public var everySemester: String { text("Recorrente: semestral", "Recurring: every six months") }
    public var everyYear: String { text("Recorrente: anual", "Recurring: yearly") }
    public var everyNDays: String {
        text("Recorrente: a cada N dias (a duração)", "Recurring: every N days (the duration)")
    }
    /// "por mês", "a cada 3 meses", "a cada 15 dias": how often a recurring plan charges.
    public func perPeriod(months: Int) -> String {
        switch months {
        case 1: text("por mês", "a month")
        case 12: text("por ano", "a year")
        default: text("a cada \(months) meses", "every \(months) months")
        }
    }
    /// After a first-period offer's price: "no primeiro período de quem assina pela primeira vez; depois R$ 29,90
    /// por mês".
    public func firstPeriodThen(_ price: String) -> String {
        text(
            "no primeiro período de quem assina pela primeira vez; depois \(price)",
            "for a first subscription's first period; then \(price)")
    }
    public func perPeriod(days: Int) -> String {
        days == 1 ? text("por dia", "a day") : text("a cada \(days) dias", "every \(days) days")
    }
    public func perDuration(_ days: Int) -> String {
        days == 30
            ? text("por mês", "a month")
            : days == 365 ? text("por ano", "a year") : text("por \(days) dias", "for \(days) days")
    }
    public var checkoutTitle: String { text("Finalizar assinatura", "Checkout") }
    public var yourData: String { text("Seus dados", "Your details") }
    public var cpf: String { text("CPF", "CPF") }
    public var phone: String { text("Celular com DDD", "Mobile with area code") }
    public var createPasswordHint: String {
        text("Sua conta é criada com este e-mail e esta senha.", "Your account is made with this e-mail and password.")
    }
    public var addToOrder: String { text("Aproveite e leve também", "Add to your order") }
    public var pix: String { text("Pix", "Pix") }
    public var creditCard: String { text("Cartão de crédito", "Credit card") }
    public var cardNumber: String { text("Número do cartão", "Card number") }
    public var sandboxCardHint: String {
        text(
            "Ambiente de testes: 4111 1111 1111 1111 aprova e renova; 4000 0000 0000 0341 aprova e recusa a renovação; outro número recusa.",
            "Test mode: 4111 1111 1111 1111 approves and renews; 4000 0000 0000 0341 approves, then declines the renewal; any other number declines."
        )
    }
    /// - Parameters:
    ///   - price: "R$ 29,90 por mês".
    ///   - authorisedAt: the provider whose page the buyer authorises the renewals on, which then charges them.
    public func cardRenewsByItself(price: String, authorisedAt provider: String? = nil) -> String {
        guard let provider else {
            return text(
                "No cartão, a assinatura renova sozinha: \(price), cobrados um dia antes do fim de cada período. Cancele quando quiser em Minha conta.",
                "By card, the subscription renews by itself: \(price), charged a day before each period ends. Cancel any time in My account."
            )
        }
        return text(
            "No cartão, a assinatura renova sozinha: você autoriza na página do \(provider), que cobra \(price) a cada período. Cancele quando quiser em Minha conta.",
            "By card, the subscription renews by itself: you authorise it on \(provider)'s page, which charges \(price) each period. Cancel any time in My account."
        )
    }
    public var bumpsWithScheduledRenewal: String {
        text(
            "Com a renovação automática no cartão por este gateway, os adicionais não entram na assinatura: tire-os ou pague por Pix.",
            "With this gateway's automatic card renewal, add-ons can't join the subscription: remove them, or pay by Pix."
        )
    }
    /// Pix Automático by Jornada 3: one QR code pays the first period and asks the payer's bank for the rest.
    /// - Parameter price: "R$ 29,90 por mês".
    public func pixAutomaticoAuthorisedWithPayment(price: String) -> String {
        text(
            "Por Pix Automático: o QR code paga o primeiro período e pede, no app do seu banco, a autorização para \(price) nos próximos. Seu banco paga cada um no vencimento; cancele quando quiser, no app do banco ou em Minha conta.",
            "By Pix Automático: the QR code pays the first period and asks, in your bank's app, to authorise \(price) for the next ones. Your bank pays each one when due; cancel any time, in the bank's app or in My account."
        )
    }
    /// - Parameter besideCard: the card renews by itself, so this is Pix's way only.
    public func renewsByReminder(besideCard: Bool) -> String {
        !besideCard
            ? text(
                "A renovação é manual: avisamos por e-mail antes do fim, com um link para pagar o próximo período.",
                "Renewal is manual: we e-mail you before the end, with a link to pay for the next period.")
            : text(
                "Por Pix, a renovação é manual: avisamos por e-mail antes do fim, com um link para pagar o próximo período.",
                "By Pix, renewal is manual: we e-mail you before the end, with a link to pay for the next period.")
    }
    public var total: String { text("Total", "Total") }
    public var payNow: String { text("Pagar", "Pay") }
    public var signInToCheckout: String {
        text(
            "Este e-mail já tem conta. Entre para assinar com ela.",
            "This e-mail has an account. Sign in to subscribe with it.")
    }
    public var paymentsUnavailable: String {
        text("Os pagamentos ainda não estão configurados.", "Payments are not set up yet.")
    }
    public var cardAwaitingConfirmation: String {
        text("Estamos confirmando o pagamento do seu cartão", "We are confirming your card payment")
    }
    public var continueToProvider: String {
        text("Continuar para a página de pagamento", "Continue to the payment page")
    }
    public var goingToProvider: String {
        text(
            "Levando você à página segura do serviço de pagamento, onde você digita o cartão…",
            "Taking you to the payment service's secure page, where you type your card…")
    }
    public var payOnProviderPage: String {
        text("Ainda não pagou? Volte à página de pagamento", "Not paid yet? Go back to the payment page")
    }
    public var paymentProviderFailed: String {
        text(
            "O serviço de pagamento não respondeu. Nada foi cobrado; tente de novo em instantes.",
            "The payment service did not answer. Nothing was charged; try again in a moment.")
    }
    public var payWithPix: String { text("Pague com Pix", "Pay with Pix") }
    public var pixInstructions: String {
        text(
            "Abra o app do seu banco, escolha Pix e leia o QR code, ou copie o código abaixo.",
            "Open your bank's app, choose Pix and scan the QR code, or copy the code below.")
    }
    public var pixCopyAndPaste: String { text("Código Pix copia e cola", "Pix copy-and-paste code") }
    public var copyCode: String { text("Copiar código", "Copy code") }
    public var codeCopied: String { text("Código copiado!", "Code copied!") }
    public var expiresIn: String { text("O código expira em", "The code expires in") }
    public var waitingPayment: String { text("Aguardando o pagamento…", "Waiting for the payment…") }
    public var paymentConfirmed: String {
        text("Pagamento confirmado! Sua assinatura está ativa.", "Payment confirmed! Your subscription is active.")
    }
    public var paymentFailed: String { text("O pagamento não foi aprovado.", "The payment was not approved.") }
    public var paymentExpired: String {
        text("Este código expirou. Comece uma nova assinatura.", "This code has expired. Start a new checkout.")
    }
    public var seeContent: String { text("Ver o conteúdo", "See the content") }
    public var tryAgain: String { text("Tentar de novo", "Try again") }
}

// Checkout refusals.
extension Copy {
    public var cpfInvalid: String { text("Informe um CPF válido.", "Enter a valid CPF.") }
    public var phoneInvalid: String {
        text(
            "Informe um celular com DDD, como (11) 91234-5678; telefone fixo não vale.",
            "Enter a mobile with area code, such as (11) 91234-5678; a landline is not taken.")
    }
    public var bumpUnavailable: String {
        text("Uma oferta marcada não está mais disponível.", "An offer you ticked is no longer available.")
    }
    public var methodNotAccepted: String {
        text("Este plano não aceita essa forma de pagamento.", "This plan does not take that payment method.")
    }
    public var buyerNameRequired: String { text("Informe seu nome.", "Enter your name.") }
}
