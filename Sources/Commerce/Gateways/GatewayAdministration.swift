import FluentKit
import Foundation
import Localization
import MutualTLS
import Payments
import SQLKit
import Schema

/// Why a payment gateway was refused, per field.
public enum GatewayProblem: String, RefusalReason {
    case providerUnknown = "provider_unknown"
    case providerTaken = "provider_taken"
    case secretRequired = "secret_required"
    case webhookSecretRequired = "webhook_secret_required"
    case secretTooLong = "secret_too_long"
    case publicKeyTooLong = "public_key_too_long"
    /// A method a gateway takes can only move to another: switching it off here would leave it unpaid.
    case mustStayActive = "must_stay_active"
    /// The provider can't charge that method (API Pix takes no cards).
    case methodNotTaken = "method_not_taken"
    /// In production the sandbox would hand out free subscriptions (`ALLOW_SANDBOX_IN_PRODUCTION`).
    case sandboxInProduction = "sandbox_in_production"
    /// A gateway that takes a method can't be deleted while others exist: one of them must take over first.
    case activeInUse = "active_in_use"
    /// API Pix: the OAuth client id goes in `public_key`.
    case clientIDRequired = "client_id_required"
    /// API Pix: the PSP's addresses and the receiver's Pix key.
    case settingsRequired = "settings_required"
    case certificateRequired = "certificate_required"
    case certificateNotPEM = "certificate_not_pem"

    public func message(_ copy: Copy) -> String {
        switch self {
        case .providerUnknown: copy.gatewayProviderUnknown
        case .providerTaken: copy.gatewayProviderTaken
        case .secretRequired: copy.gatewaySecretRequired
        case .webhookSecretRequired: copy.gatewayWebhookSecretRequired
        case .secretTooLong: copy.gatewaySecretTooLong
        case .publicKeyTooLong: copy.gatewayPublicKeyTooLong
        case .mustStayActive: copy.gatewayMustStayActive
        case .methodNotTaken: copy.gatewayMethodNotTaken
        case .sandboxInProduction: copy.gatewaySandboxInProduction
        case .activeInUse: copy.gatewayActiveDelete
        case .clientIDRequired: copy.gatewayClientIDRequired
        case .settingsRequired: copy.gatewaySettingsRequired
        case .certificateRequired: copy.gatewayCertificateRequired
        case .certificateNotPEM: copy.gatewayCertificateNotPEM
        }
    }
}

extension APIPixSettings.Problem: RefusalReason {
    public func message(_ copy: Copy) -> String {
        switch self {
        case .addressNotHTTPS: copy.gatewayAddressNotHTTPS
        case .pixKeyInvalid: copy.gatewayPixKeyInvalid
        case .accountNumberInvalid: copy.gatewayAccountNumberInvalid
        case .branchInvalid: copy.gatewayBranchInvalid
        case .scopesTooLong: copy.gatewayScopesTooLong
        case .trustRootsNotPEM: copy.gatewayTrustRootsNotPEM
        }
    }
}

extension ClientIdentityProblem: RefusalReason {
    public func message(_ copy: Copy) -> String {
        switch self {
        case .notPEM, .noCertificate, .noPrivateKey: copy.gatewayCertificateNotPEM
        case .expired(let date): copy.gatewayCertificateExpired(date)
        case .notYetValid(let date): copy.gatewayCertificateNotYetValid(date)
        case .keyMismatch: copy.gatewayCertificateKeyMismatch
        case .unusable(let cause): copy.gatewayCertificateUnusable(cause)
        }
    }
}

extension Refusal {
    /// Gateway input refused field by field: a conflict when the provider already has a gateway, else invalid.
    public static func gateway(_ problems: [String: any RefusalReason]) -> Refusal {
        let taken = problems.values.contains { ($0 as? GatewayProblem) == .providerTaken }
        return Refusal(taken ? .conflict : .invalid, fields: problems)
    }
}

/// An API Pix gateway was saved, but its PSP refused to register the webhooks (or couldn't be reached).
public struct WebhooksNotRegistered: RefusalReason {
    public let cause: String
    public init(cause: String) { self.cause = cause }
    public func message(_ copy: Copy) -> String { copy.gatewayWebhooksNotRegistered(cause) }
    public var code: String? { "webhooks_not_registered" }
}

/// Payment gateways (`payment_gateways`) as admins manage them. Secrets are sealed with `SecretBox` as they are
/// saved and never read back out: the admin sees only whether one is set. Each payment method is taken by one
/// gateway once any can take it (cards at Mercado Pago, Pix at an API Pix PSP, or both at one): the first gateway
/// that can takes a method by itself, and giving a method to one gateway takes it from the other in the same
/// transaction.
public enum GatewayAdministration {
    public struct Input: Sendable {
        public var provider: String
        public var publicKey: String
        /// Empty keeps the stored secret.
        public var secretKey: String
        public var webhookSecret: String
        /// The older, single switch: true takes every method the provider can, false none; nil leaves them.
        public var isActive: Bool?
        /// This gateway takes cards (true), stops (false), or stays as it is (nil); over `isActive`.
        public var takesCard: Bool?
        public var takesPix: Bool?
        /// API Pix: the PSP's settings; nil keeps the stored ones.
        public var apiPixSettings: APIPixSettings?
        /// API Pix: the client certificate and its private key, PEM, one after the other; empty keeps the stored.
        public var clientCertificate: String

        public init(
            provider: String, publicKey: String, secretKey: String, webhookSecret: String, isActive: Bool? = nil,
            takesCard: Bool? = nil, takesPix: Bool? = nil, apiPixSettings: APIPixSettings? = nil,
            clientCertificate: String = ""
        ) {
            self.provider = provider
            self.publicKey = publicKey
            self.secretKey = secretKey
            self.webhookSecret = webhookSecret
            self.isActive = isActive
            self.takesCard = takesCard
            self.takesPix = takesPix
            self.apiPixSettings = apiPixSettings
            self.clientCertificate = clientCertificate
        }

        /// What the admin asked of a method, and under which field: nil leaves it as it is.
        func wants(_ method: PaymentMethod, kind: PaymentProviders.Kind?) -> (takes: Bool, field: String)? {
            if let explicit = method == .pix ? takesPix : takesCard {
                return (explicit, PaymentGateway.takesColumn(method))
            }
            return isActive.map { ($0 && kind?.accepts(method) != false, "is_active") }
        }
    }

    public static let maximumSecretLength = 500
    /// A certificate chain with its key runs to a few kilobytes; this leaves room for long chains.
    public static let maximumCertificateLength = 32_768

    public static func all(on database: any Database) async throws -> [PaymentGateway] {
        try await PaymentGateway.query(on: database).sort(\.$name).all()
    }

    public static func save(
        _ input: Input, into gateway: PaymentGateway, appSecret: String, postbackURL: (_ gatewayName: String) -> String,
        allowsSandbox: Bool = true, on database: any Database
    ) async throws {
        let isNew = gateway.id == nil
        var problems: [String: any RefusalReason] = [:]
        let name = isNew ? input.provider.trimmingCharacters(in: .whitespaces).lowercased() : gateway.name
        let kind = PaymentProviders.Kind(rawValue: name)
        if kind == nil { problems["name"] = GatewayProblem.providerUnknown }
        let publicKey = input.publicKey.trimmingCharacters(in: .whitespacesAndNewlines)
        if publicKey.count > 200 { problems["public_key"] = GatewayProblem.publicKeyTooLong }
        let secret = input.secretKey.trimmingCharacters(in: .whitespacesAndNewlines)
        let webhookSecret = input.webhookSecret.trimmingCharacters(in: .whitespacesAndNewlines)
        if secret.count > maximumSecretLength { problems["secret_key"] = GatewayProblem.secretTooLong }
        if webhookSecret.count > maximumSecretLength { problems["webhook_secret"] = GatewayProblem.secretTooLong }
        if secret.isEmpty, gateway.secretKey?.isEmpty ?? true { problems["secret_key"] = GatewayProblem.secretRequired }
        if kind?.hasWebhookSecret == true, webhookSecret.isEmpty, gateway.webhookSecret?.isEmpty ?? true {
            problems["webhook_secret"] = GatewayProblem.webhookSecretRequired
        }
        let mayActivate = kind != .sandbox || allowsSandbox
        for method in PaymentMethod.allCases {
            guard let wanted = input.wants(method, kind: kind) else { continue }
            if wanted.takes, kind?.accepts(method) == false {
                problems[wanted.field] = GatewayProblem.methodNotTaken
            } else if wanted.takes, !mayActivate {
                problems[wanted.field] = GatewayProblem.sandboxInProduction
            } else if !isNew, gateway.takes(method), !wanted.takes {
                problems[wanted.field] = GatewayProblem.mustStayActive
            }
        }
        let certificate = input.clientCertificate.trimmingCharacters(in: .whitespacesAndNewlines)
        if kind == .apiPix {
            problems.merge(apiPixProblems(input, certificate: certificate, stored: gateway)) { first, _ in first }
        }
        guard problems.isEmpty else { throw Refusal.gateway(problems) }

        let box = SecretBox(appSecret: appSecret)
        gateway.name = name
        gateway.publicKey = publicKey.isEmpty ? nil : publicKey
        if !secret.isEmpty { gateway.secretKey = try box.seal(secret) }
        if !webhookSecret.isEmpty, kind?.hasWebhookSecret == true {
            gateway.webhookSecret = try box.seal(webhookSecret)
        }
        if kind == .apiPix {
            if let settings = input.apiPixSettings { gateway.settings = try APIPixSettingsColumn.encode(settings) }
            if !certificate.isEmpty { gateway.clientCertificate = try box.seal(certificate) }
        }
        gateway.postbackURL = postbackURL(name)
        try await database.transaction { transaction in
            try await serializeGatewayWrites(on: transaction)
            if isNew, try await PaymentGateway.query(on: transaction).filter(\.$name == name).count() > 0 {
                throw Refusal.gateway(["name": GatewayProblem.providerTaken])
            }
            for method in PaymentMethod.allCases {
                let others = PaymentGateway.query(on: transaction).filter(PaymentGateway.takes(method) == true)
                if let id = gateway.id { others.filter(\.$id != id) }
                let anotherTakes = try await others.count() > 0
                let wanted = input.wants(method, kind: kind)?.takes
                let takes =
                    mayActivate && kind?.accepts(method) == true
                    && (wanted == true || (wanted == nil && !isNew && gateway.takes(method)) || !anotherTakes)
                if takes, anotherTakes { try await release(method, keeping: gateway.id, on: transaction) }
                if method == .pix { gateway.takesPix = takes } else { gateway.takesCard = takes }
            }
            gateway.isActive = gateway.takesCard || gateway.takesPix
            try await gateway.save(on: transaction)
            try await markActive(on: transaction)
        }
    }

    /// What an API Pix gateway lacks: its client id, its settings (checked), and a client certificate that can
    /// authenticate us now, its key its own.
    static func apiPixProblems(
        _ input: Input, certificate: String, stored gateway: PaymentGateway
    ) -> [String: any RefusalReason] {
        var problems: [String: any RefusalReason] = [:]
        if input.publicKey.trimmingCharacters(in: .whitespaces).isEmpty {
            problems["public_key"] = GatewayProblem.clientIDRequired
        }
        if let settings = input.apiPixSettings {
            for (field, problem) in settings.problems { problems[field] = problem }
        } else if gateway.settings?.isEmpty ?? true {
            problems["settings"] = GatewayProblem.settingsRequired
        }
        if certificate.isEmpty {
            if gateway.clientCertificate?.isEmpty ?? true {
                problems["client_certificate"] = GatewayProblem.certificateRequired
            }
        } else if certificate.count > maximumCertificateLength {
            problems["client_certificate"] = GatewayProblem.certificateNotPEM
        } else if let identity = ClientIdentity(pemBundle: certificate) {
            do {
                try ClientIdentityCheck.check(identity)
            } catch {
                problems["client_certificate"] = error
            }
        } else {
            problems["client_certificate"] = GatewayProblem.certificateNotPEM
        }
        return problems
    }

    /// Takes a method from whichever other gateway has it, before one takes it: at most one row may (an index
    /// says so), and that is checked row by row, so a single swapping statement could trip over itself.
    static func release(_ method: PaymentMethod, keeping id: Int?, on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        let column = SQLIdentifier(PaymentGateway.takesColumn(method))
        try await sql.raw(
            "UPDATE payment_gateways SET \(column) = \(bind: false) WHERE \(column) AND id <> \(bind: id ?? 0)"
        ).run()
    }

    /// `is_active` follows the methods: a gateway is active while it takes one.
    static func markActive(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("UPDATE payment_gateways SET is_active = (takes_card OR takes_pix)").run()
    }

    /// Gateway changes one at a time. "One gateway per method" is a rule across rows, so two admins saving at once
    /// must not each decide from what the other hasn't committed yet (and row locks taken in different orders
    /// would deadlock). PostgreSQL: a table lock that still lets checkouts read; SQLite has one writer anyway.
    /// SQLite: a write first, so the transaction takes the write lock (waiting for it, as the busy handler
    /// does) before it reads. One that read first and then wrote after another connection's commit would fail
    /// at once with SQLITE_BUSY_SNAPSHOT, which no busy handler retries: a 500 on saving a gateway, seen in the
    /// browser journeys while a background job wrote.
    public static func serializeGatewayWrites(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        guard try SQLFlavor(sql) == .postgres else {
            try await sql.raw("UPDATE payment_gateways SET is_active = is_active WHERE 1 = 0").run()
            return
        }
        try await sql.raw("LOCK TABLE payment_gateways IN SHARE ROW EXCLUSIVE MODE").run()
    }

    public static func delete(_ gateway: PaymentGateway, on database: any Database) async throws {
        try await database.transaction { transaction in
            try await serializeGatewayWrites(on: transaction)
            let current = try await PaymentGateway.find(gateway.id, on: transaction)
            if current?.isActive == true, try await PaymentGateway.query(on: transaction).count() > 1 {
                throw Refusal(.conflict, reason: GatewayProblem.activeInUse)
            }
            try await gateway.delete(on: transaction)
        }
    }
}
