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
        var takes_card: String?
        var takes_pix: String?
        // API Pix
        var api_base_url: String?
        var token_url: String?
        var token_request_format: String?
        var scopes: String?
        var pix_key: String?
        var account_branch: String?
        var account_number: String?
        var account_kind: String?
        var server_trust_roots: String?
        var client_certificate: String?

        static let settingNames = [
            "api_base_url", "token_url", "token_request_format", "scopes", "pix_key", "account_branch",
            "account_number", "account_kind", "server_trust_roots",
        ]

        func input(current: PaymentGateway?) -> GatewayAdministration.Input {
            let kind = PaymentProviders.Kind(rawValue: current?.name ?? name ?? "")
            var fields = APIPixSettingsFields(nil)
            fields.apiBaseUrl = api_base_url
            fields.tokenUrl = token_url
            fields.tokenRequestFormat = token_request_format
            fields.scopes = scopes ?? ""
            fields.pixKey = pix_key
            fields.accountBranch = account_branch ?? ""
            fields.accountNumber = account_number ?? ""
            fields.accountKind = account_kind
            fields.serverTrustRoots = server_trust_roots ?? ""
            return .init(
                provider: name ?? "", publicKey: public_key ?? "", secretKey: secret_key ?? "",
                webhookSecret: webhook_secret ?? "",
                // Unticked boxes send nothing: the form always says what it wants.
                takesCard: takes_card == "true", takesPix: takes_pix == "true",
                apiPixSettings: kind == .apiPix ? fields.settings(over: current?.apiPixSettings) : nil,
                clientCertificate: client_certificate ?? "")
        }

        /// What the form shows again. Secrets never: not even the one just typed (the certificate with its key
        /// is one).
        var values: [String: String] {
            var values = [
                "name": name ?? "", "public_key": public_key ?? "", "takes_card": takes_card ?? "",
                "takes_pix": takes_pix ?? "",
            ]
            let settings: [String?] = [
                api_base_url, token_url, token_request_format, scopes, pix_key, account_branch, account_number,
                account_kind, server_trust_roots,
            ]
            for (name, value) in zip(Self.settingNames, settings) { values[name] = value ?? "" }
            return values
        }

        init(_ gateway: PaymentGateway?, provider: PaymentProviders.Kind? = nil) {
            name = gateway?.name ?? (provider ?? .mercadoPago).rawValue
            public_key = gateway?.publicKey
            takes_card = gateway?.takesCard ?? false ? "true" : nil
            takes_pix = gateway?.takesPix ?? false ? "true" : nil
            let settings = gateway?.apiPixSettings
            api_base_url = settings?.apiBaseURL
            token_url = settings?.tokenURL
            token_request_format = settings?.tokenRequestFormat.rawValue
            scopes = settings?.scopes
            pix_key = settings?.pixKey
            account_branch = settings?.receiverAccount?.branch
            account_number = settings?.receiverAccount?.number
            account_kind = settings?.receiverAccount?.kind.rawValue
            server_trust_roots = settings?.serverTrustRootsPEM
        }
    }

    @Sendable static func list(req: Request) async throws -> Response {
        GatewaysAdminPages.list(
            await req.pageContext(), gateways: try await GatewayAdministration.all(on: req.db), notice: req.adminNotice)
    }

    @Sendable static func newGateway(req: Request) async throws -> Response {
        let provider = req.query[String.self, at: "provider"].flatMap(PaymentProviders.Kind.init(rawValue:))
        return GatewaysAdminPages.form(
            await req.pageContext(), gateway: nil,
            state: FormState(values: GatewayForm(nil, provider: provider).values),
            status: .ok)
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
            try await GatewaysAPI.save(form.input(current: gateway.id == nil ? nil : gateway), into: gateway, req)
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
