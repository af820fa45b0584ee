import Fluent
import Foundation
import Schema
import Vapor

/// Issues, recognises and revokes the tokens of signed-in users: browser sessions and API bearer tokens. Both are
/// rows of `auth_tokens`, so every app instance on the same database recognises them.
enum AuthTokens {
    /// 30 days: a subscriber on their own phone should not have to sign in every week.
    static let sessionLifetime: TimeInterval = 30 * 24 * 3600
    /// 7 days: API clients hold tokens in places a browser cookie is not, so they should turn over sooner.
    static let apiTokenLifetime: TimeInterval = 7 * 24 * 3600

    static func lifetime(of kind: AuthTokenKind) -> TimeInterval {
        switch kind {
        case .session: sessionLifetime
        case .api: apiTokenLifetime
        }
    }

    struct Issued: Sendable {
        /// The secret, handed to the client once and never stored.
        let token: String
        let expiresAt: Date
    }

    static func issue(_ kind: AuthTokenKind, for userID: Int, on database: any Database, now: Date = Date()) async throws -> Issued {
        let token = TokenDigest.newToken()
        let expiresAt = now.addingTimeInterval(lifetime(of: kind))
        try await AuthToken(userID: userID, kind: kind, tokenHash: TokenDigest.digest(token), expiresAt: expiresAt)
            .create(on: database)
        // Each sign-in also clears out expired rows, so the table holds live tokens only.
        try await AuthToken.query(on: database).filter(\.$expiresAt < now).delete()
        return Issued(token: token, expiresAt: expiresAt)
    }

    /// The user a live token of this kind belongs to, or nil for an unknown, expired or other-kind token.
    static func user(
        presenting token: String, as kind: AuthTokenKind, on database: any Database, now: Date = Date()
    ) async throws -> SignedInUser? {
        guard !token.isEmpty, token.count <= 128 else { return nil }
        guard let record = try await AuthToken.query(on: database)
            .filter(\.$tokenHash == TokenDigest.digest(token))
            .filter(\.$kind == kind)
            .filter(\.$expiresAt > now)
            .with(\.$user)
            .first(),
            let tokenID = record.id
        else { return nil }
        return SignedInUser(user: record.user, tokenID: tokenID, tokenKind: kind)
    }

    static func revoke(tokenID: Int, on database: any Database) async throws {
        try await AuthToken.query(on: database).filter(\.$id == tokenID).delete()
    }

    /// Signs a user out everywhere but the token in hand: after a password change or reset.
    static func revokeAll(of userID: Int, except keptTokenID: Int? = nil, on database: any Database) async throws {
        let query = AuthToken.query(on: database).filter(\.$user.$id == userID)
        if let keptTokenID { query.filter(\.$id != keptTokenID) }
        try await query.delete()
    }
}

/// The user behind a request, and the token that proved it.
struct SignedInUser: Authenticatable, Sendable {
    let user: User
    let tokenID: Int
    let tokenKind: AuthTokenKind

    var userID: Int { user.id ?? 0 }
    var isAdmin: Bool { user.role == .admin }
}

extension Request {
    /// The signed-in user, if the session cookie or bearer token named one.
    var signedInUser: SignedInUser? { auth.get(SignedInUser.self) }
}
