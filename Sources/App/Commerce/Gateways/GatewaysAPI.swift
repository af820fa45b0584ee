import APISchema
import Commerce
import Fluent
import Localization
import Payments
import Schema
import Vapor

/// `/api/v1/admin/gateways`: the payment gateways. Secrets go in and never come out: an answer says only
/// whether each is set.
enum GatewaysAPI {

    struct GatewayDTO: Content {
        let id: Int
        let name: String
        let displayName: String
        let publicKey: String?
        let hasSecretKey: Bool
        let hasWebhookSecret: Bool
        /// Takes some payment method.
        let isActive: Bool
        let takesCard: Bool
        let takesPix: Bool
        /// Where the provider must send postbacks: paste it into the provider's dashboard.
        let postbackUrl: String
        /// API Pix: the PSP's settings, and whether the client certificate is stored.
        let settings: APIPixSettingsFields?
        let hasClientCertificate: Bool

        init(_ gateway: PaymentGateway, siteAddress: String) {
            id = gateway.id ?? 0
            name = gateway.name
            displayName = PaymentProviders.Kind(rawValue: gateway.name)?.displayName ?? gateway.name
            publicKey = gateway.publicKey
            hasSecretKey = !(gateway.secretKey ?? "").isEmpty
            hasWebhookSecret = !(gateway.webhookSecret ?? "").isEmpty
            isActive = gateway.isActive
            takesCard = gateway.takesCard
            takesPix = gateway.takesPix
            postbackUrl = PaymentProviders.postbackURL(of: gateway, siteAddress: siteAddress)
            settings = gateway.apiPixSettings.map(APIPixSettingsFields.init)
            hasClientCertificate = !(gateway.clientCertificate ?? "").isEmpty
        }

        static let schema = JSONSchema.object([
            .init("id", .integer), .init("name", .string), .init("display_name", .string),
            .init("public_key", .nullable(.string)),
            .init("has_secret_key", .boolean), .init("has_webhook_secret", .boolean), .init("is_active", .boolean),
            .init("takes_card", .boolean), .init("takes_pix", .boolean),
            .init("postback_url", .string), .init("settings", .nullable(APIPixSettingsFields.schema)),
            .init("has_client_certificate", .boolean),
        ])
    }

    struct GatewayBody: Content {
        var name: String?
        var publicKey: String?
        var secretKey: String?
        var webhookSecret: String?
        var isActive: Bool?
        var takesCard: Bool?
        var takesPix: Bool?
        var settings: APIPixSettingsFields?
        var clientCertificate: String?

        func input(current: PaymentGateway?) -> GatewayAdministration.Input {
            .init(
                provider: name ?? current?.name ?? "", publicKey: publicKey ?? current?.publicKey ?? "",
                secretKey: secretKey ?? "",
                webhookSecret: webhookSecret ?? "", isActive: isActive, takesCard: takesCard, takesPix: takesPix,
                apiPixSettings: settings?.settings(over: current?.apiPixSettings),
                clientCertificate: clientCertificate ?? "")
        }

        static let schema = JSONSchema.object(
            [
                .init("name", .string(allowed: PaymentProviders.Kind.allCases.map(\.rawValue))),
                .init(
                    "public_key",
                    .string(description: "Sandbox: the Pix key its BR Codes name. Mercado Pago: the public key.")),
                .init(
                    "secret_key",
                    .string(
                        description:
                            "Sandbox: the postback signing secret. Mercado Pago: the access token. Omit or leave empty to keep the stored one."
                    )),
                .init(
                    "webhook_secret",
                    .string(description: "Mercado Pago: the webhooks' secret signature. Omit to keep the stored one.")),
                .init(
                    "is_active",
                    .boolean(
                        description:
                            "true: this gateway takes every payment method its provider can, taking them from the others; false: none. Omit to leave them."
                    )),
                .init(
                    "takes_card",
                    .boolean(
                        description:
                            "true: this gateway charges cards (another that did stops); false: it stops, once another takes them. Over is_active."
                    )),
                .init(
                    "takes_pix",
                    .boolean(
                        description:
                            "true: this gateway charges Pix (another that did stops); false: it stops, once another takes it. Over is_active."
                    )),
                .init("settings", APIPixSettingsFields.schema),
                .init(
                    "client_certificate",
                    .string(
                        description:
                            "API Pix: the client certificate the PSP issued and its private key, PEM, one after the other. Omit to keep the stored one."
                    )),
            ], required: ["name"])

        /// A change: every field may be left out (empty or absent secrets keep the stored ones); a gateway's provider
        /// can't change, so `name` is read only when adding one.
        static var updateSchema: JSONSchema {
            guard case .object(let properties, _) = schema else { return schema }
            return .object(properties, required: [])
        }
    }

    static let operations: [APIRoute] = [
        APIRoute(
            method: .GET, url: .adminGateways, summary: "The payment gateways (secrets are never returned)",
            tag: "admin", access: .admin,
            responses: [(.ok, "The gateways", .array(.reference("Gateway")))] + APIResponses.adminRefusals,
            handler: list),
        APIRoute(
            method: .POST, url: .adminGateways, summary: "Add a payment gateway; its secrets are stored encrypted",
            tag: "admin", access: .admin,
            requestBody: GatewayBody.schema,
            responses: [
                (.created, "Added", .reference("Gateway")), APIResponses.invalid,
                (.conflict, "That provider has a gateway already", .reference("Error")),
            ] + APIResponses.adminRefusals,
            handler: create),
        APIRoute(
            method: .PUT, url: .adminGateway(nil), summary: "Change a gateway; empty secrets keep the stored ones",
            tag: "admin",
            access: .admin, parameters: [.id(of: "gateway")], requestBody: GatewayBody.updateSchema,
            responses: [(.ok, "Saved", .reference("Gateway")), APIResponses.notFound("gateway"), APIResponses.invalid]
                + APIResponses.adminRefusals,
            handler: update),
        APIRoute(
            method: .DELETE, url: .adminGateway(nil),
            summary: "Delete a gateway (one that takes payments only when it is the last)", tag: "admin",
            access: .admin, parameters: [.id(of: "gateway")],
            responses: [
                (.noContent, "Deleted", nil), APIResponses.notFound("gateway"),
                (.conflict, "It takes payments: give them to another gateway first", .reference("Error")),
            ] + APIResponses.adminRefusals,
            handler: delete),
    ]

    static func gateway(_ req: Request) async throws -> PaymentGateway {
        guard let gateway = try await PaymentGateway.find(try req.recordID(), on: req.db) else {
            throw Refusal.unknown(.paymentGateway)
        }
        return gateway
    }

    @Sendable static func list(req: Request) async throws -> Response {
        try APICoding.response(
            try await GatewayAdministration.all(on: req.db).map { GatewayDTO($0, siteAddress: req.siteAddress) })
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let gateway = PaymentGateway()
        try await save(try req.apiBody(GatewayBody.self).input(current: nil), into: gateway, req)
        return try APICoding.response(GatewayDTO(gateway, siteAddress: req.siteAddress), status: .created)
    }

    @Sendable static func update(req: Request) async throws -> Response {
        let gateway = try await gateway(req)
        try await save(try req.apiBody(GatewayBody.self).input(current: gateway), into: gateway, req)
        return try APICoding.response(GatewayDTO(gateway, siteAddress: req.siteAddress))
    }

    static func save(_ input: GatewayAdministration.Input, into gateway: PaymentGateway, _ req: Request) async throws {
        try await GatewayAdministration.save(
            input, into: gateway, appSecret: req.application.configuration.appSecret, siteAddress: req.siteAddress,
            allowsSandbox: req.application.configuration.allowsSandbox, on: req.db)
        try await registerWebhooks(of: gateway, req)
    }

    /// API Pix: tells the PSP where to call, on every save, so a changed address or certificate takes effect.
    /// The gateway is saved either way; a PSP that refuses is shown, for the admin to fix and save again.
    static func registerWebhooks(of gateway: PaymentGateway, _ req: Request) async throws {
        guard PaymentProviders.Kind(rawValue: gateway.name) == .apiPix,
            let provider = try PaymentProviders.provider(for: gateway, setup: await req.paymentProviderSetup())
                as? APIPixGateway
        else { return }
        do {
            try await provider.registerWebhooks(
                url: PaymentProviders.postbackURL(of: gateway, siteAddress: req.siteAddress))
        } catch {
            req.logger.warning("the API Pix webhooks were not registered: \(error)")
            throw Refusal(.unavailable, reason: WebhooksNotRegistered(cause: "\(error)"))
        }
    }

    @Sendable static func delete(req: Request) async throws -> Response {
        try await GatewayAdministration.delete(try await gateway(req), on: req.db)
        return APICoding.noContent()
    }
}
