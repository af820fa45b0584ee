/// Our step 0018: every postback a gateway sends, kept with its verification result and what it did, for the
/// admin to inspect. The unique (gateway, event_key) is what makes processing idempotent: a verified event's
/// key is the provider's event id, so a second delivery can't be recorded, or applied, as new.
struct CreatePaymentEvents: SchemaStep {
    var name: String { "0018_create_payment_events" }

    static let events = TableDefinition(
        name: "payment_events",
        columns: [
            .identity("id"),
            .text("gateway", notNull: true),
            .text("event_key", notNull: true),
            .text("charge_id"),
            .integer("checkout_id"),
            .boolean("verified", default: false),
            .text("status"),
            .integer("amount"),
            .text("outcome", notNull: true),
            .text("detail"),
            .text("payload"),
            .timestamp("received_at", notNull: true, defaultNow: true),
        ],
        uniqueColumnSets: [["gateway", "event_key"]],
        // No cascade: a checkout that money moved for keeps its history.
        foreignKeys: [.init(column: "checkout_id", referencedTable: "checkouts")]
    )

    static let indexes: [IndexDefinition] = [
        // A checkout's postback history, and the foreign key's index.
        .init(table: "payment_events", columns: ["checkout_id", "received_at"]),
        // The admin's latest postbacks first.
        .init(table: "payment_events", columns: ["received_at"]),
    ]

    func forward(on schema: SchemaConnection) async throws {
        try await schema.create(Self.events)
        try await schema.create(Self.indexes)
    }

    func backward(on schema: SchemaConnection) async throws {
        try await schema.drop(Self.indexes)
        try await schema.drop(Self.events)
    }
}
