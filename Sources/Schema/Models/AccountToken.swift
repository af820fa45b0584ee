import FluentKit
import Foundation

/// A single-use token an e-mail carries (`account_tokens`): a password reset or an address confirmation. Only its
/// SHA-256 is stored, so the table opens nothing by itself.
public final class AccountToken: Model, @unchecked Sendable {
    public static let schema = "account_tokens"

    // managed fields
    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    // data fields
    @Enum(key: "purpose") public var purpose: AccountTokenPurpose
    @Field(key: "token_hash") public var tokenHash: String
    @Field(key: "expires_at") public var expiresAt: Date
    @OptionalField(key: "used_at") public var usedAt: Date?

    // relationships
    @Parent(key: "user_id") public var user: User

    public init() {}

    public init(userID: Int, purpose: AccountTokenPurpose, tokenHash: String, expiresAt: Date) {
        self.$user.id = userID
        self.purpose = purpose
        self.tokenHash = tokenHash
        self.expiresAt = expiresAt
    }
}
