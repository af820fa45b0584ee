import Commerce
import Localization
import Plot
import Schema
import Vapor

/// The gateways area's pages: the list with each postback URL, and the form that takes secrets but never shows them.
enum GatewaysAdminPages {
    static func list(_ context: PageContext, gateways: [PaymentGateway], notice: AdminNotice?) -> Response {
        let copy = context.copy
        return AdminLayout.render(
            context, area: .gateways, title: copy.paymentGateways, notice: notice?.message(copy),
            .section(
                .class("card"),
                .p(.class("hint"), .text(copy.gatewaysIntro)),
                .p(.a(.class("button"), .href(AdminURL.gatewayNew.path), .text(copy.newGateway))),
                .if(
                    gateways.isEmpty, .p(.class("hint"), .text(copy.noGateways)),
                    else: .div(
                        .class("table-scroll"),
                        .table(
                            .thead(
                                .tr(
                                    .th(.text(copy.provider)), .th(.text(copy.status)), .th(.text(copy.postbackURL)),
                                    .th())),
                            .tbody(
                                .forEach(gateways) { gateway in
                                    .tr(
                                        .td(
                                            .a(
                                                .href(AdminURL.gateway(gateway.id).path),
                                                .text(
                                                    PaymentProviders.Kind(rawValue: gateway.name)?.displayName
                                                        ?? gateway.name))),
                                        .td(
                                            .span(
                                                .class(gateway.isActive ? "badge active" : "badge"),
                                                .text(
                                                    copy.gatewayTakes(
                                                        card: gateway.takesCard, pix: gateway.takesPix)))),
                                        .td(
                                            .code(
                                                .text(
                                                    PaymentProviders.postbackURL(
                                                        of: gateway, siteAddress: context.siteAddress)))),
                                        .td(
                                            SiteLayout.postButton(
                                                copy.delete, to: AdminURL.gatewayDelete(gateway.id).path, context,
                                                style: "link-button"))
                                    )
                                })
                        )
                    ))
            )
        )
    }

    static func form(_ context: PageContext, gateway: PaymentGateway?, state: FormState, status: HTTPResponseStatus)
        -> Response
    {
        let copy = context.copy
        let kind = PaymentProviders.Kind(rawValue: gateway?.name ?? state[value: "name"])
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
                    .p(.class("hint"), .text(copy.postbackURLHint)),
                    // Providers deliver only to a public https address; one made from a local request reaches nobody.
                    .if(
                        !PaymentProviders.postbackURL(of: gateway, siteAddress: context.siteAddress).hasPrefix(
                            "https://"),
                        .p(.class("form-error"), .text(copy.postbackURLNotPublic)))
                )
            },
            .section(
                .class("card"),
                .form(
                    .action(gateway.map { AdminURL.gateway($0.id).path } ?? AdminURL.gatewayNew.path), .method(.post),
                    .attribute(named: "novalidate"), .attribute(named: "autocomplete", value: "off"),
                    SiteLayout.formTokenField(context),
                    FormFields.formError(state),
                    .if(
                        gateway == nil,
                        .group(
                            // Each provider asks for its own fields: choosing one redraws the form for it.
                            .p(
                                .class("hint"),
                                .forEach(PaymentProviders.Kind.allCases) { choice in
                                    .group(
                                        .a(
                                            .href(AdminURL.gatewayNew.path + "?provider=" + choice.rawValue),
                                            .text(choice.displayName)), .text(" "))
                                }),
                            FormFields.select(
                                "name", label: copy.provider,
                                options: PaymentProviders.Kind.allCases.map { ($0.rawValue, $0.displayName) },
                                state: state))
                    ),
                    FormFields.input(
                        "public_key",
                        label: kind == .sandbox
                            ? copy.sandboxPixKey : kind == .apiPix ? copy.apiPixClientID : copy.gatewayPublicKey,
                        state: state,
                        autocomplete: "off", required: kind == .apiPix),
                    FormFields.input(
                        "secret_key",
                        label: kind == .mercadoPago
                            ? copy.mercadoPagoAccessToken
                            : kind == .apiPix ? copy.apiPixClientSecret : copy.gatewaySecret,
                        type: .password,
                        state: state, autocomplete: "new-password",
                        hint: hasSecret ? copy.secretStoredHint : copy.secretSealedHint,
                        required: !hasSecret, keepsValue: false),
                    .if(kind == .apiPix, apiPixFields(copy, gateway: gateway, state: state)),
                    .if(
                        kind == .mercadoPago,
                        FormFields.input(
                            "webhook_secret", label: copy.mercadoPagoWebhookSecret, type: .password, state: state,
                            autocomplete: "new-password",
                            hint: hasWebhookSecret ? copy.secretStoredHint : copy.mercadoPagoWebhookSecretHint,
                            required: !hasWebhookSecret,
                            keepsValue: false)),
                    .fieldset(
                        .element(named: "legend", text: copy.gatewayTakes),
                        .p(.class("hint"), .text(copy.gatewayTakesHint)),
                        .if(
                            kind?.acceptsCards != false,
                            .group(
                                FormFields.checkbox(
                                    "takes_card", label: copy.gatewayTakesCard,
                                    isChecked: state[value: "takes_card"] == "true"),
                                .unwrap(state.fieldErrors["takes_card"]) { .p(.class("field-error"), .text($0)) })),
                        FormFields.checkbox(
                            "takes_pix", label: copy.gatewayTakesPix, isChecked: state[value: "takes_pix"] == "true"),
                        .unwrap(state.fieldErrors["takes_pix"]) { .p(.class("field-error"), .text($0)) }
                    ),
                    .button(.type(.submit), .class("button"), .text(copy.save))
                )
            )
        )
    }

    /// An API Pix PSP's addresses, the receiver's key and account, and the client certificate for mutual TLS.
    static func apiPixFields(_ copy: Copy, gateway: PaymentGateway?, state: FormState) -> Node<HTML.FormContext> {
        let hasCertificate = !(gateway?.clientCertificate ?? "").isEmpty
        return .group(
            FormFields.input(
                "api_base_url", label: copy.apiPixBaseURL, type: .url, state: state, hint: copy.apiPixBaseURLHint),
            FormFields.input("token_url", label: copy.apiPixTokenURL, type: .url, state: state),
            FormFields.select(
                "token_request_format", label: copy.apiPixTokenFormat,
                options: [("form", copy.apiPixTokenFormatForm), ("json", copy.apiPixTokenFormatJSON)], state: state),
            FormFields.input("scopes", label: copy.apiPixScopes, state: state, required: false),
            FormFields.input("pix_key", label: copy.apiPixPixKey, state: state),
            FormFields.input("account_branch", label: copy.apiPixAccountBranch, state: state, required: false),
            FormFields.input(
                "account_number", label: copy.apiPixAccountNumber, state: state, hint: copy.apiPixAccountHint,
                required: false),
            FormFields.select(
                "account_kind", label: copy.apiPixAccountKind,
                options: [
                    ("CORRENTE", copy.apiPixAccountChecking), ("POUPANCA", copy.apiPixAccountSavings),
                    ("PAGAMENTO", copy.apiPixAccountPayment),
                ], state: state),
            FormFields.textArea(
                "client_certificate", label: copy.apiPixClientCertificate, state: state,
                hint: hasCertificate ? copy.secretStoredHint : copy.apiPixClientCertificateHint, rows: 6),
            FormFields.textArea(
                "server_trust_roots", label: copy.apiPixServerTrustRoots, state: state,
                hint: copy.apiPixServerTrustRootsHint, rows: 3),
            .p(.class("hint"), .text(copy.apiPixWebhooksHint))
        )
    }
}
