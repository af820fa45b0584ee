import Fluent
import Payments
import Schema
import NIOCore
import Site
import Vapor

/// The provider behind a `payment_gateways` row, with its secrets opened from storage.
enum PaymentProviders {
    /// The providers the platform speaks, by the name a gateway row carries. A row with another name can't take
    /// payments or postbacks.
    enum Kind: String, CaseIterable, Sendable {
        case sandbox
        case mercadoPago = "mercadopago"

        var displayName: String {
            switch self {
            case .sandbox: "Sandbox"
            case .mercadoPago: "Mercado Pago"
            }
        }

        /// Whether postbacks are signed with a secret of their own (`webhook_secret`) rather than `secret_key`.
        var hasWebhookSecret: Bool { self == .mercadoPago }
    }

    /// The Pix receiver's city on the sandbox's BR Codes; real providers use their own account's data.
    static let sandboxCity = "Sao Paulo"

    /// What building a provider needs beyond its row.
    struct Setup: Sendable {
        var appSecret: String
        var siteName: String
        /// The site's public address, for the postback URL sent with each charge.
        var siteAddress: String
        var mercadoPagoAPIURL: String
        var transport: any ProviderHTTPTransport
        /// `AppConfiguration.allowsSandbox`: in production the sandbox is no provider at all, unless allowed.
        var allowsSandbox = true
        /// `AppConfiguration.clock`: when a charge expires and whether a signed postback is fresh.
        var clock: @Sendable () -> Date = { Date() }
    }

    static func provider(for gateway: PaymentGateway, setup: Setup) throws -> (any PaymentProvider)? {
        // Without a secret nothing can be verified; an empty one would accept anything signed with "".
        guard let kind = Kind(rawValue: gateway.name), kind != .sandbox || setup.allowsSandbox,
            let secret = try open(gateway.secretKey, of: gateway, setup)
        else { return nil }
        switch kind {
        case .sandbox:
            return SandboxGateway(
                secret: secret,
                pix: .init(key: gateway.publicKey ?? "pix@creatorflix.invalid", merchantName: setup.siteName, merchantCity: sandboxCity),
                now: setup.clock)
        case .mercadoPago:
            guard let webhookSecret = try open(gateway.webhookSecret, of: gateway, setup) else { return nil }
            return MercadoPagoGateway(
                accessToken: secret, webhookSecret: webhookSecret, apiBaseURL: setup.mercadoPagoAPIURL,
                // The address saved with the gateway (from PUBLIC_URL, or the admin's own request), rather than the
                // buyer's Host header, which only PUBLIC_URL makes trustworthy.
                notificationURL: postbackURL(of: gateway, siteAddress: setup.siteAddress),
                transport: setup.transport, now: setup.clock)
        }
    }

    private static func open(_ sealed: String?, of gateway: PaymentGateway, _ setup: Setup) throws -> String? {
        guard let sealed, !sealed.isEmpty else { return nil }
        guard let secret = try? SecretBox(appSecret: setup.appSecret).open(sealed) else { throw UnreadableGatewaySecret(gateway: gateway.name) }
        return secret
    }

    /// Where a gateway's provider sends postbacks: shown to the admin for the provider's dashboard, and sent
    /// with each Mercado Pago charge.
    static func postbackURL(gateway name: String, siteAddress: String) -> String {
        siteAddress + postbackPath(gateway: name)
    }

    /// The postback URL saved with the gateway (refreshed on every save), else one for this site's address.
    static func postbackURL(of gateway: PaymentGateway, siteAddress: String) -> String {
        gateway.postbackURL ?? postbackURL(gateway: gateway.name, siteAddress: siteAddress)
    }

    static func postbackPath(gateway name: String) -> String {
        WebhooksAPI.path.replacingOccurrences(of: "{gateway}", with: name)
    }
}

extension Application {
    /// What `PaymentProviders.provider` needs outside a request (the jobs): the site's address is `PUBLIC_URL`,
    /// else this instance's own.
    func paymentProviderSetup() async -> PaymentProviders.Setup {
        PaymentProviders.Setup(
            appSecret: configuration.appSecret,
            siteName: (try? await siteFrameCache.frame(on: db))?.settings.siteName ?? SiteSettings.defaults.siteName,
            siteAddress: configuration.publicURL ?? "http://127.0.0.1:\(configuration.port)", mercadoPagoAPIURL: configuration.mercadoPagoAPIURL,
            transport: VaporClientTransport(client: client), allowsSandbox: configuration.allowsSandbox,
            clock: configuration.clock)
    }
}

extension Request {
    /// Everything `PaymentProviders.provider` needs, from this request's application and site.
    func paymentProviderSetup() async -> PaymentProviders.Setup {
        PaymentProviders.Setup(
            appSecret: application.configuration.appSecret,
            siteName: (try? await application.siteFrameCache.frame(on: db))?.settings.siteName ?? SiteSettings.defaults.siteName,
            siteAddress: siteAddress, mercadoPagoAPIURL: application.configuration.mercadoPagoAPIURL,
            transport: VaporClientTransport(client: application.client), allowsSandbox: application.configuration.allowsSandbox,
            clock: application.configuration.clock)
    }
}

/// Providers' HTTP calls through Vapor's client (AsyncHTTPClient underneath), each with a deadline, so a slow
/// provider can't hold a checkout or a postback open.
struct VaporClientTransport: ProviderHTTPTransport {
    let client: any Client
    var timeout: TimeAmount = .seconds(15)

    func send(_ request: ProviderHTTPRequest) async throws -> ProviderHTTPResponse {
        var headers = HTTPHeaders()
        for (name, value) in request.headers { headers.replaceOrAdd(name: name, value: value) }
        let response = try await client.send(ClientRequest(
            method: HTTPMethod(rawValue: request.method), url: URI(string: request.url), headers: headers,
            body: request.body.map { ByteBuffer(data: $0) }, timeout: timeout))
        return ProviderHTTPResponse(status: Int(response.status.code), body: response.body.map { Data(buffer: $0) } ?? Data())
    }
}

/// A stored gateway secret that doesn't open: sealed under another `APP_SECRET`, or edited in the database.
struct UnreadableGatewaySecret: AbortError {
    let gateway: String
    var status: HTTPResponseStatus { .serviceUnavailable }
    var reason: String {
        "The \(gateway) gateway's secret can't be read (was APP_SECRET changed?). An admin must enter it again."
    }
}

/// The provider could not be asked, or refused: nothing was charged. A 502 tells the client the fault is
/// upstream, and the cause goes to the log (5xx reasons never reach clients).
struct PaymentProviderFailure: AbortError {
    let gateway: String
    let cause: PaymentProviderError
    var status: HTTPResponseStatus { .badGateway }
    var reason: String { "The \(gateway) payment provider failed: \(cause)" }
}
