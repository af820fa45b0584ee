import FluentKit
import Foundation

/// One postback as received (`payment_events`, ours): verified or not, and what processing it did.
public final class PaymentEvent: Model, @unchecked Sendable {
    public static let schema = "payment_events"

    // managed fields
    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Timestamp(key: "received_at", on: .create) public var receivedAt: Date?

    // data fields
    @Field(key: "gateway") public var gateway: String
    /// The provider's event id for a verified postback; a unique stand-in for others.
    @Field(key: "event_key") public var eventKey: String
    @OptionalField(key: "charge_id") public var chargeID: String?
    @Field(key: "verified") public var isVerified: Bool
    @OptionalField(key: "status") public var status: String?
    @OptionalField(key: "amount") public var amount: Int?
    @Field(key: "outcome") public var outcome: String
    @OptionalField(key: "detail") public var detail: String?
    @OptionalField(key: "payload") public var payload: String?

    // relationships
    @OptionalParent(key: "checkout_id") public var checkout: Checkout?

    public init() {}
}
