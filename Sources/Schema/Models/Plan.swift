import FluentKit
import Foundation

/// A subscription offer: its price in cents, its length in days and what it includes (`plans`).
public final class Plan: Model, @unchecked Sendable {
    public static let schema = "plans"

    // managed fields
    @ID(custom: "id", generatedBy: .database) public var id: Int?

    // data fields
    @Field(key: "name") public var name: String
    /// In cents of a real.
    @Field(key: "price") public var price: Int
    /// In days.
    @Field(key: "duration") public var duration: Int
    @OptionalField(key: "benefits") public var benefits: JSONColumn<[String]>?
    @OptionalField(key: "cta_text") public var ctaText: String?
    /// When set, the plan's button leads to this external checkout instead of ours.
    @OptionalField(key: "checkout_url") public var checkoutURL: String?
    @Field(key: "accepts_pix") public var acceptsPix: Bool
    @Field(key: "accepts_card") public var acceptsCard: Bool
    /// One-time (`duration` days) or recurring (step 0028).
    @EnumeratedColumn(key: "billing") public var billing: PlanBilling
    /// A recurring plan's period as an ISO 8601 duration (`P1M`, `P30D`); Commerce's `BillingPeriod` reads it.
    @OptionalField(key: "billing_period") public var billingPeriod: String?
    /// A recurring plan's price for its first period, in cents, when it differs from `price` (a first-month offer).
    @OptionalField(key: "first_period_price") public var firstPeriodPrice: Int?

    // relationships
    @Children(for: \.$plan) public var subscriptions: [Subscription]

    public init() {}

    public init(
        id: Int? = nil, name: String, price: Int, duration: Int, benefits: [String]? = nil, ctaText: String? = nil,
        checkoutURL: String? = nil, acceptsPix: Bool = true, acceptsCard: Bool = true, billing: PlanBilling = .oneTime,
        billingPeriod: String? = nil, firstPeriodPrice: Int? = nil
    ) {
        self.billing = billing
        self.billingPeriod = billingPeriod
        self.firstPeriodPrice = firstPeriodPrice
        self.id = id
        self.name = name
        self.price = price
        self.duration = duration
        self.benefits = benefits.map(JSONColumn.init)
        self.ctaText = ctaText
        self.checkoutURL = checkoutURL
        self.acceptsPix = acceptsPix
        self.acceptsCard = acceptsCard
    }
}
