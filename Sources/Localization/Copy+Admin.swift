// The admin panel.
extension Copy {
    public var adminNavigation: String { text("Áreas do painel", "Admin areas") }
    public var dashboard: String { text("Visão geral", "Dashboard") }
    public var users: String { text("Usuários", "Users") }
    public var supportContacts: String { text("Contatos de suporte", "Support contacts") }
    public var settings: String { text("Configurações", "Settings") }
    public var backToSite: String { text("Ver o site", "View site") }
    public var userCount: String { text("Usuários", "Users") }
    public var activeSubscriptionCount: String { text("Assinaturas ativas", "Active subscriptions") }
    public var pendingCheckoutCount: String { text("Checkouts pendentes", "Pending checkouts") }
    /// A value an adopted database kept (`migrate --keep-values`) that the site reads as none of its own.
    public func keptFromTheOriginalApp(_ value: String) -> String {
        text("\(value) (mantido do app original)", "\(value) (kept from the original app)")
    }
}

// Admin: users.
extension Copy {
    public var searchByEmailOrName: String { text("Buscar por e-mail ou nome", "Search by e-mail or name") }
    public var search: String { text("Buscar", "Search") }
    public var newUser: String { text("Novo usuário", "New user") }
    public var create: String { text("Criar", "Create") }
    public var role: String { text("Papel", "Role") }
    public var roleAdmin: String { text("Administrador", "Admin") }
    public var roleUser: String { text("Usuário", "User") }
    public var createdAt: String { text("Criado em", "Created") }
    public var noUsersFound: String { text("Nenhum usuário encontrado.", "No users found.") }
    public func usersFound(_ count: Int) -> String {
        count == 1 ? text("1 usuário", "1 user") : text("\(count) usuários", "\(count) users")
    }
    public var previousPage: String { text("← Anterior", "← Previous") }
    public var nextPage: String { text("Próxima →", "Next →") }
    public func pageNumber(_ page: Int) -> String { text("Página \(page)", "Page \(page)") }
    public var details: String { text("Dados", "Details") }
    public var changeRole: String { text("Alterar papel", "Change role") }
    public var resetPassword: String { text("Redefinir senha", "Reset password") }
    public var resetPasswordHint: String {
        text("O usuário será desconectado de todos os aparelhos.", "The user will be signed out on every device.")
    }
    public var deleteUser: String { text("Excluir usuário", "Delete user") }
    public var delete: String { text("Excluir", "Delete") }
    public var edit: String { text("Editar", "Edit") }
    public var checkouts: String { text("Checkouts", "Checkouts") }
    public var noCheckouts: String { text("Nenhum checkout.", "No checkouts.") }
    public var noSubscriptions: String { text("Nenhuma assinatura.", "No subscriptions.") }
    public var amount: String { text("Valor", "Amount") }
    public var paymentMethod: String { text("Pagamento", "Payment") }
    public var date: String { text("Data", "Date") }
    public var saved: String { text("Alterações salvas.", "Changes saved.") }
    public var userCreated: String { text("Usuário criado.", "User created.") }
    public var userDeleted: String { text("Usuário excluído.", "User deleted.") }
    public var passwordReset: String { text("Senha redefinida.", "Password reset.") }
    public var lastAdminRefused: String {
        text(
            "Este é o último administrador: promova outro usuário antes de rebaixar ou excluir este.",
            "This is the last admin: promote another user before demoting or deleting this one.")
    }
    public var cannotDeleteYourself: String {
        text(
            "Você não pode excluir a própria conta pelo painel.",
            "You can't delete your own account from the admin panel.")
    }
    public var hasPurchaseHistory: String {
        text(
            "Este usuário tem assinaturas ou checkouts, que são registros financeiros: ele não pode ser excluído.",
            "This user has subscriptions or checkouts, which are financial records: the account can't be deleted.")
    }
    public func paymentMethodName(_ raw: String) -> String {
        switch raw {
        case "pix": "Pix"
        case "credit_card": text("Cartão de crédito", "Credit card")
        default: raw
        }
    }
    public func checkoutStatus(_ raw: String) -> String {
        switch raw {
        case "pending": text("Pendente", "Pending")
        case "paid": text("Pago", "Paid")
        case "failed": text("Falhou", "Failed")
        case "abandoned": text("Abandonado", "Abandoned")
        default: raw
        }
    }
}

// Admin: support contacts.
extension Copy {
    public var platform: String { text("Canal", "Channel") }
    public var platformHint: String {
        text("Como aparece no rodapé, ex.: WhatsApp.", "As shown in the footer, e.g. WhatsApp.")
    }
    public var link: String { text("Link", "Link") }
    public var linkHint: String {
        text(
            "https://wa.me/55…, https://t.me/…, mailto:… ou tel:…",
            "https://wa.me/55…, https://t.me/…, mailto:… or tel:…")
    }
    public var active: String { text("Ativo", "Active") }
    public var inactive: String { text("Inativo", "Inactive") }
    public var newSupportContact: String { text("Novo contato", "New contact") }
    public var noSupportContacts: String { text("Nenhum contato cadastrado.", "No contacts yet.") }
    public var platformMissing: String { text("Informe o nome do canal.", "Enter the channel's name.") }
    public var platformTooLong: String {
        text("O nome pode ter até 40 caracteres.", "The name can have up to 40 characters.")
    }
    public var supportContactUnknown: String {
        text("Esse contato de suporte não existe.", "There is no such support contact.")
    }
    public var contactURLInvalid: String {
        text("Use um link https://, http://, mailto: ou tel:.", "Use an https://, http://, mailto: or tel: link.")
    }
    public var contactCreated: String { text("Contato criado.", "Contact created.") }
    public var contactDeleted: String { text("Contato excluído.", "Contact deleted.") }
    public var editSupportContact: String { text("Editar contato", "Edit contact") }
}

// Admin: settings.
extension Copy {
    public var siteSettings: String { text("Configurações do site", "Site settings") }
    public var freeSettings: String { text("Chaves livres", "Free keys") }
    public var freeSettingsHint: String {
        text(
            "Valores para integrações e usos próprios; o site não os lê.",
            "Values for your own integrations; the site does not read them.")
    }
    public var key: String { text("Chave", "Key") }
    public var value: String { text("Valor", "Value") }
    public var addSetting: String { text("Adicionar chave", "Add key") }
    public var noFreeSettings: String { text("Nenhuma chave livre.", "No free keys.") }
    public var settingDeleted: String { text("Chave excluída.", "Key deleted.") }

    public func settingLabel(_ key: String) -> String {
        switch key {
        case "site_name": text("Nome do site", "Site name")
        case "logo_url": text("Logo (URL)", "Logo (URL)")
        case "language": text("Idioma", "Language")
        case "support_text": text("Texto de atendimento", "Support text")
        case "tagline": text("Chamada da página inicial", "Home page tagline")
        case "whitelabel_sync_interval": text("Sincronização automática do whitelabel", "Automatic whitelabel sync")
        case "upload_max_image_mb": text("Tamanho máximo de imagem enviada (MB)", "Largest image upload (MB)")
        case "upload_max_video_mb": text("Tamanho máximo de vídeo enviado (MB)", "Largest video upload (MB)")
        case "checkout_abandon_minutes":
            text("Checkout abandonado após (minutos)", "Checkout abandoned after (minutes)")
        case "ads_event_retention_days": text("Eventos de anúncios guardados por (dias)", "Ad events kept for (days)")
        case "sign_ups_per_address_per_hour":
            text("Contas por endereço IP por hora", "Accounts per IP address per hour")
        case "open_checkouts_per_email": text("Checkouts em aberto por e-mail", "Open checkouts per e-mail")
        case "open_checkouts_per_cpf": text("Checkouts em aberto por CPF", "Open checkouts per CPF")
        case "payment_events_retention_days":
            text("Postbacks sem efeito guardados por (dias)", "Postbacks without effect kept for (days)")
        case "sale_notification_email": text("E-mail que recebe cada venda", "E-mail that gets each sale")
        case "recovery_emails": text("E-mails de recuperação", "Recovery e-mails")
        case "grace_days": text("Carência após renovação recusada (dias)", "Grace after a declined renewal (days)")
        default: key
        }
    }

    public func settingDescription(_ key: String) -> String {
        switch key {
        case "site_name":
            text(
                "Aparece no cabeçalho, no título das páginas e no rodapé.",
                "Shown in the header, page titles and footer.")
        case "logo_url":
            text(
                "Endereço https:// ou caminho do site (/…) de uma imagem quadrada. Vazio: sem logo.",
                "An https:// address or a site path (/…) of a square image. Empty: no logo.")
        case "language":
            text(
                "Português, inglês, ou o idioma do navegador de cada visitante.",
                "Portuguese, English, or each visitor's browser language.")
        case "support_text":
            text(
                "Frase acima dos contatos de suporte no rodapé.", "A sentence above the support contacts in the footer."
            )
        case "tagline":
            text("Frase sob o nome do site na página inicial.", "A sentence under the site name on the home page.")
        case "upload_max_video_mb":
            text(
                "O maior arquivo de vídeo que o painel aceita, em megabytes.",
                "The largest video file the admin panel accepts, in megabytes.")
        case "upload_max_image_mb":
            text(
                "O maior arquivo de imagem que o painel aceita, em megabytes.",
                "The largest image file the admin panel accepts, in megabytes.")
        case "checkout_abandon_minutes":
            text(
                "Depois de quantos minutos sem pagamento um checkout conta como abandonado e vai para a lista de recuperação (30 a 10080).",
                "After how many minutes without payment a checkout counts as abandoned and goes to the recovery list (30 to 10080)."
            )
        case "ads_event_retention_days":
            text(
                "Impressões e cliques individuais mais antigos que isso viram totais diários e são apagados; os totais ficam (1 a 3650).",
                "Single impressions and clicks older than this become daily totals and are deleted; the totals stay (1 to 3650)."
            )
        case "sign_ups_per_address_per_hour":
            text(
                "Quantas contas um mesmo endereço IP pode criar por hora, no cadastro e no checkout de visitantes (1 a 10000).",
                "How many accounts one IP address may make in an hour, by sign-up and visitor checkout (1 to 10000).")
        case "open_checkouts_per_email":
            text(
                "Quantos checkouts sem pagamento um e-mail pode ter abertos ao mesmo tempo; cada um abre uma cobrança no gateway (1 a 10000).",
                "How many unpaid checkouts one e-mail may have open at once; each opens a charge at the gateway (1 to 10000)."
            )
        case "open_checkouts_per_cpf":
            text(
                "Quantos checkouts sem pagamento um CPF pode ter abertos ao mesmo tempo (1 a 10000).",
                "How many unpaid checkouts one CPF may have open at once (1 to 10000).")
        case "recovery_emails":
            text(
                "Quem abandona um checkout recebe um e-mail, uma vez, com um link que o retoma (se não cancelou a inscrição).",
                "Whoever abandons a checkout gets one e-mail with a link that resumes it (unless they unsubscribed).")
        case "sale_notification_email":
            text(
                "Um aviso de cada venda paga vai para este endereço; vazio, nenhum.",
                "A notice of each paid sale goes to this address; empty sends none.")
        case "grace_days":
            text(
                "Quem tem a renovação recusada continua com acesso por esses dias, enquanto a cobrança é tentada de novo (0 a 30).",
                "A member whose renewal is declined keeps access for these days, while the charge is tried again (0 to 30)."
            )
        case "payment_events_retention_days":
            text(
                "Postbacks recusados, repetidos ou ignorados mais antigos que isso são apagados; os que mudaram um checkout ficam (1 a 3650).",
                "Rejected, repeated or ignored postbacks older than this are deleted; those that changed a checkout stay (1 to 3650)."
            )
        case "whitelabel_sync_interval":
            text(
                "De quantos em quantos minutos sincronizar o catálogo com o bucket; 0 desliga.",
                "How many minutes between syncs of the catalogue with the bucket; 0 turns it off.")
        default: ""
        }
    }

    public var languagePortuguese: String { text("Português (Brasil)", "Portuguese (Brazil)") }
    public var languageEnglish: String { text("Inglês", "English") }
    public var languageBrowser: String { text("Idioma do navegador", "Browser language") }

    public var settingRequired: String { text("Este campo é obrigatório.", "This field is required.") }
    public var settingTooLong: String { text("Texto longo demais.", "Text too long.") }
    public var settingNotAURL: String {
        text(
            "Use um endereço https:// ou um caminho que comece com /.",
            "Use an https:// address or a path starting with /.")
    }
    public var settingUnknownLanguage: String {
        text("Escolha um dos idiomas da lista.", "Pick one of the listed languages.")
    }
    public var settingBadKey: String {
        text("Use até 64 letras minúsculas, números, _, . ou -.", "Use up to 64 lower-case letters, digits, _, . or -.")
    }
    public var settingNotAMinuteCount: String {
        text("Informe um número de minutos de 0 a 10080.", "Enter a number of minutes from 0 to 10080.")
    }
    public var settingNotAnAbandonMinuteCount: String {
        text("Informe um número de minutos de 30 a 10080.", "Enter a number of minutes from 30 to 10080.")
    }
    public var settingNotALimit: String {
        text("Informe um número inteiro de 1 a 10000.", "Enter a whole number from 1 to 10000.")
    }
    public var settingUnknownKey: String { text("Essa configuração não existe.", "There is no such setting.") }
    public var settingNotAFlag: String { text("Escolha sim ou não.", "Choose yes or no.") }
    public var settingNotAnEmail: String {
        text("Informe um endereço de e-mail, como voce@exemplo.com.br.", "Enter an e-mail address, as you@example.com.")
    }
    public var settingNotAGraceDayCount: String {
        text("Informe um número de dias de 0 a 30.", "Enter a number of days from 0 to 30.")
    }
    public var settingNotADayCount: String {
        text("Informe um número de dias de 1 a 3650.", "Enter a number of days from 1 to 3650.")
    }
    public var settingNotAMegabyteCount: String {
        text("Informe um número de megabytes de 1 a 5000.", "Enter a number of megabytes from 1 to 5000.")
    }
    public var settingKnownKey: String {
        text("Esta chave é do site: edite-a acima.", "This key belongs to the site: edit it above.")
    }
}
