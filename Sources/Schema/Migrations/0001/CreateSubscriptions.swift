/// Seed step 0001 (`0001_chunky_thunderbolts`): subscriptions, linking users to plans. The start and end dates
/// stay empty until a payment confirms the subscription.
struct CreateSubscriptions: SchemaStep {
    var name: String { "0001_chunky_thunderbolts" }

    static let subscriptions = TableDefinition(
        name: "subscriptions",
        columns: [
            .identity("id"),
            .integer("user_id"),
            .integer("plan_id"),
            .text("external_id"),
            .timestamp("start_date"),
            .timestamp("end_date"),
            .enumText("status", default: SubscriptionStatus.pending),
            .timestamp("created_at", defaultNow: true),
        ],
        foreignKeys: [
            .init(column: "user_id", referencedTable: "users"),
            .init(column: "plan_id", referencedTable: "plans"),
        ]
    )

    func forward(on schema: SchemaConnection) async throws {
        try await schema.create(Self.subscriptions)
    }

    func backward(on schema: SchemaConnection) async throws {
        try await schema.drop(Self.subscriptions)
    }
}
