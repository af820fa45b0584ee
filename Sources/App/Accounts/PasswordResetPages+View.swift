import Accounts
import Localization
import Plot
import Vapor

/// "Esqueci minha senha": the request form, the page that says a link may be on its way, and the form a link
/// opens (or, for a dead link, the way to ask for another).
enum PasswordResetPages {
    static func request(_ context: PageContext, state: FormState, status: HTTPResponseStatus = .ok) -> Response {
        let copy = context.copy
        return SiteLayout.render(
            context, title: copy.forgotPassword, status: status,
            .section(
                .class("card narrow"),
                .h1(.text(copy.forgotPasswordHeading)),
                .p(.text(copy.forgotPasswordIntro)),
                .form(
                    .action(SiteURL.forgotPassword.path), .method(.post), .attribute(named: "novalidate"),
                    SiteLayout.formTokenField(context),
                    FormFields.formError(state),
                    FormFields.input("email", label: copy.email, type: .email, state: state, autocomplete: "email"),
                    .button(.type(.submit), .class("button wide"), .text(copy.sendResetLink))
                ),
                .p(.class("aside"), .a(.href(SiteURL.signIn.path), .text(copy.signIn)))
            )
        )
    }

    static func sent(_ context: PageContext, email: String) -> Response {
        let copy = context.copy
        return SiteLayout.render(
            context, title: copy.resetLinkSentHeading, status: .ok,
            .section(
                .class("card narrow"),
                .h1(.text(copy.resetLinkSentHeading)),
                .p(.attribute(named: "role", value: "status"), .text(copy.resetLinkSent(email)))
            )
        )
    }

    static func newPassword(
        _ context: PageContext, token: String, state: FormState, status: HTTPResponseStatus = .ok
    ) -> Response {
        let copy = context.copy
        return SiteLayout.render(
            context, title: copy.resetPasswordHeading, status: status,
            .section(
                .class("card narrow"),
                .h1(.text(copy.resetPasswordHeading)),
                .p(.text(copy.resetPasswordIntro)),
                .form(
                    .action(SiteURL.resetPassword(token: nil).path), .method(.post), .attribute(named: "novalidate"),
                    SiteLayout.formTokenField(context),
                    .input(.type(.hidden), .name("token"), .value(token.htmlAttributeEscaped)),
                    FormFields.formError(state),
                    FormFields.input(
                        "password", label: copy.newPassword, type: .password, state: state,
                        autocomplete: "new-password",
                        hint: copy.passwordHint(minimum: AccountRules.minimumPasswordLength), keepsValue: false),
                    .button(.type(.submit), .class("button wide"), .text(copy.setNewPassword))
                )
            )
        )
    }

    /// A welcome e-mail's link, followed: the address is confirmed, or the link was not one that works.
    static func emailConfirmation(_ context: PageContext, confirmed: Bool) -> Response {
        let copy = context.copy
        return SiteLayout.render(
            context, title: copy.emailConfirmationHeading, status: confirmed ? .ok : .notFound,
            .section(
                .class("card narrow"),
                .h1(.text(copy.emailConfirmationHeading)),
                .p(
                    .attribute(named: "role", value: "status"),
                    .text(confirmed ? copy.emailConfirmed : copy.confirmationLinkInvalid)),
                .a(.class("button"), .href(SiteURL.account.path), .text(copy.accountHeading))
            )
        )
    }

    static func deadLink(_ context: PageContext) -> Response {
        let copy = context.copy
        return SiteLayout.render(
            context, title: copy.resetPasswordHeading, status: .notFound,
            .section(
                .class("card narrow"),
                .h1(.text(copy.resetPasswordHeading)),
                .p(.text(copy.resetLinkInvalid)),
                .a(.class("button"), .href(SiteURL.forgotPassword.path), .text(copy.askForANewLink))
            )
        )
    }
}
