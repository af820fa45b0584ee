import Foundation
import Payments
import Schema

/// The provider behind a `payment_gateways` row, with its secrets opened from storage.
public enum PaymentProviders {
    /// The providers the platform speaks, by the name a gateway row carries. A row with another name can't take
    /// payments or postbacks.
    public enum Kind: String, CaseIterable, Sendable {
        case sandbox
        case mercadoPago = "mercadopago"

        public var displayName: String {
            switch self {
            case .sandbox: "Sandbox"
            case .mercadoPago: "Mercado Pago"
            }
        }

        /// Whether postbacks are signed with a secret of their own (`webhook_secret`) rather than `secret_key`.
        public var hasWebhookSecret: Bool { self == .mercadoPago }

        /// Whether the provider charges a recurring card by itself once the buyer authorised it on its page
        /// (Mercado Pago's preapprovals), rather than the renewal job charging a card it keeps (the sandbox).
        public var schedulesRenewals: Bool { self == .mercadoPago }
    }

    /// The Pix receiver's city on the sandbox's BR Codes; real providers use their own account's data.
    public static let sandboxCity = "Sao Paulo"

    /// What building a provider needs beyond its row.
    public struct Setup: Sendable {
        public var appSecret: String
        public var siteName: String
        /// Where a gateway's provider sends postbacks, sent with each charge: the site names its webhook route.
        public var postbackURL: @Sendable (PaymentGateway) -> String
        /// Where a provider's own payment page sends the buyer back to: the site's payment page of a checkout.
        public var paymentPageURL: @Sendable (_ checkoutID: Int) -> String
        public var mercadoPagoAPIURL: String
        public var transport: any ProviderHTTPTransport
        /// `AppConfiguration.allowsSandbox`: in production the sandbox is no provider at all, unless allowed.
        public var allowsSandbox = true
        /// `AppConfiguration.clock`: when a charge expires and whether a signed postback is fresh.
        public var clock: @Sendable () -> Date = { Date() }

        public init(
            appSecret: String, siteName: String, postbackURL: @escaping @Sendable (PaymentGateway) -> String,
            paymentPageURL: @escaping @Sendable (_ checkoutID: Int) -> String, mercadoPagoAPIURL: String,
            transport: any ProviderHTTPTransport, allowsSandbox: Bool = true,
            clock: @escaping @Sendable () -> Date = { Date() }
        ) {
            self.appSecret = appSecret
            self.siteName = siteName
            self.postbackURL = postbackURL
            self.paymentPageURL = paymentPageURL
            self.mercadoPagoAPIURL = mercadoPagoAPIURL
            self.transport = transport
            self.allowsSandbox = allowsSandbox
            self.clock = clock
        }
    }

    public static func provider(for gateway: PaymentGateway, setup: Setup) throws -> (any PaymentProvider)? {
        // Without a secret nothing can be verified; an empty one would accept anything signed with "".
        guard let kind = Kind(rawValue: gateway.name), kind != .sandbox || setup.allowsSandbox,
            let secret = try open(gateway.secretKey, of: gateway, setup)
        else { return nil }
        switch kind {
        case .sandbox:
            return SandboxGateway(
                secret: secret,
                pix: .init(
                    key: gateway.publicKey ?? "pix@creatorflix.invalid", merchantName: setup.siteName,
                    merchantCity: sandboxCity),
                now: setup.clock)
        case .mercadoPago:
            guard let webhookSecret = try open(gateway.webhookSecret, of: gateway, setup) else { return nil }
            return MercadoPagoGateway(
                accessToken: secret, webhookSecret: webhookSecret, apiBaseURL: setup.mercadoPagoAPIURL,
                // The address saved with the gateway (from PUBLIC_URL, or the admin's own request), rather than the
                // buyer's Host header, which only PUBLIC_URL makes trustworthy.
                notificationURL: setup.postbackURL(gateway),
                transport: setup.transport, now: setup.clock)
        }
    }

    private static func open(_ sealed: String?, of gateway: PaymentGateway, _ setup: Setup) throws -> String? {
        guard let sealed, !sealed.isEmpty else { return nil }
        guard let secret = try? SecretBox(appSecret: setup.appSecret).open(sealed) else {
            throw UnreadableGatewaySecret(gateway: gateway.name)
        }
        return secret
    }
}

/// A stored gateway secret that doesn't open: sealed under another `APP_SECRET`, or edited in the database.
public struct UnreadableGatewaySecret: Error, CustomStringConvertible {
    public let gateway: String
    public var description: String {
        "The \(gateway) gateway's secret can't be read (was APP_SECRET changed?). An admin must enter it again."
    }

    public init(gateway: String) {
        self.gateway = gateway
    }
}

/// The provider could not be asked, or refused: nothing was charged.
public struct PaymentProviderFailure: Error, CustomStringConvertible {
    public let gateway: String
    public let cause: PaymentProviderError
    public var description: String { "The \(gateway) payment provider failed: \(cause)" }

    public init(gateway: String, cause: PaymentProviderError) {
        self.gateway = gateway
        self.cause = cause
    }
}
