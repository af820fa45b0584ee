import FluentKit
import Foundation

/// A renewal's charge (`renewal_attempts`, our step 0031), whatever became of it: one the renewal job asked a
/// provider for, or one the provider made by itself (a preapproval's cycle), recorded as its postback arrives.
public final class RenewalAttempt: Model, @unchecked Sendable {
    public static let schema = "renewal_attempts"

    // managed fields
    @ID(custom: "id", generatedBy: .database) public var id: Int?
    /// When it was asked for, by the job's clock (a stamp taken on create would ignore a test's or demo's clock).
    @OptionalField(key: "attempted_at") public var attemptedAt: Date?

    // data fields
    @Field(key: "subscription_id") public var subscriptionID: Int
    /// The cycle it would have paid.
    @Field(key: "cycle") public var cycle: Int
    /// In cents.
    @Field(key: "amount") public var amount: Int
    @Field(key: "gateway") public var gateway: String
    /// The provider's id for the charge, when it made one.
    @OptionalField(key: "charge_id") public var chargeID: String?
    @Enum(key: "outcome") public var outcome: RenewalAttemptOutcome
    /// What the provider said, for the admin.
    @OptionalField(key: "detail") public var detail: String?

    public init() {}

    public init(
        subscriptionID: Int, cycle: Int, amount: Int, gateway: String, chargeID: String?,
        outcome: RenewalAttemptOutcome, detail: String?, attemptedAt: Date
    ) {
        self.subscriptionID = subscriptionID
        self.cycle = cycle
        self.amount = amount
        self.gateway = gateway
        self.chargeID = chargeID
        self.outcome = outcome
        self.detail = detail
        self.attemptedAt = attemptedAt
    }
}
