/// Our step 0021: every manual change an admin makes to a subscription (grant, extend, expire), with who made it
/// and the end date before and after. The admin is kept by id and e-mail without a foreign key, so the entry
/// outlives the admin's account; it goes with the subscriber's.
struct CreateSubscriptionAudits: SchemaStep {
    var name: String { "0021_create_subscription_audits" }

    static let audits = TableDefinition(
        name: "subscription_audits",
        columns: [
            .identity("id"),
            .integer("subscription_id"),
            .integer("user_id", notNull: true),
            .integer("admin_id"),
            .text("admin_email"),
            .enumText("action", notNull: true, default: SubscriptionAuditAction?.none),
            .integer("days"),
            .timestamp("previous_end_date"),
            .timestamp("new_end_date"),
            .text("note"),
            .timestamp("created_at", notNull: true, defaultNow: true),
        ],
        foreignKeys: [
            .init(column: "subscription_id", referencedTable: "subscriptions", cascadesOnDelete: true),
            .init(column: "user_id", referencedTable: "users", cascadesOnDelete: true),
        ],
        enumChecks: [.init("subscription_audits", "action", SubscriptionAuditAction.self)]
    )

    static let indexes: [IndexDefinition] = [
        // The admin's latest entries first, and a subscriber's history.
        .init(table: "subscription_audits", columns: ["created_at"]),
        .init(table: "subscription_audits", columns: ["user_id", "created_at"]),
        .init(table: "subscription_audits", columns: ["subscription_id"]),
    ]

    func forward(on schema: SchemaConnection) async throws {
        try await schema.create(Self.audits)
        try await schema.create(Self.indexes)
    }

    func backward(on schema: SchemaConnection) async throws {
        try await schema.drop(Self.indexes)
        try await schema.drop(Self.audits)
    }
}
