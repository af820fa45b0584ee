/// Seed step 0009 (`0009_order_bumps`): upsell offers shown at checkout, ordered by `display_order`.
struct CreateOrderBumps: SchemaStep {
    var name: String { "0009_order_bumps" }

    static let orderBumps = TableDefinition(
        name: "order_bumps",
        columns: [
            .identity("id"),
            .text("name", notNull: true),
            .text("description"),
            .integer("price", notNull: true),
            .boolean("is_active", default: true),
            .text("image_url"),
            .integer("display_order", default: .integer(0)),
            .timestamp("created_at", defaultNow: true),
        ]
    )

    func forward(on schema: SchemaConnection) async throws {
        try await schema.create(Self.orderBumps)
    }

    func backward(on schema: SchemaConnection) async throws {
        try await schema.drop(Self.orderBumps)
    }
}
