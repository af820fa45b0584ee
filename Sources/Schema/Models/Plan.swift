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

    // relationships
    @Children(for: \.$plan) public var subscriptions: [Subscription]

    public init() {}

    public init(
        id: Int? = nil, name: String, price: Int, duration: Int, benefits: [String]? = nil, ctaText: String? = nil,
        checkoutURL: String? = nil, acceptsPix: Bool = true, acceptsCard: Bool = true
    ) {
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
