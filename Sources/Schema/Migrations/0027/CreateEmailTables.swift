/// Our step 0027: e-mail. The outbox, one row per message, written in the transaction of the event that causes
/// it; the single-use tokens the messages carry (password reset, e-mail confirmation), stored as hashes; and on
/// each account its language, whether its address is confirmed or bouncing, and its consent to the mail it may
/// stop.
struct CreateEmailTables: SchemaStep {
    var name: String { "0027_create_email_tables" }

    static let outbox = TableDefinition(
        name: "email_outbox",
        columns: [
            .identity("id"),
            .text("kind", notNull: true),
            .integer("user_id"),
            .text("to_address", notNull: true),
            .text("to_name"),
            .text("language", notNull: true),
            .text("subject", notNull: true),
            .text("text_body", notNull: true),
            .text("html_body", notNull: true),
            .text("message_id", notNull: true),
            .text("unsubscribe_url"),
            // What caused it ("receipt:checkout:12"): an event that comes twice queues its message once.
            .text("dedupe_key"),
            .enumText("status", notNull: true, default: MailStatus.pending),
            .integer("attempts", notNull: true, default: .integer(0)),
            .timestamp("next_attempt_at", notNull: true, defaultNow: true),
            .timestamp("lease_until"),
            .text("last_error"),
            .timestamp("sent_at"),
            .timestamp("created_at", notNull: true, defaultNow: true),
        ],
        uniqueColumnSets: [["message_id"], ["dedupe_key"]],
        // A deleted account takes its mail with it.
        foreignKeys: [.init(column: "user_id", referencedTable: "users", cascadesOnDelete: true)],
        enumChecks: [.init("email_outbox", "kind", MailKind.self), .init("email_outbox", "status", MailStatus.self)]
    )

    static let tokens = TableDefinition(
        name: "account_tokens",
        columns: [
            .identity("id"),
            .integer("user_id", notNull: true),
            .text("purpose", notNull: true),
            // SHA-256 of the token: the database never holds one that works.
            .text("token_hash", notNull: true),
            .timestamp("expires_at", notNull: true),
            .timestamp("used_at"),
            .timestamp("created_at", notNull: true, defaultNow: true),
        ],
        uniqueColumnSets: [["token_hash"]],
        foreignKeys: [.init(column: "user_id", referencedTable: "users", cascadesOnDelete: true)],
        enumChecks: [.init("account_tokens", "purpose", AccountTokenPurpose.self)]
    )

    /// Password-reset requests by client address, so one client can't make the site mail thousands of links.
    static let resetRequests = TableDefinition(
        name: "password_reset_requests",
        columns: [
            .identity("id"), .text("ip", notNull: true), .timestamp("created_at", notNull: true, defaultNow: true),
        ]
    )

    static let indexes: [IndexDefinition] = [
        // The sender's due rows, oldest first.
        .init(table: "email_outbox", columns: ["status", "next_attempt_at"]),
        // The admin's list, newest first, and one address's mail.
        .init(table: "email_outbox", columns: ["created_at"]),
        .init(table: "email_outbox", columns: ["to_address"]),
        .init(table: "email_outbox", columns: ["user_id"]),
        .init(table: "account_tokens", columns: ["user_id"]),
        .init(table: "password_reset_requests", columns: ["ip", "created_at"]),
    ]

    func forward(on schema: SchemaConnection) async throws {
        try await schema.create(Self.outbox)
        try await schema.create(Self.tokens)
        try await schema.create(Self.resetRequests)
        try await schema.create(Self.indexes)
        try await schema.addColumn(.text("language"), to: "users")
        try await schema.addColumn(.timestamp("email_confirmed_at"), to: "users")
        try await schema.addColumn(.timestamp("email_bouncing_since"), to: "users")
        try await schema.addColumn(.boolean("wants_renewal_reminders", default: true), to: "users")
        try await schema.addColumn(.boolean("wants_recovery_emails", default: true), to: "users")
    }

    func backward(on schema: SchemaConnection) async throws {
        for column in [
            "wants_recovery_emails", "wants_renewal_reminders", "email_bouncing_since", "email_confirmed_at",
            "language",
        ] {
            try await schema.dropColumn(column, from: "users")
        }
        try await schema.drop(Self.indexes)
        try await schema.drop(Self.resetRequests)
        try await schema.drop(Self.tokens)
        try await schema.drop(Self.outbox)
    }
}
