/// Seed step 0005 (`0005_furry_catseye`): payment gateway credentials. Gateway names are unique.
struct CreatePaymentGateways: SchemaStep {
    var name: String { "0005_furry_catseye" }

    static let paymentGateways = TableDefinition(
        name: "payment_gateways",
        columns: [
            .identity("id"),
            .text("name", notNull: true),
            .text("public_key"),
            .text("secret_key"),
            .text("postback_url"),
            .boolean("is_active", default: false),
        ],
        uniqueColumnSets: [["name"]]
    )

    func forward(on schema: SchemaConnection) async throws {
        try await schema.create(Self.paymentGateways)
    }

    func backward(on schema: SchemaConnection) async throws {
        try await schema.drop(Self.paymentGateways)
    }
}
