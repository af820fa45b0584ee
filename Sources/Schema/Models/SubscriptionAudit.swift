import FluentKit
import Foundation

/// One manual change an admin made to a subscription (`subscription_audits`, ours).
public final class SubscriptionAudit: Model, @unchecked Sendable {
    public static let schema = "subscription_audits"

    // managed fields
    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    // data fields
    @OptionalField(key: "admin_id") public var adminID: Int?
    @OptionalField(key: "admin_email") public var adminEmail: String?
    @Enum(key: "action") public var action: SubscriptionAuditAction
    @OptionalField(key: "days") public var days: Int?
    @OptionalField(key: "previous_end_date") public var previousEndDate: Date?
    @OptionalField(key: "new_end_date") public var newEndDate: Date?
    @OptionalField(key: "note") public var note: String?

    // relationships
    @OptionalParent(key: "subscription_id") public var subscription: Subscription?
    @Parent(key: "user_id") public var user: User

    public init() {}
}
