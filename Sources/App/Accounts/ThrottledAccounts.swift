import Accounts
import Fluent
import Localization
import Mail
import Schema
import Vapor

/// Sign-in and sign-up as every entry point runs them, pages and API alike: behind the throttle, with the
/// throttle told what counted as a failure.
extension Request {
    /// The account these credentials open, or nil (which counts as a failure). Throws a `Refusal` when there were
    /// too many attempts, or when the account must set a new password (its reset link is on its way).
    func throttledSignIn(email: String, password: String) async throws -> User? {
        let throttle = SignInThrottle(database: db)
        let admission = try await throttle.admit(signInAttempt(email: email))
        let signedIn: User?
        do {
            signedIn = try await Accounts.authenticate(
                email: email, password: password, on: db, hasher: self.password.async,
                rehashingAtCost: application.configuration.bcryptCost)
        } catch let required as PasswordResetRequired {
            // An adopted account whose hash can't be checked: the reset link goes out, under the reset's own
            // limits, and the attempt stays counted like any other that didn't sign in.
            try await requestPasswordReset(email: required.email)
            throw Refusal(
                .unauthenticated, fields: ["password": AccountProblem.passwordResetRequired],
                reason: AccountProblem.passwordResetRequired)
        }
        guard let user = signedIn else { return nil }  // the admission stays counted
        try await throttle.succeeded(admission)
        return user
    }

    /// Creates an account. A taken e-mail counts as a failure (it is how a script would probe who has an
    /// account); other refusals and successes don't. Throws a `Refusal`: too many attempts, or the input's problems.
    func throttledRegistration(_ input: Accounts.Registration) async throws -> User {
        let throttle = SignInThrottle(database: db), limit = SignUpLimit(database: db)
        // The address's allowance first: a sign-up refused for it is no failed sign-in.
        let creation = try await limit.admit(ip: signInAttempt(email: input.email).ip)
        let admission: SignInThrottle.Admission
        do {
            admission = try await throttle.admit(signInAttempt(email: input.email))
        } catch {
            try? await limit.forgive(creation)
            throw error
        }
        // The language of the page the account is made on: its e-mail is written in it, from the welcome on.
        let language = await pageContext().language
        do {
            let user = try await Accounts.register(
                input, on: db, hasher: password.async, language: language.rawValue,
                welcome: try await welcome(in: language))
            try await throttle.forgive(admission)
            return user
        } catch let refused as Refusal {
            try await limit.forgive(creation)
            if refused.reason(of: "email", as: AccountProblem.self) != .emailTaken {
                try await throttle.forgive(admission)
            }
            throw refused
        } catch {
            // Nothing was made: neither counts.
            try? await limit.forgive(creation)
            try? await throttle.forgive(admission)
            throw error
        }
    }

    /// The welcome e-mail a new account gets, with the link that confirms its address.
    func welcome(in siteLanguage: SiteLanguage) async throws -> Accounts.Welcome {
        let frame = try await mailFrame()
        let siteAddress = self.siteAddress
        let sender = application.configuration.mail.from
        return { user, token, transaction in
            try await Outbox.enqueue(
                WelcomeMail(
                    name: user.name, siteName: frame.siteName,
                    confirmationLink: siteAddress + SiteURL.confirmEmail(token: token).path),
                to: MailRecipient(user, siteLanguage: siteLanguage), frame: frame, from: sender,
                dedupeKey: "welcome:user:\(try user.requireID())", on: transaction)
        }
    }
}
