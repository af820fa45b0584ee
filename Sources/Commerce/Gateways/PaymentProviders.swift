import Crypto
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
        /// The Banco Central's standard API Pix, served by many PSPs (Efí, Sicredi, Cielo…), each at its own
        /// address: Pix, and Pix Automático for recurring plans.
        case apiPix = "apipix"

        public var displayName: String {
            switch self {
            case .sandbox: "Sandbox"
            case .mercadoPago: "Mercado Pago"
            case .apiPix: "API Pix (Banco Central)"
            }
        }

        /// Whether a recurring plan's Pix purchase asks the payer to authorise the later cycles (Pix Automático):
        /// API Pix, and the sandbox's simulation of it.
        public var acceptsRecurringPix: Bool { self == .apiPix || self == .sandbox }

        /// Whether the provider holds the buyer's consent to the later cycles (a preapproval, a Pix Automático
        /// recurrence), which must be cancelled there when renewal is turned off here, and can't be revived.
        public var holdsRecurrence: Bool { schedulesRenewals || acceptsRecurringPix }

        /// Whether this provider holds the recurrence a subscription renewing by `method` needs: all of a
        /// provider that schedules renewals, and the Pix ones of a Pix Automático provider (the sandbox's cards
        /// are its own, charged by the job).
        public func holdsRecurrence(renewingBy method: String?) -> Bool {
            schedulesRenewals || (acceptsRecurringPix && method == PaymentMethod.pix.rawValue)
        }

        /// Whether it takes cards at all: API Pix is Pix only.
        public var acceptsCards: Bool { self != .apiPix }
        public func accepts(_ method: PaymentMethod) -> Bool { method == .pix || acceptsCards }

        /// Whether postbacks are signed with a secret of their own (`webhook_secret`) rather than `secret_key`.
        public var hasWebhookSecret: Bool { self == .mercadoPago }

        /// Whether the provider charges a recurring card by itself once the buyer authorised it on its page
        /// (Mercado Pago's preapprovals), rather than the renewal job charging a card it keeps (the sandbox).
        public var schedulesRenewals: Bool { self == .mercadoPago }
    }

    /// The secret part of the webhook address registered at a provider whose callbacks carry no signature (API
    /// Pix): only the PSP, told it over mutual TLS, knows where to call, so a guessed address changes nothing.
    /// Derived from `APP_SECRET`, so it needs no storage and changes with it.
    public static func callbackToken(gateway name: String, appSecret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data("provider-callback:\(name)".utf8), using: SymmetricKey(data: Data(appSecret.utf8)))
        return mac.prefix(16).map { String(format: "%02x", $0) }.joined()
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
        case .apiPix:
            // Settings edited into something unreadable make the gateway not ready, as missing ones do.
            guard let settings = (try? APIPixSettingsColumn.decode(gateway.settings)) ?? nil,
                let bundle = try open(gateway.clientCertificate, of: gateway, setup),
                let identity = ClientIdentity(pemBundle: bundle), let clientID = gateway.publicKey
            else { return nil }
            return APIPixGateway(
                clientID: clientID, clientSecret: secret, identity: identity, settings: settings,
                transport: setup.transport, now: setup.clock)
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

/// `payment_gateways.settings` of an API Pix gateway: `APIPixSettings` as JSON, its keys in snake case.
public enum APIPixSettingsColumn {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()

    static let decoder = JSONDecoder()

    public static func encode(_ settings: APIPixSettings) throws -> String {
        String(decoding: try encoder.encode(settings), as: UTF8.self)
    }

    /// Nil for no settings; throws for a column that doesn't read (edited by hand), which the admin must save again.
    public static func decode(_ column: String?) throws -> APIPixSettings? {
        guard let column, !column.isEmpty else { return nil }
        return try decoder.decode(APIPixSettings.self, from: Data(column.utf8))
    }
}
