import Accounts
import Fluent
import Localization
import Schema
import Vapor

/// The visitor-facing account pages: sign up, sign in, sign out, the account page and the password change.
enum AccountsController {
    static func register(on routes: any RoutesBuilder) {
        routes.get(SiteURL.signIn.pathComponents, use: showSignIn)
        routes.post(SiteURL.signIn.pathComponents, use: signIn)
        routes.get(SiteURL.signUp.pathComponents, use: showSignUp)
        routes.post(SiteURL.signUp.pathComponents, use: signUp)
        routes.post(SiteURL.signOut.pathComponents, use: signOut)
        routes.get(SiteURL.forgotPassword.pathComponents, use: showForgotPassword)
        routes.post(SiteURL.forgotPassword.pathComponents, use: forgotPassword)
        routes.get(SiteURL.resetPassword(token: nil).pathComponents, use: showResetPassword)
        routes.get(SiteURL.confirmEmail(token: nil).pathComponents, use: confirmEmail)
        routes.post(SiteURL.resetPassword(token: nil).pathComponents, use: resetPassword)
        let signedIn = routes.grouped(AccessControl.RequireSignIn())
        signedIn.get(SiteURL.account.pathComponents, use: showAccount)
        signedIn.post(SiteURL.accountPassword.pathComponents, use: changePassword)
        signedIn.post(SiteURL.accountEmails.pathComponents, use: saveEmailPreferences)
    }

    struct EmailPreferencesForm: Content {
        var renewal_reminders: String?
        var recovery: String?
    }

    /// The account page's switches: an unticked box sends nothing, so nothing means no.
    @Sendable static func saveEmailPreferences(req: Request) async throws -> Response {
        let signedIn = try req.auth.require(SignedInUser.self)
        let form = try req.content.decode(EmailPreferencesForm.self)
        try await MailConsent.set(
            .renewalReminders, to: form.renewal_reminders == "true", for: signedIn.user, on: req.db)
        try await MailConsent.set(.recovery, to: form.recovery == "true", for: signedIn.user, on: req.db)
        return req.redirect(
            to: SiteURL.account.path + "?aviso=" + Notice.emailPreferencesSaved.rawValue + "#emails",
            redirectType: .normal)
    }

    struct SignInForm: Content {
        var email: String?
        var password: String?
        var next: String?
    }

    struct SignUpForm: Content {
        var name: String?
        var email: String?
        var password: String?
    }

    struct PasswordForm: Content {
        var current_password: String?
        var new_password: String?
    }

    /// Notices the account page shows after a redirect, by a key in its query string.
    enum Notice: String {
        case signedUp = "conta-criada"
        case passwordChanged = "senha-alterada"
        case passwordReset = "senha-redefinida"
        case emailPreferencesSaved = "emails-salvos"
    }

    @Sendable static func showSignIn(req: Request) async throws -> Response {
        let returnTo = SiteURL.safeRedirect(try? req.query.get(String.self, at: "next"))
        if req.signedInUser != nil { return req.redirect(to: returnTo ?? SiteURL.account.path) }
        let context = await req.pageContext(showingAds: [.login])
        let reset = (try? req.query.get(String.self, at: "aviso")) == Notice.passwordReset.rawValue
        return AccountPages.signIn(
            context, state: FormState(), returnTo: returnTo, notice: reset ? context.copy.passwordWasReset : nil)
    }

    struct ForgotPasswordForm: Content {
        var email: String?
    }

    struct ResetPasswordForm: Content {
        var token: String?
        var password: String?
    }

    @Sendable static func showForgotPassword(req: Request) async throws -> Response {
        PasswordResetPages.request(await req.pageContext(), state: FormState())
    }

    /// Always the same page, whether or not the e-mail has an account.
    @Sendable static func forgotPassword(req: Request) async throws -> Response {
        let email = (try req.content.decode(ForgotPasswordForm.self).email ?? "").trimmingCharacters(in: .whitespaces)
        guard AccountRules.normalizedEmail(email) != nil else {
            let context = await req.pageContext()
            let refusal = Refusal.account(["email": .emailInvalid])
            return PasswordResetPages.request(
                context, state: FormState(refusal, values: ["email": email], copy: context.copy),
                status: refusal.status)
        }
        try await req.requestPasswordReset(email: email)
        return PasswordResetPages.sent(await req.pageContext(), email: email)
    }

    @Sendable static func confirmEmail(req: Request) async throws -> Response {
        let token = (try? req.query.get(String.self, at: "token")) ?? ""
        let confirmed = try await EmailConfirmation.confirm(token, on: req.db, now: req.now)
        return PasswordResetPages.emailConfirmation(await req.pageContext(), confirmed: confirmed != nil)
    }

    @Sendable static func showResetPassword(req: Request) async throws -> Response {
        let token = (try? req.query.get(String.self, at: "token")) ?? ""
        guard try await PasswordReset.isOpen(token, on: req.db, now: req.now) else {
            return PasswordResetPages.deadLink(await req.pageContext())
        }
        return PasswordResetPages.newPassword(await req.pageContext(), token: token, state: FormState())
    }

    @Sendable static func resetPassword(req: Request) async throws -> Response {
        let form = try req.content.decode(ResetPasswordForm.self)
        let token = form.token ?? ""
        do {
            try await PasswordReset.confirm(
                token: token, password: form.password ?? "", hasher: req.password.async, on: req.db, now: req.now)
        } catch let refused as Refusal {
            let context = await req.pageContext()
            guard refused.fields["token"] == nil else { return PasswordResetPages.deadLink(context) }
            return PasswordResetPages.newPassword(
                context, token: token, state: FormState(refused, values: [:], copy: context.copy),
                status: refused.status)
        }
        // Signed out everywhere, this browser too: the new password opens the account from here.
        let response = req.redirect(
            to: SiteURL.signIn.path + "?aviso=" + Notice.passwordReset.rawValue, redirectType: .normal)
        try await WebSession.end(on: req, response: response)
        return response
    }

    @Sendable static func signIn(req: Request) async throws -> Response {
        let form = try req.content.decode(SignInForm.self)
        let email = form.email ?? ""
        let returnTo = SiteURL.safeRedirect(form.next)
        let signedIn: User?
        do {
            signedIn = try await req.throttledSignIn(email: email, password: form.password ?? "")
        } catch let refusal as Refusal where refusal.reason(of: "password", as: AccountProblem.self) != nil {
            // An adopted account that must set a new password: the form says so, and the link is on its way.
            let context = await req.pageContext()
            let state = FormState(values: ["email": email], formError: refusal.messages(context.copy)["password"])
            return AccountPages.signIn(context, state: state, returnTo: returnTo, status: .unauthorized)
        }
        guard let user = signedIn else {
            let context = await req.pageContext()
            let state = FormState(values: ["email": email], formError: context.copy.wrongCredentials)
            return AccountPages.signIn(context, state: state, returnTo: returnTo, status: .unauthorized)
        }
        let response = req.redirect(
            to: returnTo ?? (user.role == .admin ? AdminURL.dashboard.path : SiteURL.account.path),
            redirectType: .normal)
        try await WebSession.start(for: user, on: req, response: response)
        return response
    }

    @Sendable static func showSignUp(req: Request) async throws -> Response {
        if req.signedInUser != nil { return req.redirect(to: SiteURL.account.path) }
        return AccountPages.signUp(await req.pageContext(showingAds: [.register]), state: FormState())
    }

    @Sendable static func signUp(req: Request) async throws -> Response {
        let form = try req.content.decode(SignUpForm.self)
        do {
            let user = try await req.throttledRegistration(
                .init(name: form.name ?? "", email: form.email ?? "", password: form.password ?? ""))
            let response = req.redirect(
                to: SiteURL.account.path + "?aviso=" + Notice.signedUp.rawValue, redirectType: .normal)
            try await WebSession.start(for: user, on: req, response: response)
            return response
        } catch let refused as Refusal {
            let context = await req.pageContext()
            let state = FormState(
                refused, values: ["name": form.name ?? "", "email": form.email ?? ""], copy: context.copy)
            return AccountPages.signUp(context, state: state, status: refused.status)
        }
    }

    @Sendable static func signOut(req: Request) async throws -> Response {
        let response = req.redirect(to: SiteURL.home.path, redirectType: .normal)
        try await WebSession.end(on: req, response: response)
        return response
    }

    @Sendable static func showAccount(req: Request) async throws -> Response {
        let signedIn = try req.auth.require(SignedInUser.self)
        let context = await req.pageContext()
        let notice: String? =
            switch (try? req.query.get(String.self, at: "aviso")).flatMap(Notice.init(rawValue:)) {
            case .signedUp: context.copy.signedUp
            case .passwordChanged: context.copy.passwordChanged
            case .passwordReset: context.copy.passwordWasReset
            case .emailPreferencesSaved: context.copy.preferencesSaved
            case nil: nil
            }
        let summary = try await AccountSummary.load(for: signedIn.user, on: req.db, now: req.now)
        return AccountPages.account(context, summary: summary, notice: notice, passwordState: FormState())
    }

    @Sendable static func changePassword(req: Request) async throws -> Response {
        let signedIn = try req.auth.require(SignedInUser.self)
        let form = try req.content.decode(PasswordForm.self)
        do {
            try await Accounts.changePassword(
                of: signedIn, current: form.current_password ?? "", new: form.new_password ?? "", on: req.db,
                hasher: req.password.async)
            return req.redirect(
                to: SiteURL.account.path + "?aviso=" + Notice.passwordChanged.rawValue, redirectType: .normal)
        } catch let refused as Refusal {
            let context = await req.pageContext()
            let summary = try await AccountSummary.load(for: signedIn.user, on: req.db, now: req.now)
            let state = FormState(fieldErrors: refused.messages(context.copy))
            return AccountPages.account(
                context, summary: summary, notice: nil, passwordState: state, status: .unprocessableEntity)
        }
    }
}

extension Request {
    /// This request as the sign-in throttle counts it.
    func signInAttempt(email: String) -> SignInThrottle.Attempt {
        SignInThrottle.Attempt(
            ip: clientAddress,
            email: AccountRules.normalizedEmail(email)
                ?? String(email.trimmingCharacters(in: .whitespaces).lowercased().prefix(254)))
    }

    /// The client's IP address: the peer's, or with `TRUST_FORWARDED_FOR` set, the last address the proxy in
    /// front of us appended to `X-Forwarded-For`.
    var clientAddress: String {
        if application.configuration.trustsForwardedFor,
            let forwarded = headers.first(name: .xForwardedFor)?.split(separator: ",").last?
                .trimmingCharacters(in: .whitespaces), !forwarded.isEmpty
        {
            return String(forwarded.prefix(64))
        }
        return remoteAddress?.ipAddress ?? "unknown"
    }
}
