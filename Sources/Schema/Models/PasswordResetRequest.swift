import FluentKit
import Foundation

/// One password-reset request, by client address only (`password_reset_requests`): what the per-address limit
/// counts.
public final class PasswordResetRequest: Model, @unchecked Sendable {
    public static let schema = "password_reset_requests"

    // managed fields
    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    // data fields
    @Field(key: "ip") public var ip: String

    public init() {}

    public init(ip: String) { self.ip = ip }
}
