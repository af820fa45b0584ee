import Fluent
import Localization
import Plot
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
        var provider: String?
        var public_key: String?
        var secret_key: String?
        var webhook_secret: String?
        var is_active: String?

        var input: GatewayAdministration.Input {
            .init(provider: provider ?? "", publicKey: public_key ?? "", secretKey: secret_key ?? "", webhookSecret: webhook_secret ?? "",
                  isActive: is_active == "true")
        }

        /// What the form shows again. Secrets never: not even the one just typed.
        var values: [String: String] {
            ["provider": provider ?? "", "public_key": public_key ?? "", "is_active": is_active ?? ""]
        }

        init(_ gateway: PaymentGateway?) {
            provider = gateway?.name ?? PaymentProviders.Kind.mercadoPago.rawValue
            public_key = gateway?.publicKey
            is_active = gateway?.isActive ?? false ? "true" : nil
        }
    }

    @Sendable static func list(req: Request) async throws -> Response {
        GatewaysAdminPages.list(await req.pageContext(), gateways: try await GatewayAdministration.all(on: req.db), notice: req.adminNotice)
    }

    @Sendable static func newGateway(req: Request) async throws -> Response {
        GatewaysAdminPages.form(await req.pageContext(), gateway: nil, state: FormState(values: GatewayForm(nil).values), status: .ok)
    }

    @Sendable static func create(req: Request) async throws -> Response { try await save(req, into: PaymentGateway()) }

    @Sendable static func edit(req: Request) async throws -> Response {
        let gateway = try await GatewaysAPI.gateway(req)
        return GatewaysAdminPages.form(await req.pageContext(), gateway: gateway, state: FormState(values: GatewayForm(gateway).values), status: .ok)
    }

    @Sendable static func update(req: Request) async throws -> Response { try await save(req, into: try await GatewaysAPI.gateway(req)) }

    static func save(_ req: Request, into gateway: PaymentGateway) async throws -> Response {
        let form = try req.content.decode(GatewayForm.self)
        do {
            try await GatewaysAPI.save(form.input, into: gateway, req)
            return req.redirectAfterForm(to: AdminURL.gateways.with(.saved))
        } catch let refused as GatewayRefused {
            let context = await req.pageContext()
            let state = FormState(values: form.values, fieldErrors: refused.messages(context.copy), formError: context.copy.fixTheFields)
            return GatewaysAdminPages.form(context, gateway: gateway.id == nil ? nil : gateway, state: state, status: refused.status)
        }
    }

    @Sendable static func delete(req: Request) async throws -> Response {
        try await GatewayAdministration.delete(try await GatewaysAPI.gateway(req), on: req.db)
        return req.redirectAfterForm(to: AdminURL.gateways.with(.deleted))
    }
}

enum GatewaysAdminPages {
    static func list(_ context: PageContext, gateways: [PaymentGateway], notice: AdminNotice?) -> Response {
        let copy = context.copy
        return AdminLayout.render(
            context, area: .gateways, title: copy.paymentGateways, notice: notice?.message(copy),
            .section(
                .class("card"),
                .p(.class("hint"), .text(copy.gatewaysIntro)),
                .p(.a(.class("button"), .href(AdminURL.gatewayNew.path), .text(copy.newGateway))),
                .if(gateways.isEmpty, .p(.class("hint"), .text(copy.noGateways)), else: .div(
                    .class("table-scroll"),
                    .table(
                        .thead(.tr(.th(.text(copy.provider)), .th(.text(copy.status)), .th(.text(copy.postbackURL)), .th())),
                        .tbody(.forEach(gateways) { gateway in
                            .tr(
                                .td(.a(.href(AdminURL.gateway(gateway.id).path),
                                       .text(PaymentProviders.Kind(rawValue: gateway.name)?.displayName ?? gateway.name))),
                                .td(.span(.class(gateway.isActive ? "badge active" : "badge"),
                                          .text(gateway.isActive ? copy.gatewayActive : copy.inactive))),
                                .td(.code(.text(PaymentProviders.postbackURL(of: gateway, siteAddress: context.siteAddress)))),
                                .td(SiteLayout.postButton(copy.delete, to: AdminURL.gatewayDelete(gateway.id).path, context, style: "link-button"))
                            )
                        })
                    )
                ))
            )
        )
    }

    static func form(_ context: PageContext, gateway: PaymentGateway?, state: FormState, status: HTTPResponseStatus) -> Response {
        let copy = context.copy
        let kind = PaymentProviders.Kind(rawValue: gateway?.name ?? state[value: "provider"])
        let hasSecret = !(gateway?.secretKey ?? "").isEmpty
        let hasWebhookSecret = !(gateway?.webhookSecret ?? "").isEmpty
        let title = gateway.map { PaymentProviders.Kind(rawValue: $0.name)?.displayName ?? $0.name } ?? copy.newGateway
        return AdminLayout.render(
            context, area: .gateways, title: title, status: status,
            .p(.a(.href(AdminURL.gateways.path), .text("← " + copy.paymentGateways))),
            .unwrap(gateway) { gateway in
                .section(
                    .class("card"),
                    .h2(.text(copy.postbackURL)),
                    .p(.code(.text(PaymentProviders.postbackURL(of: gateway, siteAddress: context.siteAddress)))),
                    .p(.class("hint"), .text(copy.postbackURLHint))
                )
            },
            .section(
                .class("card"),
                .form(
                    .action(gateway.map { AdminURL.gateway($0.id).path } ?? AdminURL.gatewayNew.path), .method(.post),
                    .attribute(named: "novalidate"), .attribute(named: "autocomplete", value: "off"),
                    SiteLayout.formTokenField(context),
                    FormFields.formError(state),
                    .if(gateway == nil, FormFields.select(
                        "provider", label: copy.provider,
                        options: PaymentProviders.Kind.allCases.map { ($0.rawValue, $0.displayName) }, state: state)),
                    FormFields.input("public_key", label: kind == .sandbox ? copy.sandboxPixKey : copy.gatewayPublicKey, state: state,
                                     autocomplete: "off", required: false),
                    FormFields.input(
                        "secret_key", label: kind == .mercadoPago ? copy.mercadoPagoAccessToken : copy.gatewaySecret, type: .password,
                        state: state, autocomplete: "new-password", hint: hasSecret ? copy.secretStoredHint : copy.secretSealedHint,
                        required: !hasSecret, keepsValue: false),
                    .if(kind != .sandbox, FormFields.input(
                        "webhook_secret", label: copy.mercadoPagoWebhookSecret, type: .password, state: state, autocomplete: "new-password",
                        hint: hasWebhookSecret ? copy.secretStoredHint : copy.mercadoPagoWebhookSecretHint, required: !hasWebhookSecret,
                        keepsValue: false)),
                    FormFields.checkbox("is_active", label: copy.gatewayMakeActive, isChecked: state[value: "is_active"] == "true"),
                    .unwrap(state.fieldErrors["is_active"]) { .p(.class("field-error"), .text($0)) },
                    .button(.type(.submit), .class("button"), .text(copy.save))
                )
            )
        )
    }
}
