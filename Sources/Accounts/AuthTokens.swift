import FluentKit
import Foundation
import Schema

/// Issues, recognises and revokes the tokens of signed-in users: browser sessions and API bearer tokens. Both are
/// rows of `auth_tokens`, so every app instance on the same database recognises them.
public enum AuthTokens {
    /// 30 days: a subscriber on their own phone should not have to sign in every week.
    public static let sessionLifetime: TimeInterval = 30 * 24 * 3600
    /// 7 days: API clients hold tokens in places a browser cookie is not, so they should turn over sooner.
    public static let apiTokenLifetime: TimeInterval = 7 * 24 * 3600

    public static func lifetime(of kind: AuthTokenKind) -> TimeInterval {
        switch kind {
        case .session: sessionLifetime
        case .api: apiTokenLifetime
        }
    }

    public struct Issued: Sendable {
        /// The secret, handed to the client once and never stored.
        public let token: String
        public let expiresAt: Date
    }

    public static func issue(_ kind: AuthTokenKind, for userID: Int, on database: any Database, now: Date = Date())
        async throws -> Issued
    {
        let token = TokenDigest.newToken()
        let expiresAt = now.addingTimeInterval(lifetime(of: kind))
        try await AuthToken(userID: userID, kind: kind, tokenHash: TokenDigest.digest(token), expiresAt: expiresAt)
            .create(on: database)
        // Each sign-in also clears out expired rows, so the table holds live tokens only.
        try await AuthToken.query(on: database).filter(\.$expiresAt < now).delete()
        return Issued(token: token, expiresAt: expiresAt)
    }

    /// The user a live token of this kind belongs to, or nil for an unknown, expired or other-kind token.
    public static func user(
        presenting token: String, as kind: AuthTokenKind, on database: any Database, now: Date = Date()
    ) async throws -> SignedInUser? {
        guard !token.isEmpty, token.count <= 128 else { return nil }
        guard
            let record = try await AuthToken.query(on: database)
                .filter(\.$tokenHash == TokenDigest.digest(token))
                .filter(\.$kind == kind)
                .filter(\.$expiresAt > now)
                .with(\.$user)
                .first(),
            let tokenID = record.id
        else { return nil }
        return SignedInUser(user: record.user, tokenID: tokenID, tokenKind: kind)
    }

    public static func revoke(tokenID: Int, on database: any Database) async throws {
        try await AuthToken.query(on: database).filter(\.$id == tokenID).delete()
    }

    /// Signs a user out everywhere but the token in hand: after a password change or reset.
    public static func revokeAll(of userID: Int, except keptTokenID: Int? = nil, on database: any Database) async throws
    {
        let query = AuthToken.query(on: database).filter(\.$user.$id == userID)
        if let keptTokenID { query.filter(\.$id != keptTokenID) }
        try await query.delete()
    }
}

/// The user behind a request, and the token that proved it.
public struct SignedInUser: Sendable {
    public let user: User
    public let tokenID: Int
    public let tokenKind: AuthTokenKind

    public var userID: Int { user.id ?? 0 }
    public var isAdmin: Bool { user.role == .admin }

    public init(user: User, tokenID: Int, tokenKind: AuthTokenKind) {
        self.user = user
        self.tokenID = tokenID
        self.tokenKind = tokenKind
    }
}
