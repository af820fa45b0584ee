import Foundation

// E-mail: every message's words, in the member's language.
extension Copy {
    public var mailUnsubscribeLine: String {
        text("Não quer mais receber e-mails como este?", "Don't want e-mails like this one any more?")
    }
    public var mailUnsubscribe: String { text("Cancelar inscrição", "Unsubscribe") }
    public func mailGreeting(_ name: String?) -> String {
        guard let name, !name.isEmpty else { return text("Olá!", "Hello!") }
        return text("Olá, \(name)!", "Hello, \(name)!")
    }

    // Password reset
    public func mailResetSubject(site: String) -> String {
        text("Redefina sua senha no \(site)", "Reset your password at \(site)")
    }
    public var mailResetHeading: String { text("Redefinir sua senha", "Reset your password") }
    public var mailResetBody: String {
        text(
            "Recebemos um pedido para redefinir a senha da sua conta. O link abaixo vale por 1 hora e pode ser usado uma vez; ao usá-lo, todas as sessões abertas da sua conta são encerradas.",
            "We received a request to reset your account's password. The link below works for 1 hour, once; using it signs out every open session of your account."
        )
    }
    public var mailResetButton: String { text("Escolher uma nova senha", "Choose a new password") }
    public var mailResetIgnore: String {
        text(
            "Se não foi você, ignore este e-mail: sua senha continua a mesma.",
            "If it wasn't you, ignore this e-mail: your password stays the same.")
    }

    // Welcome
    public func mailWelcomeSubject(site: String) -> String {
        text("Boas-vindas ao \(site)", "Welcome to \(site)")
    }
    public var mailWelcomeHeading: String { text("Sua conta está pronta", "Your account is ready") }
    public var mailWelcomeBody: String {
        text(
            "Confirme seu e-mail para garantir que você receba recibos e avisos da sua assinatura.",
            "Confirm your e-mail so that you receive your receipts and your subscription's notices.")
    }
    public var mailWelcomeButton: String { text("Confirmar meu e-mail", "Confirm my e-mail") }

    // Pix waiting
    public func mailPixWaitingSubject(amount: String) -> String {
        text("Seu Pix de \(amount) está esperando", "Your Pix of \(amount) is waiting")
    }
    public var mailPixWaitingHeading: String { text("Falta só pagar o Pix", "Only the Pix payment is left") }
    public func mailPixWaitingBody(expires: String) -> String {
        text(
            "Copie o código abaixo no app do seu banco (Pix copia e cola). Ele vale até \(expires).",
            "Paste the code below into your bank's app (Pix copia e cola). It is valid until \(expires).")
    }
    public var mailPixWaitingButton: String { text("Abrir a página de pagamento", "Open the payment page") }
    public var mailAmount: String { text("Valor", "Amount") }
    public var mailValidUntil: String { text("Válido até", "Valid until") }

    // Receipt
    public func mailReceiptSubject(site: String) -> String {
        text("Recibo da sua compra no \(site)", "Receipt for your purchase at \(site)")
    }
    public var mailReceiptHeading: String { text("Pagamento confirmado", "Payment confirmed") }
    public var mailReceiptBody: String {
        text("Obrigado! Seu acesso já está liberado.", "Thank you! Your access is open now.")
    }
    public var mailReceiptPlan: String { text("Plano", "Plan") }
    public var mailReceiptTotal: String { text("Total", "Total") }
    public var mailReceiptDate: String { text("Data", "Date") }
    public var mailReceiptCPF: String { text("CPF", "CPF") }
    public var mailReceiptOrder: String { text("Pedido", "Order") }
    public var mailReceiptMethod: String { text("Forma de pagamento", "Payment method") }
    public var mailOpenAccount: String { text("Ver minha conta", "See my account") }

    // Refund
    public func mailRefundSubject(site: String, chargeback: Bool) -> String {
        chargeback
            ? text("Contestação do seu pagamento no \(site)", "Chargeback of your payment at \(site)")
            : text("Reembolso da sua compra no \(site)", "Refund of your purchase at \(site)")
    }
    public func mailRefundHeading(chargeback: Bool) -> String {
        chargeback
            ? text("Pagamento contestado", "Payment charged back") : text("Compra reembolsada", "Purchase refunded")
    }
    public func mailRefundBody(amount: String, chargeback: Bool) -> String {
        chargeback
            ? text(
                "O pagamento de \(amount) foi contestado junto ao seu banco, e o acesso ligado a ele foi encerrado.",
                "The payment of \(amount) was disputed with your bank, and the access it opened has ended.")
            : text(
                "Reembolsamos \(amount). O acesso ligado a esta compra foi encerrado.",
                "We refunded \(amount). The access this purchase opened has ended.")
    }

    // Recovery
    public func mailRecoverySubject(plan: String) -> String {
        text("Sua assinatura \(plan) ficou pela metade", "Your \(plan) subscription is half done")
    }
    public var mailRecoveryHeading: String { text("Ainda dá tempo", "There's still time") }
    public var mailRecoveryBody: String {
        text(
            "Você começou uma compra e não concluiu. Tudo o que você escolheu continua guardado.",
            "You started a purchase and didn't finish it. Everything you chose is still saved.")
    }
    public var mailRecoveryButton: String { text("Concluir minha compra", "Finish my purchase") }

    // Renewal reminders
    public func mailReminderSubject(plan: String, daysLeft: Int) -> String {
        switch daysLeft {
        case 0: text("Sua assinatura \(plan) termina hoje", "Your \(plan) subscription ends today")
        case 1: text("Sua assinatura \(plan) termina amanhã", "Your \(plan) subscription ends tomorrow")
        default:
            text(
                "Sua assinatura \(plan) termina em \(daysLeft) dias",
                "Your \(plan) subscription ends in \(daysLeft) days")
        }
    }
    public func mailReminderHeading(daysLeft: Int) -> String {
        daysLeft == 0
            ? text("Seu acesso termina hoje", "Your access ends today")
            : text("Renove para não perder o acesso", "Renew to keep your access")
    }
    public func mailReminderBody(ends: String) -> String {
        text(
            "Seu acesso vai até \(ends). Renove para continuar vendo tudo.",
            "Your access lasts until \(ends). Renew to keep seeing everything.")
    }
    public var mailReminderButton: String { text("Renovar agora", "Renew now") }
    public func mailWillRenewSubject(plan: String) -> String {
        text("Sua assinatura \(plan) será renovada", "Your \(plan) subscription will renew")
    }
    public func mailWillRenewBody(on day: String) -> String {
        text("Sua assinatura será renovada automaticamente em \(day).", "Your subscription renews by itself on \(day).")
    }

    // A declined renewal
    public func mailDeclinedSubject(plan: String) -> String {
        text("Não conseguimos renovar sua assinatura \(plan)", "We couldn't renew your \(plan) subscription")
    }
    public var mailDeclinedHeading: String { text("A cobrança foi recusada", "The charge was declined") }
    public func mailDeclinedBody(amount: String, until: String) -> String {
        text(
            "O cartão recusou a renovação de \(amount). Seu acesso continua até \(until), e tentaremos cobrar de novo até lá. Para não perder o acesso, você pode pagar agora por Pix ou com outro cartão.",
            "Your card declined the \(amount) renewal. Your access lasts until \(until), and we'll try the charge again until then. To keep your access, you can pay now by Pix or with another card."
        )
    }
    public var mailDeclinedButton: String { text("Pagar agora", "Pay now") }

    // To the operator
    public func mailSaleSubject(amount: String) -> String { text("Nova venda: \(amount)", "New sale: \(amount)") }
    public var mailSaleHeading: String { text("Você fez uma venda", "You made a sale") }
    public var mailSaleBuyer: String { text("Comprador", "Buyer") }
    public var mailSaleButton: String { text("Ver o checkout", "See the checkout") }

    // Test
    public func mailTestSubject(site: String) -> String {
        text("E-mail de teste do \(site)", "Test e-mail from \(site)")
    }
    public var mailTestHeading: String { text("O envio de e-mails funciona", "Sending e-mail works") }
    public var mailTestBody: String {
        text(
            "Se você está lendo isto, o \("CreatorFlix") consegue enviar e-mails com a configuração atual.",
            "If you are reading this, CreatorFlix can send e-mail with the current configuration.")
    }
}

// Consent: the mail a member may stop.
extension Copy {
    /// A category of mail a member may stop, by its raw value.
    public func mailCategory(_ category: some RawRepresentable<String>) -> String {
        switch category.rawValue {
        case "renewal_reminders": text("lembretes de renovação", "renewal reminders")
        case "recovery": text("e-mails sobre compras não concluídas", "e-mails about unfinished purchases")
        default: category.rawValue
        }
    }
    public func unsubscribeQuestion(_ category: String) -> String {
        text("Parar de receber \(category)?", "Stop getting \(category)?")
    }
    public var unsubscribed: String { text("Inscrição cancelada", "Unsubscribed") }
    public func unsubscribedFrom(_ category: String) -> String {
        text(
            "Você não vai mais receber \(category). Recibos e avisos da sua conta continuam chegando.",
            "You won't get \(category) any more. Receipts and your account's notices still arrive.")
    }
    public var manageEmailsInAccount: String {
        text("Escolher os e-mails na sua conta", "Choose your e-mails in your account")
    }
    public var emailPreferences: String { text("E-mails", "E-mails") }
    public func wantsCategory(_ category: String) -> String { text("Receber \(category)", "Get \(category)") }
    public var savePreferences: String { text("Salvar preferências", "Save preferences") }
    public var preferencesSaved: String { text("Preferências salvas.", "Preferences saved.") }
}

// The admin's outbox.
extension Copy {
    public var emailsArea: String { text("E-mails", "E-mails") }
    public var emailPreviews: String { text("Modelos de e-mail", "E-mail templates") }
    public var noEmails: String { text("Nenhum e-mail por aqui.", "No e-mail here.") }
    public var emailRecipient: String { text("Para", "To") }
    public var emailSubject: String { text("Assunto", "Subject") }
    public var emailKind: String { text("Tipo", "Kind") }
    public var emailAttempts: String { text("Tentativas", "Attempts") }
    public var emailLastError: String { text("Último erro", "Last error") }
    public var emailSentAt: String { text("Enviado em", "Sent at") }
    public var emailQueuedAt: String { text("Na fila desde", "Queued at") }
    public var emailNextAttempt: String { text("Próxima tentativa", "Next attempt") }
    public var emailTextPart: String { text("Texto", "Text") }
    public var emailHTMLPart: String { text("HTML", "HTML") }
    public var resendEmail: String { text("Enviar de novo", "Send again") }
    public var emailResent: String { text("E-mail colocado na fila de novo.", "E-mail queued again.") }
    public var sendTestEmail: String { text("Enviar e-mail de teste", "Send a test e-mail") }
    public var testEmailAddress: String { text("Endereço", "Address") }
    public var testEmailQueued: String {
        text("E-mail de teste na fila; ele sai em segundos.", "Test e-mail queued; it goes out within seconds.")
    }
    public var anyStatus: String { text("Qualquer situação", "Any status") }
    public var anyKind: String { text("Qualquer tipo", "Any kind") }
    public var failedEmailsLastDay: String {
        text("E-mails que falharam nas últimas 24 h", "E-mails that failed in the last 24 h")
    }
    public func mailStatus(_ status: some RawRepresentable<String>) -> String {
        switch status.rawValue {
        case "pending": text("Na fila", "Queued")
        case "sending": text("Enviando", "Sending")
        case "sent": text("Enviado", "Sent")
        case "failed": text("Falhou", "Failed")
        case "suppressed":
            text("Não enviado (inscrição cancelada ou endereço recusado)", "Not sent (unsubscribed or bouncing)")
        default: status.rawValue
        }
    }
    public func mailKind(_ kind: some RawRepresentable<String>) -> String {
        switch kind.rawValue {
        case "password_reset": text("Redefinição de senha", "Password reset")
        case "welcome": text("Boas-vindas", "Welcome")
        case "pix_waiting": text("Pix aguardando", "Pix waiting")
        case "receipt": text("Recibo", "Receipt")
        case "refund": text("Reembolso", "Refund")
        case "recovery": text("Recuperação de checkout", "Checkout recovery")
        case "renewal_reminder": text("Lembrete de renovação", "Renewal reminder")
        case "renewal_declined": text("Renovação recusada", "Renewal declined")
        case "sale_notification": text("Aviso de venda", "Sale notice")
        case "test": text("Teste", "Test")
        default: kind.rawValue
        }
    }
}
