import FluentKit
import Foundation

/// One purchase attempt: the plan, the chosen order bumps, the buyer and the payment's state (`checkouts`).
public final class Checkout: Model, @unchecked Sendable {
    public static let schema = "checkouts"

    // managed fields
    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    // data fields
    /// The payment provider's charge id.
    @OptionalField(key: "external_id") public var externalID: String?
    @EnumeratedColumn(key: "status") public var status: CheckoutStatus
    @OptionalEnumeratedColumn(key: "payment_method") public var paymentMethod: PaymentMethod?
    @Field(key: "order_bump") public var hasOrderBump: Bool
    @OptionalField(key: "order_bump_ids") public var orderBumpIDs: JSONColumn<[Int]>?
    /// In cents, computed by the server: the plan's price plus the chosen active bumps.
    @Field(key: "total_amount") public var totalAmount: Int
    @OptionalField(key: "customer_name") public var customerName: String?
    @OptionalField(key: "customer_email") public var customerEmail: String?
    /// The buyer's CPF.
    @OptionalField(key: "customer_document") public var customerDocument: String?
    @OptionalField(key: "customer_phone") public var customerPhone: String?
    /// Ours (step 0019): the Pix "copia e cola" of the open charge, and when it stops being payable.
    @OptionalField(key: "payment_code") public var paymentCode: String?
    @OptionalField(key: "payment_expires_at") public var paymentExpiresAt: Date?
    /// When the payment landed (ours, step 0022): revenue is counted by this day.
    @OptionalField(key: "paid_at") public var paidAt: Date?
    /// The gateway that charged it (ours, step 0023), for asking about it later.
    @OptionalField(key: "gateway") public var gateway: String?
    /// The subscription cycle this checkout paid (step 0029), unique per subscription; nil for a purchase that
    /// made or extended a one-time subscription.
    @OptionalField(key: "subscription_id") public var subscriptionID: Int?
    @OptionalField(key: "renewal_cycle") public var renewalCycle: Int?

    // relationships
    @OptionalParent(key: "user_id") public var user: User?
    @OptionalParent(key: "plan_id") public var plan: Plan?

    public init() {}

    public init(
        id: Int? = nil, userID: Int?, planID: Int?, externalID: String? = nil, status: CheckoutStatus = .pending,
        paymentMethod: PaymentMethod?, orderBumpIDs: [Int] = [], totalAmount: Int, customerName: String? = nil,
        customerEmail: String? = nil, customerDocument: String? = nil, customerPhone: String? = nil
    ) {
        self.id = id
        self.$user.id = userID
        self.$plan.id = planID
        self.externalID = externalID
        self.status = status
        self.paymentMethod = paymentMethod
        self.hasOrderBump = !orderBumpIDs.isEmpty
        self.orderBumpIDs = orderBumpIDs.isEmpty ? nil : JSONColumn(orderBumpIDs)
        self.totalAmount = totalAmount
        self.customerName = customerName
        self.customerEmail = customerEmail
        self.customerDocument = customerDocument
        self.customerPhone = customerPhone
    }
}
