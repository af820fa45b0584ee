/// Our step 0014: what signing in needs beyond the seed's `users`. Browser sessions and API tokens both live in
/// the database, so every app instance behind a load balancer recognises them; failed sign-ins are counted there
/// too, so the throttle holds across instances.
struct CreateAuthTables: SchemaStep {
    var name: String { "0014_create_auth_tables" }

    /// A session or API token. Only the SHA-256 of the token is stored: a leaked table signs nobody in.
    static let authTokens = TableDefinition(
        name: "auth_tokens",
        columns: [
            .identity("id"),
            .integer("user_id", notNull: true),
            .enumText("kind", notNull: true, default: AuthTokenKind.session),
            .text("token_hash", notNull: true),
            .timestamp("created_at", notNull: true, defaultNow: true),
            .timestamp("expires_at", notNull: true),
        ],
        uniqueColumnSets: [["token_hash"]],
        foreignKeys: [.init(column: "user_id", referencedTable: "users", cascadesOnDelete: true)],
        enumChecks: [.init("auth_tokens", "kind", AuthTokenKind.self)]
    )

    /// A failed sign-in or sign-up, by client address and by the e-mail it tried.
    static let authFailures = TableDefinition(
        name: "auth_failures",
        columns: [
            .identity("id"),
            .text("ip", notNull: true),
            .text("email", notNull: true),
            .timestamp("created_at", notNull: true, defaultNow: true),
        ]
    )

    static let indexes: [IndexDefinition] = [
        .init(table: "auth_tokens", columns: ["user_id"]),
        // Pruning expired tokens.
        .init(table: "auth_tokens", columns: ["expires_at"]),
        // The throttle counts one address's or one e-mail's recent failures; pruning drops old ones.
        .init(table: "auth_failures", columns: ["ip", "created_at"]),
        .init(table: "auth_failures", columns: ["email", "created_at"]),
        .init(table: "auth_failures", columns: ["created_at"]),
    ]

    func forward(on schema: SchemaConnection) async throws {
        try await schema.create(Self.authTokens, Self.authFailures)
        try await schema.create(Self.indexes)
    }

    func backward(on schema: SchemaConnection) async throws {
        try await schema.drop(Self.indexes)
        try await schema.drop(Self.authFailures, Self.authTokens)
    }
}
