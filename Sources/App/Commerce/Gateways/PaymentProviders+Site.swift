import Commerce
import FluentKit
import Foundation
import MutualTLS
import NIOCore
import Payments
import Schema
import Site
import Vapor

extension PaymentProviders {
    /// Where a gateway's provider sends postbacks: shown to the admin for the provider's dashboard, and sent
    /// with each Mercado Pago charge.
    /// A provider whose callbacks carry no signature (API Pix) is given an address with a secret segment,
    /// `/webhooks/apipix/<token>`, to which it appends `/pix`, `/rec` or `/cobr`.
    static func postbackURL(gateway name: String, siteAddress: String, appSecret: String) -> String {
        guard Kind(rawValue: name) == .apiPix else { return siteAddress + postbackPath(gateway: name) }
        return siteAddress + postbackPath(gateway: name) + "/" + callbackToken(gateway: name, appSecret: appSecret)
    }

    /// The postback URL saved with the gateway (refreshed on every save), else one for this site's address.
    static func postbackURL(of gateway: PaymentGateway, siteAddress: String, appSecret: String) -> String {
        gateway.postbackURL ?? postbackURL(gateway: gateway.name, siteAddress: siteAddress, appSecret: appSecret)
    }

    /// For display: the address saved with the gateway (with its secret segment, for API Pix), else the plain one.
    static func postbackURL(of gateway: PaymentGateway, siteAddress: String) -> String {
        gateway.postbackURL ?? siteAddress + postbackPath(gateway: gateway.name)
    }

    /// Where a gateway's provider sends postbacks to this site.
    static func postbackPath(gateway name: String) -> String {
        APIURL.webhook(gateway: name).path
    }
}

extension GatewayAdministration {
    /// Saves a gateway whose postbacks arrive at this site's webhook route under `siteAddress`.
    static func save(
        _ input: Input, into gateway: PaymentGateway, appSecret: String, siteAddress: String,
        allowsSandbox: Bool = true,
        on database: any Database
    ) async throws {
        try await save(
            input, into: gateway, appSecret: appSecret,
            postbackURL: { PaymentProviders.postbackURL(gateway: $0, siteAddress: siteAddress, appSecret: appSecret) },
            allowsSandbox: allowsSandbox, on: database)
    }
}

/// Failures of a provider are the provider's: a 502 tells the client the fault is upstream, and the cause goes to the
/// log (5xx reasons never reach clients). A secret that doesn't open is a gateway to set up again: 503.
extension PaymentProviderFailure: AbortError {
    public var status: HTTPResponseStatus { .badGateway }
    public var reason: String { description }
}

extension UnreadableGatewaySecret: AbortError {
    public var status: HTTPResponseStatus { .serviceUnavailable }
    public var reason: String { description }
}

extension Application {
    /// What `PaymentProviders.provider` needs outside a request (the jobs): the site's address is `PUBLIC_URL`,
    /// else this instance's own.
    func paymentProviderSetup() async -> PaymentProviders.Setup {
        await paymentProviderSetup(
            siteAddress: configuration.publicURL ?? "http://127.0.0.1:\(configuration.port)", database: db)
    }

    /// The one set-up of the providers: postbacks and the buyer's way back go to `siteAddress`.
    func paymentProviderSetup(siteAddress: String, database: any Database) async -> PaymentProviders.Setup {
        let configuration = configuration
        return PaymentProviders.Setup(
            appSecret: configuration.appSecret,
            siteName: (try? await siteFrameCache.frame(on: database))?.settings.siteName
                ?? SiteSettings.defaults.siteName,
            postbackURL: {
                PaymentProviders.postbackURL(of: $0, siteAddress: siteAddress, appSecret: configuration.appSecret)
            },
            paymentPageURL: { siteAddress + SiteURL.paymentPage(checkoutID: $0, appSecret: configuration.appSecret) },
            mercadoPagoAPIURL: configuration.mercadoPagoAPIURL,
            transport: HTTPClientTransport(client: http.client.shared), allowsSandbox: configuration.allowsSandbox,
            clock: configuration.clock)
    }
}

extension Request {
    /// Everything `PaymentProviders.provider` needs, from this request's application and site.
    func paymentProviderSetup() async -> PaymentProviders.Setup {
        await application.paymentProviderSetup(siteAddress: siteAddress, database: db)
    }

    /// The configured gateways' providers by name, for a change that must reach its provider (cancelling a
    /// renewal it schedules); a provider's failure goes to this request's log.
    func configuredProviders() async -> ScheduledRenewals.Providers {
        let setup = await paymentProviderSetup()
        let database = db, logger = logger
        return ScheduledRenewals.Providers(
            named: { name in
                guard let row = try await PaymentGateway.query(on: database).filter(\.$name == name).first() else {
                    return nil
                }
                return try PaymentProviders.provider(for: row, setup: setup)
            },
            report: { logger.warning("\($0)") })
    }
}
