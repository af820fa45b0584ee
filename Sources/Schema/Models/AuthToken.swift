import FluentKit
import Foundation

/// A browser session or an API bearer token of a signed-in user (`auth_tokens`, our step 0014).
public final class AuthToken: Model, @unchecked Sendable {
    public static let schema = "auth_tokens"

    // managed fields
    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    // data fields
    @Enum(key: "kind") public var kind: AuthTokenKind
    /// The SHA-256 of the token, hex-encoded; the token itself is only ever in the client's hands.
    @Field(key: "token_hash") public var tokenHash: String
    @Field(key: "expires_at") public var expiresAt: Date

    // relationships
    @Parent(key: "user_id") public var user: User

    public init() {}

    public init(id: Int? = nil, userID: Int, kind: AuthTokenKind, tokenHash: String, expiresAt: Date) {
        self.id = id
        self.$user.id = userID
        self.kind = kind
        self.tokenHash = tokenHash
        self.expiresAt = expiresAt
    }
}
