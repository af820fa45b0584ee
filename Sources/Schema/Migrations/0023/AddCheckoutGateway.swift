/// Our step 0023: which gateway charged a checkout (`payment_gateways.name`), so the reconciliation job knows
/// whom to ask about a payment whose notification never came. Earlier checkouts stay unnamed.
struct AddCheckoutGateway: SchemaStep {
    var name: String { "0023_add_checkout_gateway" }

    func forward(on schema: SchemaConnection) async throws {
        try await schema.addColumn(.text("gateway"), to: "checkouts")
    }

    func backward(on schema: SchemaConnection) async throws {
        try await schema.dropColumn("gateway", from: "checkouts")
    }
}
