import Commerce
import Fluent
import Localization
import Schema
import Vapor

/// The admin panel's payment gateways (`/admin/gateways`): which provider takes payments, its keys (secrets are
/// written, never shown), and the postback URL to paste into the provider's dashboard.
enum GatewaysAdminController {
    static func register(on routes: any RoutesBuilder) {
        routes.get(AdminURL.gateways.pathComponents, use: list)
        routes.get(AdminURL.gatewayNew.pathComponents, use: newGateway)
        routes.post(AdminURL.gatewayNew.pathComponents, use: create)
        routes.get(AdminURL.gateway(nil).pathComponents, use: edit)
        routes.post(AdminURL.gateway(nil).pathComponents, use: update)
        routes.post(AdminURL.gatewayDelete(nil).pathComponents, use: delete)
    }

    struct GatewayForm: Content {
        var name: String?
        var public_key: String?
        var secret_key: String?
        var webhook_secret: String?
        var is_active: String?

        var input: GatewayAdministration.Input {
            .init(
                provider: name ?? "", publicKey: public_key ?? "", secretKey: secret_key ?? "",
                webhookSecret: webhook_secret ?? "",
                isActive: is_active == "true")
        }

        /// What the form shows again. Secrets never: not even the one just typed.
        var values: [String: String] {
            ["name": name ?? "", "public_key": public_key ?? "", "is_active": is_active ?? ""]
        }

        init(_ gateway: PaymentGateway?) {
            name = gateway?.name ?? PaymentProviders.Kind.mercadoPago.rawValue
            public_key = gateway?.publicKey
            is_active = gateway?.isActive ?? false ? "true" : nil
        }
    }

    @Sendable static func list(req: Request) async throws -> Response {
        GatewaysAdminPages.list(
            await req.pageContext(), gateways: try await GatewayAdministration.all(on: req.db), notice: req.adminNotice)
    }

    @Sendable static func newGateway(req: Request) async throws -> Response {
        GatewaysAdminPages.form(
            await req.pageContext(), gateway: nil, state: FormState(values: GatewayForm(nil).values), status: .ok)
    }

    @Sendable static func create(req: Request) async throws -> Response { try await save(req, into: PaymentGateway()) }

    @Sendable static func edit(req: Request) async throws -> Response {
        let gateway = try await GatewaysAPI.gateway(req)
        return GatewaysAdminPages.form(
            await req.pageContext(), gateway: gateway, state: FormState(values: GatewayForm(gateway).values),
            status: .ok)
    }

    @Sendable static func update(req: Request) async throws -> Response {
        try await save(req, into: try await GatewaysAPI.gateway(req))
    }

    static func save(_ req: Request, into gateway: PaymentGateway) async throws -> Response {
        let form = try req.content.decode(GatewayForm.self)
        return try await req.submitForm(keeping: form.values) {
            try await GatewaysAPI.save(form.input, into: gateway, req)
            return AdminURL.gateways.with(.saved)
        } orRedraw: { context, state, status in
            GatewaysAdminPages.form(context, gateway: gateway.id == nil ? nil : gateway, state: state, status: status)
        }
    }

    @Sendable static func delete(req: Request) async throws -> Response {
        try await GatewayAdministration.delete(try await GatewaysAPI.gateway(req), on: req.db)
        return req.redirectAfterForm(to: AdminURL.gateways.with(.deleted))
    }
}
