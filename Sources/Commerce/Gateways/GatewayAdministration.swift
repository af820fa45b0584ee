import FluentKit
import Foundation
import Localization
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
    /// Exactly one gateway is active: switching one off means switching another on.
    case mustStayActive = "must_stay_active"
    /// In production the sandbox would hand out free subscriptions (`ALLOW_SANDBOX_IN_PRODUCTION`).
    case sandboxInProduction = "sandbox_in_production"
    /// The active gateway can't be deleted while others exist: one of them must take over first.
    case activeInUse = "active_in_use"

    public func message(_ copy: Copy) -> String {
        switch self {
        case .providerUnknown: copy.gatewayProviderUnknown
        case .providerTaken: copy.gatewayProviderTaken
        case .secretRequired: copy.gatewaySecretRequired
        case .webhookSecretRequired: copy.gatewayWebhookSecretRequired
        case .secretTooLong: copy.gatewaySecretTooLong
        case .publicKeyTooLong: copy.gatewayPublicKeyTooLong
        case .mustStayActive: copy.gatewayMustStayActive
        case .sandboxInProduction: copy.gatewaySandboxInProduction
        case .activeInUse: copy.gatewayActiveDelete
        }
    }
}

extension Refusal {
    /// Gateway input refused field by field: a conflict when the provider already has a gateway, else invalid.
    public static func gateway(_ problems: [String: GatewayProblem]) -> Refusal {
        Refusal(problems.values.contains(.providerTaken) ? .conflict : .invalid, fields: problems)
    }
}

/// Payment gateways (`payment_gateways`) as admins manage them. Secrets are sealed with `SecretBox` as they are
/// saved and never read back out: the admin sees only whether one is set. Exactly one gateway is active once any
/// is: the first becomes active by itself, and switching one on switches the others off in the same statement.
public enum GatewayAdministration {
    public struct Input: Sendable {
        public var provider: String
        public var publicKey: String
        /// Empty keeps the stored secret.
        public var secretKey: String
        public var webhookSecret: String
        public var isActive: Bool

        public init(provider: String, publicKey: String, secretKey: String, webhookSecret: String, isActive: Bool) {
            self.provider = provider
            self.publicKey = publicKey
            self.secretKey = secretKey
            self.webhookSecret = webhookSecret
            self.isActive = isActive
        }
    }

    public static let maximumSecretLength = 500

    public static func all(on database: any Database) async throws -> [PaymentGateway] {
        try await PaymentGateway.query(on: database).sort(\.$name).all()
    }

    public static func save(
        _ input: Input, into gateway: PaymentGateway, appSecret: String, postbackURL: (_ gatewayName: String) -> String,
        allowsSandbox: Bool = true, on database: any Database
    ) async throws {
        let isNew = gateway.id == nil
        var problems: [String: GatewayProblem] = [:]
        let name = isNew ? input.provider.trimmingCharacters(in: .whitespaces).lowercased() : gateway.name
        let kind = PaymentProviders.Kind(rawValue: name)
        if kind == nil { problems["name"] = .providerUnknown }
        let publicKey = input.publicKey.trimmingCharacters(in: .whitespacesAndNewlines)
        if publicKey.count > 200 { problems["public_key"] = .publicKeyTooLong }
        let secret = input.secretKey.trimmingCharacters(in: .whitespacesAndNewlines)
        let webhookSecret = input.webhookSecret.trimmingCharacters(in: .whitespacesAndNewlines)
        if secret.count > maximumSecretLength { problems["secret_key"] = .secretTooLong }
        if webhookSecret.count > maximumSecretLength { problems["webhook_secret"] = .secretTooLong }
        if secret.isEmpty, gateway.secretKey?.isEmpty ?? true { problems["secret_key"] = .secretRequired }
        if kind?.hasWebhookSecret == true, webhookSecret.isEmpty, gateway.webhookSecret?.isEmpty ?? true {
            problems["webhook_secret"] = .webhookSecretRequired
        }
        if !isNew, gateway.isActive, !input.isActive { problems["is_active"] = .mustStayActive }
        let mayActivate = kind != .sandbox || allowsSandbox
        if input.isActive, !mayActivate { problems["is_active"] = .sandboxInProduction }
        guard problems.isEmpty else { throw Refusal.gateway(problems) }

        let box = SecretBox(appSecret: appSecret)
        gateway.name = name
        gateway.publicKey = publicKey.isEmpty ? nil : publicKey
        if !secret.isEmpty { gateway.secretKey = try box.seal(secret) }
        if !webhookSecret.isEmpty, kind?.hasWebhookSecret == true {
            gateway.webhookSecret = try box.seal(webhookSecret)
        }
        gateway.postbackURL = postbackURL(name)
        try await database.transaction { transaction in
            try await serializeGatewayWrites(on: transaction)
            if isNew, try await PaymentGateway.query(on: transaction).filter(\.$name == name).count() > 0 {
                throw Refusal.gateway(["name": .providerTaken])
            }
            let actives = PaymentGateway.query(on: transaction).filter(\.$isActive == true)
            if let id = gateway.id { actives.filter(\.$id != id) }
            let anotherIsActive = try await actives.count() > 0
            gateway.isActive = mayActivate && ((!isNew && gateway.isActive) || input.isActive || !anotherIsActive)
            try await gateway.save(on: transaction)
            if gateway.isActive { try await activate(try gateway.requireID(), on: transaction) }
        }
    }

    /// Makes one gateway the active one: a single statement over every row.
    public static func activate(_ id: Int, on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("UPDATE payment_gateways SET is_active = (id = \(bind: id))").run()
    }

    /// Gateway changes one at a time. "Exactly one active" is a rule across rows, so two admins saving at once
    /// must not each decide from what the other hasn't committed yet (and row locks taken in different orders
    /// would deadlock). PostgreSQL: a table lock that still lets checkouts read; SQLite has one writer anyway.
    public static func serializeGatewayWrites(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase, try SQLFlavor(sql) == .postgres else { return }
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
