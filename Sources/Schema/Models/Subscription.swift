import FluentKit
import Foundation

/// A user's subscription to a plan (`subscriptions`). The dates stay empty until a payment confirms it.
public final class Subscription: Model, @unchecked Sendable {
    public static let schema = "subscriptions"

    // managed fields
    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    // data fields
    /// The payment provider's reference.
    @OptionalField(key: "external_id") public var externalID: String?
    @OptionalField(key: "start_date") public var startDate: Date?
    @OptionalField(key: "end_date") public var endDate: Date?
    @EnumeratedColumn(key: "status") public var status: SubscriptionStatus

    // relationships
    @OptionalParent(key: "user_id") public var user: User?
    @OptionalParent(key: "plan_id") public var plan: Plan?

    public init() {}

    public init(
        id: Int? = nil, userID: Int?, planID: Int?, externalID: String? = nil, startDate: Date? = nil,
        endDate: Date? = nil, status: SubscriptionStatus = .pending
    ) {
        self.id = id
        self.$user.id = userID
        self.$plan.id = planID
        self.externalID = externalID
        self.startDate = startDate
        self.endDate = endDate
        self.status = status
    }
}
