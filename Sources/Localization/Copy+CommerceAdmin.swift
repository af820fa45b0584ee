import Foundation

// Admin: payment gateways, checkouts, subscriptions and revenue.
extension Copy {
    public var paymentGateways: String { text("Pagamentos", "Payment gateways") }
    public var gatewaysIntro: String {
        text(
            "O gateway ativo recebe todos os pagamentos. Os segredos são guardados cifrados e nunca são mostrados de novo.",
            "The active gateway takes every payment. Secrets are stored encrypted and never shown again.")
    }
    public var newGateway: String { text("Novo gateway", "New gateway") }
    public var noGateways: String {
        text("Nenhum gateway configurado: o checkout fica fechado.", "No gateway configured: checkout is closed.")
    }
    public var provider: String { text("Provedor", "Provider") }
    public var postbackURL: String { text("URL de postback (webhook)", "Postback (webhook) URL") }
    public var postbackURLHint: String {
        text(
            "Cole este endereço no painel do provedor, nas notificações de pagamento.",
            "Paste this address into the provider's dashboard, under payment notifications.")
    }
    public var postbackURLNotPublic: String {
        text(
            "Este endereço não é https: defina PUBLIC_URL com o endereço público do site e salve o gateway de novo.",
            "This address is not https: set PUBLIC_URL to the site's public address and save the gateway again.")
    }
    /// The list's status: which methods a gateway takes.
    public func gatewayTakes(card: Bool, pix: Bool) -> String {
        switch (card, pix) {
        case (true, true): text("Recebe cartão e Pix", "Takes card and Pix")
        case (true, false): text("Recebe cartão", "Takes card")
        case (false, true): text("Recebe Pix", "Takes Pix")
        case (false, false): text("Inativo", "Inactive")
        }
    }
    public var gatewayTakes: String { text("Pagamentos que este gateway recebe", "Payments this gateway takes") }
    public var gatewayTakesHint: String {
        text(
            "Cada forma de pagamento vai para um só gateway: marcá-la aqui a tira do outro. Por exemplo, cartão pelo Mercado Pago e Pix pela API Pix.",
            "Each payment method goes to one gateway: ticking it here takes it from the other. For example, card through Mercado Pago and Pix through API Pix."
        )
    }
    public var gatewayTakesCard: String { text("Pagamentos por cartão", "Card payments") }
    public var gatewayTakesPix: String { text("Pagamentos por Pix", "Pix payments") }
    public var gatewayMethodNotTaken: String {
        text("Este provedor não recebe cartão.", "This provider doesn't take cards.")
    }
    public var gatewayPublicKey: String { text("Chave pública", "Public key") }
    public var sandboxPixKey: String {
        text("Chave Pix (nos QR codes do sandbox)", "Pix key (on the sandbox's QR codes)")
    }
    public var gatewaySecret: String { text("Segredo de assinatura dos postbacks", "Postback signing secret") }
    public var mercadoPagoAccessToken: String { text("Access token", "Access token") }
    public var mercadoPagoWebhookSecret: String {
        text("Assinatura secreta dos webhooks", "Webhooks' secret signature")
    }
    public var mercadoPagoWebhookSecretHint: String {
        text(
            "Só Mercado Pago: em Suas integrações → Webhooks. Guardada cifrada.",
            "Mercado Pago only: under Your integrations → Webhooks. Stored encrypted.")
    }
    public var secretSealedHint: String {
        text("Guardado cifrado; não será mostrado de novo.", "Stored encrypted; it won't be shown again.")
    }
    public var secretStoredHint: String {
        text(
            "Já configurado. Deixe vazio para manter; digite um novo para trocar.",
            "Already set. Leave empty to keep it; type a new one to replace it.")
    }
    public var gatewayProviderUnknown: String {
        text("Escolha Sandbox ou Mercado Pago.", "Choose Sandbox or Mercado Pago.")
    }
    public var gatewayProviderTaken: String {
        text(
            "Este provedor já tem um gateway; edite o existente.", "This provider has a gateway already; edit that one."
        )
    }
    public var gatewaySecretRequired: String { text("Informe o segredo.", "Enter the secret.") }
    public var gatewayWebhookSecretRequired: String {
        text("Informe a assinatura secreta dos webhooks.", "Enter the webhooks' secret signature.")
    }
    public var gatewaySecretTooLong: String {
        text("O segredo pode ter até 500 caracteres.", "The secret can have up to 500 characters.")
    }
    public var gatewayPublicKeyTooLong: String {
        text("A chave pode ter até 200 caracteres.", "The key can have up to 200 characters.")
    }
    public var gatewaySandboxInProduction: String {
        text(
            "Em produção o sandbox não pode ser ativado: seus pagamentos são de mentira. Defina ALLOW_SANDBOX_IN_PRODUCTION=true para um teste.",
            "In production the sandbox can't be activated: its payments are make-believe. Set ALLOW_SANDBOX_IN_PRODUCTION=true for a test."
        )
    }
    public var gatewayMustStayActive: String {
        text(
            "Esta forma de pagamento precisa de um gateway: marque-a em outro para tirá-la deste.",
            "This payment method needs a gateway: tick it on another to take it from this one.")
    }
    public var gatewayActiveDelete: String {
        text(
            "Este gateway recebe pagamentos: passe-os a outro antes de excluí-lo.",
            "This gateway takes payments: give them to another before deleting it.")
    }

    public var checkout: String { text("Checkout", "Checkout") }
    public var checkoutPending: String { text("Pendente", "Pending") }
    public var checkoutPaid: String { text("Pago", "Paid") }
    public var checkoutFailed: String { text("Recusado", "Failed") }
    public var checkoutAbandoned: String { text("Abandonado", "Abandoned") }
    public var card: String { text("Cartão", "Card") }
    public var any: String { text("Todos", "Any") }
    public var fromDay: String { text("De", "From") }
    public var toDay: String { text("Até", "To") }
    public var filter: String { text("Filtrar", "Filter") }
    public var abandonedForRecovery: String { text("Abandonados (para recuperar)", "Abandoned (to recover)") }
    public var exportCSV: String { text("Exportar CSV", "Export CSV") }
    public var customer: String { text("Cliente", "Customer") }
    public var paidAt: String { text("Pago em", "Paid at") }
    public var account: String { text("Conta", "Account") }
    public var recoveryLink: String { text("Link para retomar a compra", "Link to resume the purchase") }
    public var chargeID: String { text("Cobrança no provedor", "Provider's charge") }
    public var filterStatusUnknown: String { text("Situação desconhecida.", "Unknown status.") }
    public var filterMethodUnknown: String { text("Forma de pagamento desconhecida.", "Unknown payment method.") }
    public var filterDateInvalid: String { text("Use uma data como 2026-11-25.", "Use a date such as 2026-11-25.") }
    public var postbackHistory: String { text("Postbacks recebidos", "Postbacks received") }
    public var noPostbacks: String {
        text("Nenhum postback recebido para este checkout.", "No postback received for this checkout.")
    }
    public var receivedAt: String { text("Recebido em", "Received at") }
    public var verified: String { text("Assinatura válida", "Signature valid") }
    public var outcome: String { text("Resultado", "Outcome") }
    public var detail: String { text("Detalhe", "Detail") }
    public var yes: String { text("Sim", "Yes") }
    public var no: String { text("Não", "No") }
    public var simulatePaymentHint: String {
        text(
            "Sandbox: envia ao nosso webhook, por HTTP, o postback assinado que o provedor enviaria.",
            "Sandbox: sends our webhook, over HTTP, the signed postback the provider would send.")
    }
    public var simulatePaid: String { text("Simular pagamento", "Simulate payment") }
    public var simulateFailed: String { text("Simular recusa", "Simulate decline") }
    public var simulateRefund: String { text("Simular estorno", "Simulate refund") }
    public var postbackSent: String {
        text("Postback enviado e aceito pelo webhook.", "Postback sent and accepted by the webhook.")
    }
    public var postbackRefused: String {
        text(
            "O postback não foi aceito; veja o histórico abaixo e o log.",
            "The postback was not accepted; see the history below and the log.")
    }

    public var subscriptionsArea: String { text("Assinaturas", "Subscriptions") }
    public var grantSubscription: String { text("Conceder dias de assinatura", "Grant subscription days") }
    public var subscriberEmail: String { text("E-mail do assinante", "Subscriber's e-mail") }
    public var grantDaysHint: String {
        text(
            "Somados ao fim da assinatura em curso, ou a partir de agora.",
            "Added to the end of the running subscription, or from now.")
    }
    public var auditNote: String { text("Motivo (fica no registro)", "Reason (kept in the log)") }
    public var grant: String { text("Conceder", "Grant") }
    public var extend: String { text("Estender", "Extend") }
    public var expireNow: String { text("Encerrar agora", "Expire now") }
    public var expired: String { text("Expirada", "Expired") }
    public var pastDue: String { text("Renovação recusada (em carência)", "Renewal declined (in grace)") }
    public var startsOn: String { text("Início", "Start") }
    public var endsOn: String { text("Fim", "End") }
    public var actions: String { text("Ações", "Actions") }
    public var auditLog: String { text("Registro de alterações manuais", "Manual changes log") }
    public var noAuditEntries: String { text("Nenhuma alteração manual ainda.", "No manual changes yet.") }
    public var when: String { text("Quando", "When") }
    public var admin: String { text("Admin", "Admin") }
    public var action: String { text("Ação", "Action") }
    public var auditGranted: String { text("Concedida", "Granted") }
    public var auditExtended: String { text("Estendida", "Extended") }
    public var auditExpired: String { text("Encerrada", "Expired") }
    public var auditRenewalStopped: String { text("Renovação desligada", "Renewal stopped") }
    public var stopRenewal: String { text("Desligar renovação", "Stop renewal") }
    public var renewalAutomatic: String { text("Automática", "Automatic") }
    public var renewalStopped: String { text("Desligada", "Stopped") }
    public var renewalManual: String { text("Manual", "By hand") }
    public func graceUntil(_ day: String) -> String { text("carência até \(day)", "grace until \(day)") }
    public var subscriptionRenewalNotOn: String {
        text("Essa assinatura não renova sozinha.", "This subscription doesn't renew by itself.")
    }
    public var grantUserUnknown: String { text("Nenhuma conta com este e-mail.", "No account has this e-mail.") }
    public var grantPlanUnknown: String { text("Escolha um dos planos.", "Choose one of the plans.") }
    public var grantDaysInvalid: String { text("De 1 a 3650 dias.", "1 to 3650 days.") }
    public var subscriptionAlreadyExpired: String {
        text("Esta assinatura já está encerrada.", "This subscription has already ended.")
    }
    public var subscriptionUnknown: String { text("Essa assinatura não existe.", "There is no such subscription.") }
    public var subscriptionChanged: String {
        text("Assinatura alterada e registrada.", "Subscription changed and logged.")
    }

    public var revenue: String { text("Receita", "Revenue") }
    public var monthlyRecurringRevenue: String {
        text("Receita recorrente mensal (MRR)", "Monthly recurring revenue (MRR)")
    }
    public var mrrPerMonth: String { text("MRR no fim de cada mês (12 meses)", "MRR at each month's end (12 months)") }
    public var mrrHint: String {
        text(
            "Cada assinatura recorrente com um ciclo pago em vigor, pelo preço da renovação dividido em meses. O mês atual mostra o MRR de agora.",
            "Each recurring subscription with a paid cycle in force, at its renewal price spread over months. The current month shows MRR now."
        )
    }
    public var renewalsPerMonth: String { text("Renovações por mês", "Renewals per month") }
    public func renewalsCaption(paid: Int, declined: Int) -> String {
        text("\(paid) pagas · \(declined) recusadas", "\(paid) paid · \(declined) declined")
    }
    public var churnPerMonth: String {
        text("Cancelamentos e encerramentos por mês", "Cancellations and endings per month")
    }
    public var churnHint: String {
        text(
            "Cancelamentos: renovações desligadas no mês. Encerradas: assinaturas cujo acesso acabou no mês (estornos incluídos).",
            "Cancellations: renewals turned off that month. Ended: subscriptions whose access ended that month (refunds included)."
        )
    }
    public func churnCaption(cancelled: Int, ended: Int) -> String {
        text("\(cancelled) canceladas · \(ended) encerradas", "\(cancelled) cancelled · \(ended) ended")
    }
    public var recurringByMonth: String { text("Recorrência mês a mês", "Recurring, month by month") }
    public var month: String { text("Mês", "Month") }
    public var renewalsPaid: String { text("Renovações pagas", "Renewals paid") }
    public var renewalRevenue: String { text("Receita de renovações", "Renewal revenue") }
    public var renewalsDeclined: String { text("Renovações recusadas", "Renewals declined") }
    public var cancellations: String { text("Cancelamentos", "Cancellations") }
    public var endedSubscriptions: String { text("Encerradas", "Ended") }
    public var pastDueSubscriptions: String { text("Assinaturas em atraso", "Past-due subscriptions") }
    public var noPastDue: String { text("Nenhuma assinatura em atraso.", "No subscription is past due.") }
    public var graceEnds: String { text("Carência até", "Grace until") }
    public var renewalAmount: String { text("Valor da renovação", "Renewal amount") }
    public var revenueLast30Days: String { text("Receita paga, últimos 30 dias", "Paid revenue, last 30 days") }
    public var activeSubscribers: String { text("Assinantes ativos", "Active subscribers") }
    public var expiringThisWeek: String { text("Vencem nos próximos 7 dias", "Ending in the next 7 days") }
    public var noneExpiring: String {
        text("Nenhuma assinatura vence nos próximos 7 dias.", "No subscription ends in the next 7 days.")
    }
    public var paidRevenuePerDay: String { text("Receita paga por dia (30 dias)", "Paid revenue per day (30 days)") }
    public var conversionByMethod: String { text("Conversão por forma de pagamento", "Conversion by payment method") }
    public var conversionHint: String {
        text(
            "Checkouts criados nos últimos 30 dias que foram pagos.",
            "Checkouts created in the last 30 days that were paid.")
    }
    public var bumpTakeRate: String { text("Aceitação das ofertas adicionais", "Order bump take rate") }
    public func paymentsCount(_ count: Int) -> String {
        count == 1 ? text("1 pagamento", "1 payment") : text("\(count) pagamentos", "\(count) payments")
    }
}

// Admin: an API Pix gateway (a PSP serving the Banco Central's standard API, with Pix Automático).
extension Copy {
    public var apiPixClientID: String { text("Client ID", "Client ID") }
    public var apiPixClientSecret: String { text("Client secret", "Client secret") }
    public var apiPixBaseURL: String { text("Endereço da API, com a versão", "API address, with its version") }
    public var apiPixBaseURLHint: String {
        text(
            "Por exemplo https://pix.seupsp.com.br/v2: os caminhos /cob, /rec e /cobr seguem este endereço.",
            "For example https://pix.yourpsp.com.br/v2: the paths /cob, /rec and /cobr follow this address.")
    }
    public var apiPixTokenURL: String { text("Endereço do token OAuth", "OAuth token address") }
    public var apiPixTokenFormat: String { text("Pedido do token", "Token request") }
    public var apiPixTokenFormatForm: String { text("Formulário (RFC 6749, a maioria)", "Form (RFC 6749, most PSPs)") }
    public var apiPixTokenFormatJSON: String { text("JSON (Efí)", "JSON (Efí)") }
    public var apiPixScopes: String {
        text("Escopos, separados por espaço (opcional)", "Scopes, space-separated (optional)")
    }
    public var apiPixPixKey: String { text("Chave Pix do recebedor", "The receiver's Pix key") }
    public var apiPixAccountBranch: String { text("Agência (até 4 dígitos)", "Branch (up to 4 digits)") }
    public var apiPixAccountNumber: String { text("Conta, com o dígito", "Account, with its check digit") }
    public var apiPixAccountHint: String {
        text(
            "A conta do recebedor no PSP, onde caem as cobranças recorrentes do Pix Automático. Sem ela, planos recorrentes não pedem autorização.",
            "The receiver's account at the PSP, which Pix Automático's recurring charges pay into. Without it, recurring plans ask for no authorisation."
        )
    }
    public var apiPixAccountKind: String { text("Tipo de conta", "Account type") }
    public var apiPixAccountChecking: String { text("Corrente", "Checking") }
    public var apiPixAccountSavings: String { text("Poupança", "Savings") }
    public var apiPixAccountPayment: String { text("Pagamento", "Payment") }
    public var apiPixClientCertificate: String {
        text("Certificado do cliente e sua chave privada (PEM)", "Client certificate and its private key (PEM)")
    }
    public var apiPixClientCertificateHint: String {
        text(
            "Cole o certificado que o PSP emitiu e a chave, um depois do outro. Um arquivo .p12 se converte com: openssl pkcs12 -in certificado.p12 -out certificado.pem -nodes. Guardado cifrado.",
            "Paste the certificate your PSP issued and its key, one after the other. A .p12 file converts with: openssl pkcs12 -in certificate.p12 -out certificate.pem -nodes. Stored encrypted."
        )
    }
    public var apiPixServerTrustRoots: String {
        text("Raízes confiáveis do servidor (PEM, opcional)", "Server trust roots (PEM, optional)")
    }
    public var apiPixServerTrustRootsHint: String {
        text(
            "Só para um servidor de homologação com CA própria; vazio confia nas CAs do sistema.",
            "Only for a homologation server on its own CA; empty trusts the system's CAs.")
    }
    public var apiPixWebhooksHint: String {
        text(
            "Ao salvar, os webhooks de Pix, de recorrências e de cobranças recorrentes são registrados no PSP com o endereço acima.",
            "On saving, the webhooks for Pix, recurrences and recurring charges are registered at the PSP with the address above."
        )
    }

    // Refusals
    public var gatewayClientIDRequired: String { text("Informe o client ID.", "Enter the client ID.") }
    public var gatewaySettingsRequired: String {
        text(
            "Informe o endereço da API, o do token e a chave Pix.",
            "Enter the API address, the token address and the Pix key.")
    }
    public var gatewayAddressNotHTTPS: String {
        text(
            "Use um endereço https:// (a API Pix só funciona com TLS).",
            "Use an https:// address (API Pix works over TLS only).")
    }
    public var gatewayPixKeyInvalid: String {
        text(
            "Informe a chave Pix do recebedor, com até 77 caracteres.",
            "Enter the receiver's Pix key, up to 77 characters.")
    }
    public var gatewayAccountNumberInvalid: String {
        text("A conta tem de 1 a 20 dígitos.", "The account is 1 to 20 digits.")
    }
    public var gatewayBranchInvalid: String { text("A agência tem de 1 a 4 dígitos.", "The branch is 1 to 4 digits.") }
    public var gatewayScopesTooLong: String {
        text("Os escopos passam de 500 caracteres.", "The scopes exceed 500 characters.")
    }
    public var gatewayTrustRootsNotPEM: String {
        text(
            "Cole certificados PEM (-----BEGIN CERTIFICATE-----).",
            "Paste PEM certificates (-----BEGIN CERTIFICATE-----).")
    }
    public var gatewayCertificateRequired: String {
        text("Cole o certificado do cliente e a chave privada.", "Paste the client certificate and its private key.")
    }
    public var gatewayCertificateNotPEM: String {
        text(
            "Não é um certificado PEM com a chave privada (-----BEGIN CERTIFICATE----- … -----BEGIN PRIVATE KEY-----). Converta um .p12 com openssl pkcs12 -in certificado.p12 -out certificado.pem -nodes.",
            "Not a PEM certificate with its private key (-----BEGIN CERTIFICATE----- … -----BEGIN PRIVATE KEY-----). Convert a .p12 with openssl pkcs12 -in certificate.p12 -out certificate.pem -nodes."
        )
    }
    public func gatewayCertificateExpired(_ date: Date) -> String {
        let day = SiteClock.day(date, in: language)
        return text(
            "O certificado venceu em \(day): peça um novo ao PSP.",
            "The certificate expired on \(day): ask the PSP for a new one.")
    }
    public func gatewayCertificateNotYetValid(_ date: Date) -> String {
        let day = SiteClock.day(date, in: language)
        return text("O certificado só vale a partir de \(day).", "The certificate is valid only from \(day).")
    }
    public var gatewayCertificateKeyMismatch: String {
        text("A chave privada não é a deste certificado.", "The private key does not belong to this certificate.")
    }
    public func gatewayCertificateUnusable(_ cause: String) -> String {
        text("O certificado não serve para TLS: \(cause)", "The certificate can't be used for TLS: \(cause)")
    }
    public func gatewayWebhooksNotRegistered(_ cause: String) -> String {
        text(
            "O gateway foi salvo, mas o PSP não registrou os webhooks: \(cause). Corrija e salve de novo.",
            "The gateway was saved, but the PSP did not register the webhooks: \(cause). Fix it and save again.")
    }
}
