/// Our step 0012: indexes the seed lacks. Every foreign-key column leads some index, so deleting a parent row
/// and joining from it never scans the child table; and the seed's hot read paths get an index of their own.
struct AddIndexes: SchemaStep {
    var name: String { "0012_add_indexes" }

    /// Access paths. Each also serves the foreign key its first column holds.
    static let accessPaths: [IndexDefinition] = [
        // A creator's feed, newest first, paged by the (created_at, id) keyset.
        .init(table: "posts", columns: ["model_id", "created_at", "id"]),
        // Serving: the active ads of one placement.
        .init(table: "ads", columns: ["placement", "status"]),
        // Analytics: one ad's events over a date range.
        .init(table: "impressions", columns: ["ad_id", "created_at"]),
        .init(table: "clicks", columns: ["ad_id", "created_at"]),
    ]

    /// Foreign keys that no access path or unique constraint already leads with.
    /// (`whitelabel_posts.whitelabel_model_id` leads the unique (whitelabel_model_id, folder_name).)
    static let foreignKeys: [IndexDefinition] = [
        .init(table: "whitelabel_media", columns: ["whitelabel_post_id"]),
        .init(table: "subscriptions", columns: ["user_id"]),
        .init(table: "subscriptions", columns: ["plan_id"]),
        .init(table: "checkouts", columns: ["user_id"]),
        .init(table: "checkouts", columns: ["plan_id"]),
    ]

    func forward(on schema: SchemaConnection) async throws {
        try await schema.create(Self.accessPaths + Self.foreignKeys)
    }

    func backward(on schema: SchemaConnection) async throws {
        try await schema.drop(Self.accessPaths + Self.foreignKeys)
    }
}
