import Accounts
import Fluent
import Foundation
import Localization
import Mail
import Schema
import Vapor

extension Request {
    /// Asks for a reset link for `email`, the same way for the page and the API: the client's allowance first
    /// (a 429 says nothing of any account), then, when the e-mail has an account that may get another link, the
    /// token and its message in one transaction. The answer takes as long either way, so its timing doesn't
    /// tell whether the account exists.
    func requestPasswordReset(email: String) async throws {
        let started = ContinuousClock.now
        try await PasswordReset.admit(ip: clientAddress, on: db, now: now)
        let frame = try await mailFrame()
        let siteAddress = self.siteAddress
        let sender = application.configuration.mail.from
        let now = self.now
        try await db.transaction { transaction in
            guard let (user, token) = try await PasswordReset.issue(forEmail: email, on: transaction, now: now) else {
                return
            }
            try await Outbox.enqueue(
                PasswordResetMail(
                    name: user.name, siteName: frame.siteName,
                    link: siteAddress + SiteURL.resetPassword(token: token).path),
                to: MailRecipient(user), frame: frame, from: sender, dedupeKey: nil, on: transaction, now: now)
        }
        try await Task.sleep(until: started + Self.passwordResetAnswerTime, clock: .continuous)
    }

    /// Longer than either path takes (a lookup, or a lookup and two inserts): both answer at this mark.
    static let passwordResetAnswerTime = Duration.milliseconds(300)
}
