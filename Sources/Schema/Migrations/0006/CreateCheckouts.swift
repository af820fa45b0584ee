/// Seed step 0006 (`0006_overconfident_titania`): checkouts, one per purchase attempt. Amounts are in cents.
struct CreateCheckouts: SchemaStep {
    var name: String { "0006_overconfident_titania" }

    static let checkouts = TableDefinition(
        name: "checkouts",
        columns: [
            .identity("id"),
            .integer("user_id"),
            .integer("plan_id"),
            .text("external_id"),
            .enumText("status", default: CheckoutStatus.pending),
            .enumText("payment_method", default: PaymentMethod?.none),
            .boolean("order_bump", default: false),
            .integer("total_amount", notNull: true),
            .text("customer_name"),
            .text("customer_email"),
            .text("customer_document"),
            .text("customer_phone"),
            .timestamp("created_at", defaultNow: true),
            .timestamp("updated_at", defaultNow: true),
        ],
        foreignKeys: [
            .init(column: "user_id", referencedTable: "users"),
            .init(column: "plan_id", referencedTable: "plans"),
        ]
    )

    func forward(on schema: SchemaConnection) async throws {
        try await schema.create(Self.checkouts)
    }

    func backward(on schema: SchemaConnection) async throws {
        try await schema.drop(Self.checkouts)
    }
}
