import Commerce
import Creators
import Mail
import Vapor

/// Every path the application serves, in one place. Routes, links, redirects and tests all take their paths
/// from here, so no path string is repeated anywhere. Visitor-facing paths are Portuguese, like the site.
enum SiteURL: Sendable, Equatable {
    case home
    case healthz
    case signIn
    case signUp
    case signOut
    case forgotPassword
    /// The link of a welcome e-mail; nil token for the route.
    case confirmEmail(token: String?)
    /// Where mail a member may stop is stopped, in one click (`unsubscribe(userID:category:appSecret:)`).
    case emailUnsubscribe
    /// The reset form a mailed link opens; nil token for the route.
    case resetPassword(token: String?)
    case account
    case accountEmails
    /// The member's own subscription: its renewal, plan switch and payments.
    case accountSubscription
    case accountSubscriptionCancel
    case accountSubscriptionResume
    case accountSubscriptionPlan
    /// A printable receipt of one of the member's payments; nil for the route pattern.
    case accountReceipt(checkoutID: Int?)
    case accountPassword
    case whitelabel
    /// A whitelabel model's page; nil for the route pattern.
    case whitelabelModel(Int?)
    /// One of the site's own models (creators): profile and feed; nil for the route pattern.
    case creatorModel(Int?)
    /// One post of the site's own models; nil for the route pattern.
    case creatorPost(Int?)
    case search
    case plans
    /// The checkout of a plan; nil for the route pattern.
    case checkout(planID: Int?)
    /// A checkout's payment page (Pix code, status); nil for the route pattern. Opened with its status token.
    case payment(Int?)
    /// The step between a card checkout and the provider's own page (Checkout Pro): a page of ours that forwards the
    /// buyer there, since the CSP's `form-action 'self'` forbids a form's redirect to another origin.
    case paymentProviderPage(Int?)
    case sitemap
    case robots
    /// An ad's click: recorded, then a redirect to the ad's link; nil for the route pattern.
    case adClick(Int?, placement: String?)

    /// Local media files, served with signed links (`MediaController`).
    static let mediaPrefix = "/media"

    var path: String {
        switch self {
        case .home: "/"
        case .healthz: "/healthz"
        case .signIn: "/entrar"
        case .signUp: "/cadastro"
        case .signOut: "/sair"
        case .forgotPassword: "/esqueci-a-senha"
        case .confirmEmail(let token):
            "/confirmar-email"
                + (token.map { "?token=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "") }
                    ?? "")
        case .emailUnsubscribe: "/e-mails/sair"
        case .resetPassword(let token):
            "/redefinir-senha"
                + (token.map { "?token=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "") }
                    ?? "")
        case .account: "/conta"
        case .accountPassword: "/conta/senha"
        case .accountEmails: "/conta/e-mails"
        case .accountSubscription: "/conta/assinatura"
        case .accountSubscriptionCancel: "/conta/assinatura/cancelar"
        case .accountSubscriptionResume: "/conta/assinatura/retomar"
        case .accountSubscriptionPlan: "/conta/assinatura/plano"
        case .accountReceipt(let id): "/conta/recibos/" + (id.map(String.init) ?? ":checkout")
        case .whitelabel: "/catalogo"
        case .whitelabelModel(let id): "/catalogo/" + (id.map(String.init) ?? ":id")
        case .creatorModel(let id): "/modelos/" + (id.map(String.init) ?? ":id")
        case .creatorPost(let id): "/publicacoes/" + (id.map(String.init) ?? ":id")
        case .search: "/busca"
        case .plans: "/planos"
        case .checkout(let planID): "/assinar/" + (planID.map(String.init) ?? ":plan")
        case .payment(let id): "/pagamento/" + (id.map(String.init) ?? ":id")
        case .paymentProviderPage(let id): "/pagamento/" + (id.map(String.init) ?? ":id") + "/cartao"
        case .sitemap: "/sitemap.xml"
        case .robots: "/robots.txt"
        case .adClick(let id, let placement):
            "/ads/" + (id.map(String.init) ?? ":id") + "/click" + (placement.map { "?placement=" + $0 } ?? "")
        }
    }

    var pathComponents: [PathComponent] {
        path.split(separator: "/").map { PathComponent(stringLiteral: String($0)) }
    }

    /// Where a locked page's call to subscribe leads: the plans page.
    static var subscribeCallToAction: String { SiteURL.plans.path }

    /// The payment page of a checkout, with its status token: where the buyer lands after starting it, and where
    /// a provider's own payment page sends them back to.
    static func paymentPage(checkoutID: Int, appSecret: String) -> String {
        SiteURL.payment(checkoutID).path + "?token="
            + CheckoutFlow.statusToken(checkoutID: checkoutID, appSecret: appSecret)
    }

    /// The one-click unsubscribe link of an account from a category of mail (RFC 8058: a POST here stops it).
    static func unsubscribe(userID: Int, category: MailCategory, appSecret: String) -> String {
        SiteURL.emailUnsubscribe.path + "?u=\(userID)&c=\(category.rawValue)&t="
            + Unsubscribe.token(userID: userID, category: category, appSecret: appSecret)
    }

    /// A plan's checkout form, filled in from an abandoned checkout: the link a recovery e-mail carries.
    static func resumeCheckout(checkoutID: Int, planID: Int, appSecret: String) -> String {
        SiteURL.checkout(planID: planID).path + "?retomar=\(checkoutID)&token="
            + CheckoutFlow.statusToken(checkoutID: checkoutID, appSecret: appSecret)
    }

    /// Where a buyer paying on the provider's own page goes first: our page that forwards them there.
    static func providerPage(checkoutID: Int, appSecret: String) -> String {
        SiteURL.paymentProviderPage(checkoutID).path + "?token="
            + CheckoutFlow.statusToken(checkoutID: checkoutID, appSecret: appSecret)
    }

    /// The sign-in page, returning to `destination` afterwards.
    static func signIn(returningTo destination: String) -> String {
        var components = URLComponents()
        components.path = SiteURL.signIn.path
        components.queryItems = [URLQueryItem(name: "next", value: destination)]
        return components.string ?? SiteURL.signIn.path
    }

    /// A local path that is safe to redirect to after sign-in: one of ours, never `//elsewhere` or a full URL.
    /// Browsers drop tabs and newlines from URLs and read `\` as `/`, so `/\t/evil.example` would leave the site:
    /// only printable ASCII without spaces or backslashes passes, and it must parse as a path with no host.
    static func safeRedirect(_ candidate: String?) -> String? {
        guard let candidate, candidate.count <= 512, candidate.hasPrefix("/"), !candidate.hasPrefix("//"),
            candidate.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) && $0 != "\\" }),
            let components = URLComponents(string: candidate), components.scheme == nil, components.host == nil
        else { return nil }
        return candidate
    }
}

extension CreatorListings.ModelEntry {
    /// The model's page: the site's own and the whitelabel ones live at different addresses.
    var path: String { source == .own ? SiteURL.creatorModel(id).path : SiteURL.whitelabelModel(id).path }
}
