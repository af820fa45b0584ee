/// Seed step 0008 (`0008_stiff_toro`), a one-statement step: `checkouts.order_bump_ids`, the JSON list of the
/// order bumps a buyer chose. As with 0007, the seed names the file but not its statement.
struct AddCheckoutOrderBumpIds: SchemaStep {
    var name: String { "0008_stiff_toro" }

    static let orderBumpIds = ColumnDefinition.json("order_bump_ids")

    func forward(on schema: SchemaConnection) async throws {
        try await schema.addColumn(Self.orderBumpIds, to: "checkouts")
    }

    func backward(on schema: SchemaConnection) async throws {
        try await schema.dropColumn(Self.orderBumpIds.name, from: "checkouts")
    }
}
