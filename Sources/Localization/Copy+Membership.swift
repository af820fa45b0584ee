import Foundation

/// The member's own subscription (`/conta/assinatura`), its payments and receipts.
extension Copy {
    public var mySubscription: String { text("Minha assinatura", "My subscription") }
    public var manageSubscription: String {
        text("Gerenciar assinatura e pagamentos", "Manage subscription and payments")
    }
    public var seePlans: String { text("Ver os planos", "See the plans") }
    public var myPayments: String { text("Pagamentos", "Payments") }
    public var noPaymentsYet: String { text("Nenhum pagamento ainda.", "No payments yet.") }
    public var backToAccount: String { text("Voltar para Minha conta", "Back to My account") }
    public var renewal: String { text("Renovação", "Renewal") }
    /// A payment method's name in a sentence ("no cartão de crédito"); the admin's tables use `card`.
    public func methodName(isCard: Bool) -> String {
        isCard ? text("cartão de crédito", "credit card") : "Pix"
    }
    public func renewalByItself(isCard: Bool) -> String {
        isCard
            ? text("Automática, no \(methodName(isCard: true))", "Automatic, by \(methodName(isCard: true))")
            : text(
                "Automática, por Pix Automático: seu banco paga cada período no vencimento",
                "Automatic, by Pix Automático: your bank pays each period when due")
    }
    public func renewalTurnedOff(on day: String, accessUntil: String) -> String {
        text(
            "Desligada em \(day). Seu acesso continua até \(accessUntil), e nada mais é cobrado.",
            "Turned off on \(day). Your access lasts until \(accessUntil), and nothing more is charged.")
    }
    public var renewalByHand: String {
        text(
            "Manual: avisamos por e-mail antes do fim, com um link para pagar o próximo período.",
            "By hand: we e-mail you before the end, with a link to pay for the next period.")
    }
    public var renewalNone: String { text("Plano avulso, sem renovação", "A one-time plan, with no renewal") }
    public var accessUntil: String { text("Acesso até", "Access until") }
    public var accessUntilGrace: String { text("Acesso até (carência)", "Access until (grace)") }
    public var endedOn: String { text("Terminou em", "Ended on") }
    public var nextCharge: String { text("Próxima cobrança", "Next charge") }
    public func nextChargeLine(amount: String, method: String, on day: String) -> String {
        text("\(amount) no \(method), em \(day)", "\(amount) by \(method), on \(day)")
    }
    public var fromNextRenewal: String { text("Na próxima renovação, passa para", "From the next renewal") }
    public var turnRenewalOff: String { text("Cancelar a renovação", "Cancel renewal") }
    public var turnRenewalOn: String { text("Retomar a renovação", "Resume renewal") }
    public var payNowToKeepAccess: String { text("Pagar agora", "Pay now") }
    public var renewNow: String { text("Renovar agora", "Renew now") }
    public var subscribeAgain: String { text("Assinar de novo", "Subscribe again") }
    public var switchPlanLabel: String { text("Plano da próxima renovação", "Plan from the next renewal") }
    public func keepPlan(_ name: String) -> String { text("Manter \(name)", "Keep \(name)") }
    public var switchPlanHint: String {
        text(
            "A troca vale a partir da próxima renovação; o período pago continua como está.",
            "The switch applies from the next renewal; the period already paid stays as it is.")
    }
    public var switchPlan: String { text("Salvar o plano", "Save the plan") }
    public var paidOn: String { text("Data", "Date") }
    public var receipt: String { text("Recibo", "Receipt") }
    public var paymentPaid: String { text("Pago", "Paid") }
    public var paymentRefunded: String { text("Estornado", "Refunded") }
    public func receiptNumber(_ id: Int) -> String { text("Recibo nº \(id)", "Receipt no. \(id)") }
    public var receiptIssuer: String { text("Emitido por", "Issued by") }
    public var receiptBuyer: String { text("Comprador", "Buyer") }
    public var receiptItem: String { text("Item", "Item") }
    public var receiptRefunded: String {
        text("Este pagamento foi estornado.", "This payment was refunded.")
    }
    public var receiptPrintHint: String {
        text(
            "Para guardar, use Imprimir no navegador e escolha Salvar como PDF.",
            "To keep it, use your browser's Print and choose Save as PDF.")
    }
    public var backToPayments: String { text("Voltar aos pagamentos", "Back to payments") }

    // Notices after a change
    public var renewalTurnedOffNotice: String {
        text(
            "Renovação cancelada. Seu acesso continua até o fim do período pago.",
            "Renewal cancelled. Your access lasts to the end of the period paid.")
    }
    public var renewalTurnedOnNotice: String {
        text("Renovação retomada: a assinatura continua sem interrupção.", "Renewal resumed: it continues with no gap.")
    }
    public var planSwitchSavedNotice: String {
        text("Plano salvo para a próxima renovação.", "Plan saved for the next renewal.")
    }

    // Refusals
    public var renewalProviderDidNotCancel: String {
        text(
            "O provedor de pagamento não confirmou o cancelamento da renovação, e nada mudou. Tente de novo em alguns minutos.",
            "The payment provider didn't confirm the renewal's cancellation, and nothing changed. Try again in a few minutes."
        )
    }
    public var renewalProviderMissing: String {
        text(
            "O gateway que renova esta assinatura não está mais configurado, então a renovação não pode ser cancelada daqui. Cancele no provedor ou fale com o suporte.",
            "The gateway that renews this subscription is no longer configured, so its renewal can't be cancelled from here. Cancel it at the provider or contact support."
        )
    }
    public var memberHasNoSubscription: String {
        text("Você não tem uma assinatura ativa.", "You have no running subscription.")
    }
    public var memberRenewsOnlyByHand: String {
        text(
            "Esta assinatura se renova só manualmente: pague o próximo período pelo link do plano.",
            "This subscription renews only by hand: pay for the next period through the plan's link.")
    }
    public var memberPlanNotSwitchable: String {
        text(
            "Não é possível trocar para esse plano. Escolha um plano recorrente da lista.",
            "You can't switch to that plan. Choose a recurring plan from the list.")
    }
    public var memberSubscriptionNotRecurring: String {
        text(
            "Só uma assinatura recorrente troca de plano na renovação.",
            "Only a recurring subscription switches plan at renewal.")
    }
}
