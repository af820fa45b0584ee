import FluentKit
import Foundation

/// One failed sign-in or sign-up, counted by the throttle (`auth_failures`, our step 0014).
public final class AuthFailure: Model, @unchecked Sendable {
    public static let schema = "auth_failures"

    // managed fields
    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    // data fields
    /// The client's address.
    @Field(key: "ip") public var ip: String
    /// The normalised e-mail that was tried, or the raw input when it was not an address.
    @Field(key: "email") public var email: String

    public init() {}

    public init(id: Int? = nil, ip: String, email: String) {
        self.id = id
        self.ip = ip
        self.email = email
    }
}
