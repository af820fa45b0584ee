import Commerce
import Fluent
import Localization
import Mail
import Vapor

extension Application {
    /// The checkout mail of this site, its links going to `siteAddress`.
    func checkoutMailer(siteAddress: String, on database: any Database) async throws -> CheckoutMailer {
        let appSecret = configuration.appSecret
        let settings = try await siteFrameCache.frame(on: database).settings
        return CheckoutMailer(
            frame: try await mailFrame(siteAddress: siteAddress, on: database), sender: configuration.mail.from,
            links: CheckoutMailer.Links(
                account: siteAddress + SiteURL.account.path,
                paymentPage: { siteAddress + SiteURL.paymentPage(checkoutID: $0, appSecret: appSecret) },
                adminCheckout: { siteAddress + AdminURL.checkout($0).path },
                resume: {
                    siteAddress + SiteURL.resumeCheckout(checkoutID: $0, planID: $1, appSecret: appSecret)
                },
                renew: { siteAddress + ($0.map { SiteURL.checkout(planID: $0).path } ?? SiteURL.plans.path) },
                unsubscribe: {
                    siteAddress + SiteURL.unsubscribe(userID: $0, category: $1, appSecret: appSecret)
                }),
            siteLanguage: settings.language.language(acceptLanguage: nil))
    }

    /// For the jobs: the site's address is `PUBLIC_URL`, else this instance's own.
    func checkoutMailer() async throws -> CheckoutMailer {
        try await checkoutMailer(
            siteAddress: configuration.publicURL ?? "http://127.0.0.1:\(configuration.port)", on: db)
    }
}

extension Request {
    /// The checkout mail of a change this request makes, its links going back to the site it came to.
    func checkoutMailer() async throws -> CheckoutMailer {
        try await application.checkoutMailer(siteAddress: siteAddress, on: db)
    }
}
