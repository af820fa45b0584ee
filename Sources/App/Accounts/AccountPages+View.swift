import Accounts
import Localization
import Mail
import Plot
import Schema
import Vapor

/// The sign-in, sign-up and account pages.
enum AccountPages {
    static func signIn(
        _ context: PageContext, state: FormState, returnTo: String?, notice: String? = nil,
        status: HTTPResponseStatus = .ok
    ) -> Response {
        let copy = context.copy
        return SiteLayout.render(
            context, title: copy.signIn, status: status,
            .section(
                .class("card narrow"),
                .h1(.text(copy.signInHeading)),
                .unwrap(notice) { .p(.class("notice"), .attribute(named: "role", value: "status"), .text($0)) },
                .form(
                    .action(SiteURL.signIn.path), .method(.post), .attribute(named: "novalidate"),
                    SiteLayout.formTokenField(context),
                    .unwrap(returnTo) { .input(.type(.hidden), .name("next"), .value($0.htmlAttributeEscaped)) },
                    FormFields.formError(state),
                    FormFields.input("email", label: copy.email, type: .email, state: state, autocomplete: "email"),
                    FormFields.input(
                        "password", label: copy.password, type: .password, state: state,
                        autocomplete: "current-password", keepsValue: false),
                    .button(.type(.submit), .class("button wide"), .text(copy.signIn))
                ),
                .p(.class("aside"), .a(.href(SiteURL.forgotPassword.path), .text(copy.forgotPassword))),
                .p(.class("aside"), .text(copy.noAccountYet + " "), .a(.href(SiteURL.signUp.path), .text(copy.signUp)))
            ),
            AdViews.slot(context.ads[.login], copy, class: "ad-login")
        )
    }

    static func signUp(_ context: PageContext, state: FormState, status: HTTPResponseStatus = .ok) -> Response {
        let copy = context.copy
        return SiteLayout.render(
            context, title: copy.signUp, status: status,
            .section(
                .class("card narrow"),
                .h1(.text(copy.signUpHeading)),
                .form(
                    .action(SiteURL.signUp.path), .method(.post), .attribute(named: "novalidate"),
                    SiteLayout.formTokenField(context),
                    FormFields.formError(state),
                    FormFields.input("name", label: copy.name, state: state, autocomplete: "name"),
                    FormFields.input("email", label: copy.email, type: .email, state: state, autocomplete: "email"),
                    FormFields.input(
                        "password", label: copy.password, type: .password, state: state, autocomplete: "new-password",
                        hint: copy.passwordHint(minimum: AccountRules.minimumPasswordLength), keepsValue: false),
                    .button(.type(.submit), .class("button wide"), .text(copy.signUp))
                ),
                .p(
                    .class("aside"), .text(copy.haveAccountAlready + " "),
                    .a(.href(SiteURL.signIn.path), .text(copy.signIn)))
            ),
            AdViews.slot(context.ads[.register], copy, class: "ad-register")
        )
    }

    static func account(
        _ context: PageContext, summary: AccountSummary, notice: String?, passwordState: FormState,
        status: HTTPResponseStatus = .ok
    ) -> Response {
        let copy = context.copy
        let language = context.language
        return SiteLayout.render(
            context, title: copy.accountHeading, status: status,
            .unwrap(notice) { .p(.class("notice"), .attribute(named: "role", value: "status"), .text($0)) },
            .section(
                .class("card"),
                .h1(.text(copy.accountHeading)),
                .dl(
                    .class("facts"),
                    .dt(.text(copy.name)), .dd(.text(summary.name ?? "—")),
                    .dt(.text(copy.email)), .dd(.text(summary.email)),
                    .unwrap(summary.memberSince) { date in
                        .group(.dt(.text(copy.memberSince)), .dd(.text(SiteClock.day(date, in: language))))
                    }
                )
            ),
            .section(
                .class("card"), .id("assinatura"),
                .h2(.text(copy.subscriptionHeading)),
                subscriptionStatus(summary, context),
                .if(
                    !summary.subscriptions.isEmpty,
                    .group(
                        .h3(.text(copy.subscriptionHistory)),
                        subscriptionTable(summary, context)
                    )),
                .p(
                    .class("actions"),
                    .a(
                        .class("button secondary"), .href(SiteURL.accountSubscription.path),
                        .text(copy.manageSubscription)))
            ),
            .section(
                .class("card"), .id("senha"),
                .h2(.text(copy.changePassword)),
                .form(
                    .action(SiteURL.accountPassword.path), .method(.post), .attribute(named: "novalidate"),
                    SiteLayout.formTokenField(context),
                    FormFields.formError(passwordState),
                    FormFields.input(
                        "current_password", label: copy.currentPassword, type: .password, state: passwordState,
                        autocomplete: "current-password", keepsValue: false),
                    FormFields.input(
                        "new_password", label: copy.newPassword, type: .password, state: passwordState,
                        autocomplete: "new-password",
                        hint: copy.passwordHint(minimum: AccountRules.minimumPasswordLength),
                        keepsValue: false),
                    .button(.type(.submit), .class("button"), .text(copy.changePassword))
                )
            ),
            .section(
                .class("card"), .id("emails"),
                .h2(.text(copy.emailPreferences)),
                .form(
                    .action(SiteURL.accountEmails.path), .method(.post),
                    SiteLayout.formTokenField(context),
                    FormFields.checkbox(
                        "renewal_reminders",
                        label: copy.wantsCategory(copy.mailCategory(MailCategory.renewalReminders)),
                        isChecked: summary.wantsRenewalReminders),
                    FormFields.checkbox(
                        "recovery", label: copy.wantsCategory(copy.mailCategory(MailCategory.recovery)),
                        isChecked: summary.wantsRecoveryEmails),
                    .button(.type(.submit), .class("button"), .text(copy.savePreferences))
                )
            )
        )
    }

    static func subscriptionStatus(_ summary: AccountSummary, _ context: PageContext) -> Node<HTML.BodyContext> {
        let copy = context.copy
        switch summary.standing {
        case .active(let until):
            return .p(
                .class("subscription-status active"),
                .strong(.text(copy.subscriptionActive)),
                .unwrap(until) { .text(" · " + copy.activeUntil(SiteClock.day($0, in: context.language))) })
        case .expired(let on):
            return .p(
                .class("subscription-status expired"),
                .strong(.text(copy.subscriptionExpired)),
                .unwrap(on) { .text(" · " + copy.expiredOn(SiteClock.day($0, in: context.language))) })
        case .pending:
            return .p(.class("subscription-status pending"), .strong(.text(copy.subscriptionPending)))
        case .none:
            return .p(.class("subscription-status none"), .text(copy.noSubscription))
        }
    }

    /// The subscriptions, newest first: on the account page and on the admin's view of a user.
    static func subscriptionTable(_ summary: AccountSummary, _ context: PageContext) -> Node<HTML.BodyContext> {
        let copy = context.copy
        let language = context.language
        return .div(
            .class("table-scroll"),
            .table(
                .thead(
                    .tr(.th(.text(copy.plan)), .th(.text(copy.status)), .th(.text(copy.since)), .th(.text(copy.until)))),
                .tbody(
                    .forEach(summary.subscriptions) { row in
                        .tr(
                            .td(.text(row.planName ?? "—")),
                            .td(.span(.class("badge \(row.status.rawValue)"), .text(statusLabel(row.status, copy)))),
                            .td(.text(row.startDate.map { SiteClock.day($0, in: language) } ?? "—")),
                            .td(.text(row.endDate.map { SiteClock.day($0, in: language) } ?? "—"))
                        )
                    })
            ))
    }

    static func statusLabel(_ status: SubscriptionStatus, _ copy: Copy) -> String {
        switch status {
        case .active: copy.subscriptionActive
        case .expired: copy.subscriptionExpired
        case .pending: copy.subscriptionPending
        case .pastDue: copy.subscriptionPastDue
        }
    }
}
