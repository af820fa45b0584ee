import FluentKit
import Foundation

/// An account made from a client address (`account_creations`, our step 0026), counted by the sign-up limit.
public final class AccountCreation: Model, @unchecked Sendable {
    public static let schema = "account_creations"

    // managed fields
    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    // data fields
    /// The client's address.
    @Field(key: "ip") public var ip: String

    public init() {}

    public init(id: Int? = nil, ip: String) {
        self.id = id
        self.ip = ip
    }
}
