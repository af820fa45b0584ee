// Sign-up, sign-in, the account page and passwords.
extension Copy {
    public var name: String { text("Nome", "Name") }
    public var email: String { text("E-mail", "E-mail") }
    public var password: String { text("Senha", "Password") }
    public var currentPassword: String { text("Senha atual", "Current password") }
    public var newPassword: String { text("Nova senha", "New password") }
    public var signInHeading: String { text("Entrar na sua conta", "Sign in to your account") }
    public var signUpHeading: String { text("Criar sua conta", "Create your account") }
    public var noAccountYet: String { text("Ainda não tem conta?", "No account yet?") }
    public var haveAccountAlready: String { text("Já tem conta?", "Already have an account?") }
    public func passwordHint(minimum: Int) -> String {
        text("Pelo menos \(minimum) caracteres.", "At least \(minimum) characters.")
    }

    public var nameRequired: String { text("Informe seu nome.", "Enter your name.") }
    public var nameTooLong: String {
        text("O nome pode ter até 100 caracteres.", "The name can have up to 100 characters.")
    }
    public var emailInvalid: String { text("Informe um e-mail válido.", "Enter a valid e-mail address.") }
    public var emailTaken: String {
        text(
            "Já existe uma conta com este e-mail. Entre com ela ou use outro e-mail.",
            "There is already an account with this e-mail. Sign in with it or use another e-mail.")
    }
    public func passwordTooShort(minimum: Int) -> String {
        text(
            "A senha precisa ter pelo menos \(minimum) caracteres.",
            "The password needs at least \(minimum) characters.")
    }
    public var passwordTooLong: String {
        text("A senha pode ter até 72 caracteres.", "The password can have up to 72 characters.")
    }
    public var wrongCredentials: String { text("E-mail ou senha incorretos.", "Wrong e-mail or password.") }
    public var wrongCurrentPassword: String { text("A senha atual não confere.", "The current password is wrong.") }
    public var controlCharactersRefused: String {
        text(
            "Tem caracteres de controle (invisíveis, como o NUL); apague-os e escreva de novo.",
            "Has control characters (invisible ones, such as NUL); delete them and type it again.")
    }
    public var fixTheFields: String { text("Corrija os campos destacados.", "Please correct the highlighted fields.") }

    public var accountHeading: String { text("Minha conta", "My account") }
    public var subscriptionHeading: String { text("Assinatura", "Subscription") }
    public var noSubscription: String { text("Você ainda não tem uma assinatura.", "You have no subscription yet.") }
    public var subscriptionActive: String { text("Assinatura ativa", "Active subscription") }
    public var subscriptionExpired: String { text("Assinatura expirada", "Subscription expired") }
    public var subscriptionPending: String { text("Pagamento pendente", "Payment pending") }
    public var subscriptionPastDue: String {
        text("Renovação recusada: acesso mantido por alguns dias", "Renewal declined: access kept for a few days")
    }
    public func activeUntil(_ day: String) -> String { text("Válida até \(day)", "Valid until \(day)") }
    public func expiredOn(_ day: String) -> String { text("Expirou em \(day)", "Expired on \(day)") }
    public var plan: String { text("Plano", "Plan") }
    public var since: String { text("Desde", "Since") }
    public var until: String { text("Até", "Until") }
    public var status: String { text("Situação", "Status") }
    public var subscriptionHistory: String { text("Histórico de assinaturas", "Subscription history") }
    public var changePassword: String { text("Alterar senha", "Change password") }
    public var passwordChanged: String {
        text(
            "Senha alterada. Suas outras sessões foram encerradas.",
            "Password changed. Your other sessions were signed out.")
    }
    public var signedUp: String { text("Conta criada. Bem-vindo!", "Account created. Welcome!") }
    public var memberSince: String { text("Membro desde", "Member since") }
    public var save: String { text("Salvar", "Save") }
}

// Password reset.
extension Copy {
    public var passwordResetRequired: String {
        text(
            "Esta conta veio da plataforma anterior e precisa de uma nova senha. Enviamos para o seu e-mail um link "
                + "para criá-la.",
            "This account came from the previous platform and needs a new password. We've e-mailed you a link to "
                + "set one.")
    }
    public var resetLinkInvalid: String {
        text(
            "Este link de redefinição é inválido, já foi usado ou expirou. Peça um novo.",
            "This reset link is invalid, was used already or has expired. Ask for a new one.")
    }
    public var forgotPassword: String { text("Esqueci minha senha", "I forgot my password") }
    public var forgotPasswordHeading: String { text("Redefinir a senha", "Reset your password") }
    public var forgotPasswordIntro: String {
        text(
            "Informe o e-mail da sua conta. Enviaremos um link para você escolher uma nova senha.",
            "Enter your account's e-mail. We'll send you a link to choose a new password.")
    }
    public var sendResetLink: String { text("Enviar link", "Send link") }
    public var resetLinkSentHeading: String { text("Confira seu e-mail", "Check your e-mail") }
    public func resetLinkSent(_ email: String) -> String {
        text(
            "Se houver uma conta com o e-mail \(email), enviamos para ele um link que vale por 1 hora. Confira também a caixa de spam.",
            "If there is an account with the e-mail \(email), we sent it a link that works for 1 hour. Check your spam folder too."
        )
    }
    public var setNewPassword: String { text("Salvar a nova senha", "Save the new password") }
    public var resetPasswordHeading: String { text("Escolha uma nova senha", "Choose a new password") }
    public var resetPasswordIntro: String {
        text(
            "Ao salvar, todas as sessões abertas da sua conta são encerradas.",
            "Saving it signs out every open session of your account.")
    }
    public var passwordWasReset: String {
        text("Senha alterada. Entre com a nova senha.", "Password changed. Sign in with the new one.")
    }
    public var askForANewLink: String { text("Pedir um novo link", "Ask for a new link") }
}

// E-mail confirmation.
extension Copy {
    public var emailConfirmationHeading: String { text("Confirmação do e-mail", "E-mail confirmation") }
    public var emailConfirmed: String {
        text("Seu e-mail está confirmado. Obrigado!", "Your e-mail is confirmed. Thank you!")
    }
    public var confirmationLinkInvalid: String {
        text(
            "Este link de confirmação é inválido, já foi usado ou expirou.",
            "This confirmation link is invalid, was used already or has expired.")
    }
    public func confirmedOn(_ moment: String) -> String { text("Confirmado em \(moment)", "Confirmed on \(moment)") }
    public var notConfirmed: String { text("Não confirmado", "Not confirmed") }
    public var emailBouncing: String {
        text("E-mail recusado pelo servidor desde", "E-mail refused by the server since")
    }
}
