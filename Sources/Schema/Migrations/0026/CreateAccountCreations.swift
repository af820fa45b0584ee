/// Our step 0026: the accounts made from each client address, so sign-ups (each a bcrypt hash and a row) can be
/// limited per address and hour across every app instance. Only the address and the time are kept.
struct CreateAccountCreations: SchemaStep {
    var name: String { "0026_create_account_creations" }

    static let accountCreations = TableDefinition(
        name: "account_creations",
        columns: [
            .identity("id"),
            .text("ip", notNull: true),
            .timestamp("created_at", notNull: true, defaultNow: true),
        ]
    )

    // The limit counts one address's last hour; pruning drops older rows.
    static let indexes: [IndexDefinition] = [
        .init(table: "account_creations", columns: ["ip", "created_at"]),
        .init(table: "account_creations", columns: ["created_at"]),
    ]

    func forward(on schema: SchemaConnection) async throws {
        try await schema.create(Self.accountCreations)
        try await schema.create(Self.indexes)
    }

    func backward(on schema: SchemaConnection) async throws {
        try await schema.drop(Self.indexes)
        try await schema.drop(Self.accountCreations)
    }
}
