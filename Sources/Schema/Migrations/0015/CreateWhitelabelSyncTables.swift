/// Our step 0015: what the whitelabel sync keeps about itself. Each run writes a report (live progress while it
/// runs, the outcome after), and on SQLite a lock row makes sure only one sync runs at a time (PostgreSQL uses an
/// advisory lock instead, which dies with its connection).
struct CreateWhitelabelSyncTables: SchemaStep {
    var name: String { "0015_create_whitelabel_sync_tables" }

    static let reports = TableDefinition(
        name: "whitelabel_sync_reports",
        columns: [
            .identity("id"),
            .enumText("status", notNull: true, default: WhitelabelSyncStatus.running),
            .boolean("dry_run", default: false),
            .boolean("prune", default: false),
            .timestamp("started_at", notNull: true, defaultNow: true),
            .timestamp("finished_at"),
            .integer("objects_seen", notNull: true, default: .integer(0)),
            .integer("models_added", notNull: true, default: .integer(0)),
            .integer("models_updated", notNull: true, default: .integer(0)),
            .integer("posts_added", notNull: true, default: .integer(0)),
            .integer("media_added", notNull: true, default: .integer(0)),
            .integer("media_updated", notNull: true, default: .integer(0)),
            .integer("models_pruned", notNull: true, default: .integer(0)),
            .integer("posts_pruned", notNull: true, default: .integer(0)),
            .integer("media_pruned", notNull: true, default: .integer(0)),
            .integer("keys_skipped", notNull: true, default: .integer(0)),
            /// Reason → count and a few example keys.
            .json("skipped"),
            .text("error"),
        ],
        enumChecks: [.init("whitelabel_sync_reports", "status", WhitelabelSyncStatus.self)]
    )

    /// A named lock with an expiry, refreshed while its holder works, so a crashed holder's lock lapses.
    static let locks = TableDefinition(
        name: "sync_locks",
        columns: [
            .text("name", notNull: true),
            .text("holder", notNull: true),
            .timestamp("expires_at", notNull: true),
        ],
        uniqueColumnSets: [["name"]]
    )

    static let indexes: [IndexDefinition] = [
        // The admin panel shows the latest reports first.
        .init(table: "whitelabel_sync_reports", columns: ["started_at"])
    ]

    func forward(on schema: SchemaConnection) async throws {
        try await schema.create(Self.reports, Self.locks)
        try await schema.create(Self.indexes)
    }

    func backward(on schema: SchemaConnection) async throws {
        try await schema.drop(Self.indexes)
        try await schema.drop(Self.locks, Self.reports)
    }
}
