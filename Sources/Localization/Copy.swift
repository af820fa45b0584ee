/// Every sentence a visitor or an operator reads, in Portuguese and English side by side, so no string can
/// exist in one language only. Views take a `Copy` for the request's language and never spell text themselves.
/// The catalogue is split by area (`Copy+Accounts.swift`, `Copy+Admin.swift`, …).
public struct Copy: Sendable {
    public let language: SiteLanguage

    public init(_ language: SiteLanguage) { self.language = language }

    /// Picks the variant for this catalogue's language.
    func text(_ portuguese: String, _ english: String) -> String {
        switch language {
        case .portuguese: portuguese
        case .english: english
        }
    }
}

// The frame every page sits in.
extension Copy {
    public var home: String { text("Início", "Home") }
    public var skipToContent: String { text("Pular para o conteúdo", "Skip to content") }
    public var mainNavigation: String { text("Navegação principal", "Main navigation") }
    public var signIn: String { text("Entrar", "Sign in") }
    public var signUp: String { text("Criar conta", "Sign up") }
    public var signOut: String { text("Sair", "Sign out") }
    public var myAccount: String { text("Minha conta", "My account") }
    public var adminPanel: String { text("Painel", "Admin") }
    public var support: String { text("Atendimento", "Support") }
    public func copyright(year: Int, siteName: String) -> String {
        text("© \(year) \(siteName). Todos os direitos reservados.", "© \(year) \(siteName). All rights reserved.")
    }
    public var defaultTagline: String {
        text("Conteúdo exclusivo das suas criadoras favoritas.", "Exclusive content from your favourite creators.")
    }
}

// Error pages.
extension Copy {
    public var notFoundTitle: String { text("Página não encontrada", "Page not found") }
    public var notFoundMessage: String {
        text(
            "O endereço que você abriu não existe ou foi removido.",
            "The address you opened does not exist or was removed.")
    }
    public var forbiddenTitle: String { text("Acesso negado", "Access denied") }
    public var forbiddenMessage: String {
        text("Sua conta não tem permissão para abrir esta página.", "Your account is not allowed to open this page.")
    }
    public var serverErrorTitle: String { text("Algo deu errado", "Something went wrong") }
    public var serverErrorMessage: String {
        text(
            "Tivemos um problema ao abrir esta página. Tente de novo em instantes.",
            "We had a problem opening this page. Please try again in a moment.")
    }
    public var badRequestTitle: String { text("Pedido inválido", "Bad request") }
    public var tooManyAttemptsTitle: String { text("Muitas tentativas", "Too many attempts") }
    public func tooManyAttempts(retryAfterSeconds seconds: Int) -> String {
        text(
            "Muitas tentativas seguidas. Tente de novo em \(seconds) segundos.",
            "Too many attempts in a row. Try again in \(seconds) seconds.")
    }
    public var expiredFormTitle: String { text("Formulário expirado", "Form expired") }
    public var expiredFormMessage: String {
        text(
            "Este formulário expirou. Volte, recarregue a página e envie de novo.",
            "This form has expired. Go back, reload the page and send it again.")
    }
    public var backToHome: String { text("Voltar ao início", "Back to home") }
    public func requestReference(_ id: String) -> String { text("Código do pedido: \(id)", "Request reference: \(id)") }
}
