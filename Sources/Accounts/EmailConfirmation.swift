import FluentKit
import Foundation
import Schema

/// The link a welcome e-mail carries: it marks the account's address as confirmed. An unconfirmed account can
/// still buy and sign in; the admin sees who confirmed.
public enum EmailConfirmation {
    /// A week: a welcome e-mail read late still works.
    public static let lifetime: TimeInterval = 7 * 86_400

    /// A new link's token for the account; only its digest is stored.
    public static func issue(for userID: Int, on database: any Database, now: Date = Date()) async throws -> String {
        let token = TokenDigest.newToken()
        try await AccountToken(
            userID: userID, purpose: .emailConfirmation, tokenHash: TokenDigest.digest(token),
            expiresAt: now.addingTimeInterval(lifetime)
        ).create(on: database)
        return token
    }

    /// Confirms the address of the token's account, once; nil for a token that is unknown, used or expired.
    public static func confirm(_ token: String, on database: any Database, now: Date = Date()) async throws -> User? {
        guard !token.isEmpty, token.count <= 128,
            let found = try await AccountToken.query(on: database).filter(\.$tokenHash == TokenDigest.digest(token))
                .filter(\.$purpose == .emailConfirmation).filter(\.$usedAt == nil).filter(\.$expiresAt > now).first(),
            let user = try await User.find(found.$user.id, on: database)
        else { return nil }
        found.usedAt = now
        try await found.save(on: database)
        if user.emailConfirmedAt == nil {
            user.emailConfirmedAt = now
            try await user.save(on: database)
        }
        return user
    }
}
