import FluentKit
import Foundation
import Localization
import SQLKit
import Schema

/// "Esqueci minha senha": a single-use link, valid for an hour, that sets a new password and signs the account
/// out everywhere. Nothing here tells whether an e-mail has an account: a request for one that has none goes the
/// same way, and its answer is the same.
public enum PasswordReset {
    /// How long a link opens the form.
    public static let lifetime: TimeInterval = 3_600
    /// Requests one client address may make in an hour; past that, a 429 (which says nothing of any account).
    public static let requestsPerAddressPerHour = 10
    /// Links one account is sent in an hour; past that, requests are answered the same and send nothing, so no
    /// one can fill a member's inbox, and the answer can't tell a capped account from a missing one.
    public static let linksPerAccountPerHour = 3

    /// Lets a request from this client go ahead, or throws a `Refusal` (`limited`) with the wait.
    public static func admit(ip: String, on database: any Database, now: Date = Date()) async throws {
        let windowStart = now.addingTimeInterval(-3_600)
        let request = PasswordResetRequest(ip: SignInThrottle.Attempt.network(ip))
        try await request.create(on: database)
        let rowID = try request.requireID()
        let place = try await PasswordResetRequest.query(on: database)
            .filter(\.$ip == request.ip).filter(\.$createdAt >= windowStart).filter(\.$id <= rowID).count()
        try await PasswordResetRequest.query(on: database).filter(\.$createdAt < windowStart).delete()
        guard place <= requestsPerAddressPerHour else {
            try await PasswordResetRequest.query(on: database).filter(\.$id == rowID).delete()
            throw Refusal.tooManyAttempts(retryAfterSeconds: 3_600)
        }
    }

    /// A new link's token for the account with this e-mail, or nil when there is none, or it was sent enough
    /// links this hour. Only the token's digest is stored.
    public static func issue(forEmail input: String, on database: any Database, now: Date = Date()) async throws
        -> (user: User, token: String)?
    {
        guard let email = AccountRules.normalizedEmail(input),
            let user = try await User.query(on: database).filter(\.$email == email).first(),
            let userID = user.id
        else { return nil }
        let recent = try await AccountToken.query(on: database).filter(\.$user.$id == userID)
            .filter(\.$purpose == .passwordReset).filter(\.$createdAt >= now.addingTimeInterval(-3_600)).count()
        guard recent < linksPerAccountPerHour else { return nil }
        let token = TokenDigest.newToken()
        try await AccountToken(
            userID: userID, purpose: .passwordReset, tokenHash: TokenDigest.digest(token),
            expiresAt: now.addingTimeInterval(lifetime)
        ).create(on: database)
        return (user, token)
    }

    /// Whether a token opens the form now: live, unused, for a reset. The page asks before it shows the form.
    public static func isOpen(_ token: String, on database: any Database, now: Date = Date()) async throws -> Bool {
        try await liveToken(token, on: database, now: now) != nil
    }

    /// Sets the token's account's password, once, and signs it out everywhere. A token that is unknown, used or
    /// expired is refused on its field (`token`), a password that breaks the rules on its own (`password`).
    @discardableResult
    public static func confirm(
        token: String, password: String, hasher: any PasswordHashing, on database: any Database, now: Date = Date()
    ) async throws -> User {
        guard let found = try await liveToken(token, on: database, now: now), let tokenID = found.id else {
            throw Refusal.invalid(["token": AccountProblem.resetLinkInvalid])
        }
        if let problem = AccountRules.passwordProblem(password) {
            throw Refusal.account(["password": AccountProblem(problem)])
        }
        let hash = try await hasher.hash(password)
        return try await database.transaction { transaction in
            guard let sql = transaction as? any SQLDatabase else { throw AccountsDatabaseError() }
            // Guarded: of two uses of one link at once, one sets the password and the other is refused.
            let used = try await sql.raw(
                """
                UPDATE account_tokens SET used_at = \(bind: now)
                WHERE id = \(bind: tokenID) AND used_at IS NULL RETURNING id
                """
            ).all()
            guard !used.isEmpty, let user = try await User.find(found.$user.id, on: transaction) else {
                throw Refusal.invalid(["token": AccountProblem.resetLinkInvalid])
            }
            user.passwordHash = hash
            try await user.save(on: transaction)
            try await AuthTokens.revokeAll(of: found.$user.id, on: transaction)
            // The account's other links stop working too: the password they'd reset is gone.
            try await AccountToken.query(on: transaction).filter(\.$user.$id == found.$user.id)
                .filter(\.$purpose == .passwordReset).filter(\.$usedAt == nil).set(\.$usedAt, to: now).update()
            return user
        }
    }

    static func liveToken(_ token: String, on database: any Database, now: Date) async throws -> AccountToken? {
        guard !token.isEmpty, token.count <= 128 else { return nil }
        return try await AccountToken.query(on: database).filter(\.$tokenHash == TokenDigest.digest(token))
            .filter(\.$purpose == .passwordReset).filter(\.$usedAt == nil).filter(\.$expiresAt > now).first()
    }
}

/// Accounts' guarded updates need SQL; both supported databases speak it.
struct AccountsDatabaseError: Error, CustomStringConvertible {
    var description: String { "the database does not speak SQL" }
}
