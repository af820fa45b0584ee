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
    /// The terms a recurring plan was sold on (step 0029): its period (`P1M`) and price per renewal, in cents.
    /// NULL for a one-time subscription.
    @OptionalField(key: "billing_period") public var billingPeriod: String?
    @OptionalField(key: "renewal_price") public var renewalPrice: Int?
    /// Cycle `n` ends `n - anchorCycle` periods after `periodAnchor` (Commerce's `SubscriptionRenewals`).
    @OptionalField(key: "period_anchor") public var periodAnchor: Date?
    @Field(key: "anchor_cycle") public var anchorCycle: Int
    /// The highest cycle paid; the first purchase is cycle 1.
    @Field(key: "cycles_paid") public var cyclesPaid: Int
    @Field(key: "auto_renew") public var autoRenew: Bool
    /// While `past_due`: when access stops (step 0030).
    @OptionalField(key: "grace_ends_at") public var graceEndsAt: Date?
    /// What it renews with (step 0031): the gateway, the method (`PaymentMethod`'s raw value) and the
    /// provider's handle on it. NULL while it renews only by hand.
    @OptionalField(key: "renewal_gateway") public var renewalGateway: String?
    @OptionalField(key: "renewal_method") public var renewalMethod: String?
    @OptionalField(key: "renewal_reference") public var renewalReference: String?
    /// When the renewal job last claimed it to charge it.
    @OptionalField(key: "renewal_attempted_at") public var renewalAttemptedAt: Date?
    /// When renewal was turned off, by the member or at the provider (step 0032); nil while it is on.
    @OptionalField(key: "cancelled_at") public var cancelledAt: Date?
    /// The plan the member switched to, from the next renewal on (step 0032).
    @OptionalField(key: "next_plan_id") public var nextPlanID: Int?

    /// Whether the subscription lets its member in at `now`: active until its end, or past due until its grace
    /// ends. The one rule for access; SQL that asks the same is `SubscriptionAccess.sqlCondition`.
    public func grantsAccess(at now: Date) -> Bool {
        switch status {
        case .active: endDate.map { $0 > now } ?? true
        case .pastDue: graceEndsAt.map { $0 > now } ?? false
        case .expired, .pending: false
        }
    }

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
        self.anchorCycle = 0
        self.cyclesPaid = 0
        self.autoRenew = false
    }
}
