import SQLKit

/// Our step 0022: what commerce reads. `checkouts.paid_at` is when the payment landed, for revenue by day (the
/// seed keeps no such time; existing paid checkouts take their last update). And the read paths: postbacks
/// find their checkout by the provider's charge id; the admin's list filters checkouts by date; the abandonment
/// job and the recovery list read them by status and age; revenue reads paid ones by payment time; the expiry
/// job and "expiring this week" read active subscriptions by end.
struct AddCommerceReadColumns: SchemaStep {
    var name: String { "0022_add_commerce_read_columns" }

    static let indexes: [IndexDefinition] = [
        .init(table: "checkouts", columns: ["external_id"]),
        .init(table: "checkouts", columns: ["created_at"]),
        .init(table: "checkouts", columns: ["status", "created_at"]),
        .init(table: "checkouts", columns: ["paid_at"]),
        .init(table: "subscriptions", columns: ["status", "end_date"]),
    ]

    func forward(on schema: SchemaConnection) async throws {
        try await schema.addColumn(.timestamp("paid_at"), to: "checkouts")
        try await schema.sql.raw(
            "UPDATE checkouts SET paid_at = COALESCE(updated_at, created_at) WHERE status = 'paid'"
        ).run()
        try await schema.create(Self.indexes)
    }

    func backward(on schema: SchemaConnection) async throws {
        try await schema.drop(Self.indexes)
        try await schema.dropColumn("paid_at", from: "checkouts")
    }
}
