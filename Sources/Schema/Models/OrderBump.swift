import FluentKit
import Foundation

/// An upsell offered at checkout next to the plan (`order_bumps`).
public final class OrderBump: Model, @unchecked Sendable {
    public static let schema = "order_bumps"

    // managed fields
    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    // data fields
    @Field(key: "name") public var name: String
    /// The seed's `description`; Fluent's models already use `description` for debugging output.
    @OptionalField(key: "description") public var offerDescription: String?
    /// In cents of a real.
    @Field(key: "price") public var price: Int
    @Field(key: "is_active") public var isActive: Bool
    @OptionalField(key: "image_url") public var imageURL: String?
    /// Lower comes first.
    @Field(key: "display_order") public var displayOrder: Int

    public init() {}

    public init(
        id: Int? = nil, name: String, offerDescription: String? = nil, price: Int, isActive: Bool = true,
        imageURL: String? = nil, displayOrder: Int = 0
    ) {
        self.id = id
        self.name = name
        self.offerDescription = offerDescription
        self.price = price
        self.isActive = isActive
        self.imageURL = imageURL
        self.displayOrder = displayOrder
    }
}
