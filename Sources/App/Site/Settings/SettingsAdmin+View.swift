import Localization
import Plot
import Schema
import Site
import Vapor

/// The settings area's page.
enum SettingsAdminPages {
    static func page(
        _ context: PageContext, knownState: FormState, freeSettings: [AdminSetting], freeState: FormState,
        notice: AdminNotice?, status: HTTPResponseStatus
    ) -> Response {
        let copy = context.copy
        return AdminLayout.render(
            context, area: .settings, title: copy.settings, status: status, notice: notice?.message(copy),
            .section(
                .class("card"),
                .h2(.text(copy.siteSettings)),
                .form(
                    .action(AdminURL.settings.path), .method(.post), .attribute(named: "novalidate"),
                    SiteLayout.formTokenField(context),
                    FormFields.formError(knownState),
                    .forEach(KnownSetting.allCases) { setting in
                        field(for: setting, state: knownState, copy: copy)
                    },
                    .button(.type(.submit), .class("button"), .text(copy.save))
                )
            ),
            .section(
                .class("card"), .id("chaves"),
                .h2(.text(copy.freeSettings)),
                .p(.class("hint"), .text(copy.freeSettingsHint)),
                .if(
                    freeSettings.isEmpty, .p(.text(copy.noFreeSettings)),
                    else: .div(
                        .class("table-scroll"),
                        .table(
                            .thead(.tr(.th(.text(copy.key)), .th(.text(copy.value)), .th())),
                            .tbody(
                                .forEach(freeSettings) { setting in
                                    .tr(
                                        .td(.span(.class("setting-key"), .text(setting.id ?? ""))),
                                        .td(.text(setting.value)),
                                        .td(
                                            SiteLayout.postButton(
                                                copy.delete, to: AdminURL.freeSettingDelete(setting.id).path, context,
                                                style: "link-button"))
                                    )
                                })
                        )
                    )),
                .h3(.text(copy.addSetting)),
                .form(
                    .action(AdminURL.freeSettings.path), .method(.post), .attribute(named: "novalidate"),
                    SiteLayout.formTokenField(context),
                    FormFields.formError(freeState),
                    FormFields.input(
                        "key", label: copy.key, state: freeState, autocomplete: "off", hint: copy.settingBadKey),
                    FormFields.textArea("value", label: copy.value, state: freeState, rows: 2),
                    .button(.type(.submit), .class("button"), .text(copy.addSetting))
                )
            )
        )
    }

    static func field(for setting: KnownSetting, state: FormState, copy: Copy) -> Node<HTML.FormContext> {
        let key = setting.rawValue
        let label = copy.settingLabel(key)
        let hint = copy.settingDescription(key)
        switch setting {
        case .language:
            return FormFields.select(
                key, label: label,
                options: [
                    (SiteLanguageSetting.portuguese.rawValue, copy.languagePortuguese),
                    (SiteLanguageSetting.english.rawValue, copy.languageEnglish),
                    (SiteLanguageSetting.browser.rawValue, copy.languageBrowser),
                ],
                state: state, hint: hint)
        case .supportText, .tagline:
            return FormFields.textArea(key, label: label, state: state, hint: hint, rows: 2)
        case .logoURL:
            return FormFields.input(
                key, label: label, type: .url, state: state, autocomplete: "off", hint: hint, required: false)
        case .siteName:
            return FormFields.input(key, label: label, state: state, autocomplete: "off", hint: hint)
        case .recoveryEmails:
            return FormFields.select(
                key, label: label, options: [("true", copy.yes), ("false", copy.no)], state: state, hint: hint)
        case .saleNotificationEmail:
            return FormFields.input(
                key, label: label, type: .email, state: state, autocomplete: "email", hint: hint, required: false)
        case .whitelabelSyncInterval, .uploadMaxImageMB, .uploadMaxVideoMB, .checkoutAbandonMinutes,
            .adsEventRetentionDays,
            .signUpsPerAddressPerHour, .openCheckoutsPerEmail, .openCheckoutsPerCPF, .paymentEventsRetentionDays,
            .graceDays:
            return FormFields.input(key, label: label, type: .number, state: state, autocomplete: "off", hint: hint)
        }
    }
}
