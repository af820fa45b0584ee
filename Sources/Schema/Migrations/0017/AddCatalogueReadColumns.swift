import SQLKit

/// Our step 0017: what the public catalogue reads, kept beside the rows so a page never counts or folds at
/// read time.
/// - `models.post_count`: the home grid orders the site's own models by post count together with whitelabel
///   models, which have kept theirs since the seed. Counting a million posts per page view would not do.
/// - `search_name` on both model tables: the name folded by `SearchName`, for case- and accent-insensitive search.
/// - Indexes for the grid's two orders, the featured strip, and a whitelabel model's posts by (created_at, id).
///   (A creator's feed has step 0012's.)
struct AddCatalogueReadColumns: SchemaStep {
    var name: String { "0017_add_catalogue_read_columns" }

    static let indexes: [IndexDefinition] = [
        .init(table: "models", columns: ["post_count", "id"]),
        .init(table: "whitelabel_models", columns: ["status", "post_count", "id"]),
        .init(table: "whitelabel_models", columns: ["status", "id"]),
        // The home page's featured strip.
        .init(table: "models", columns: ["is_featured", "id"]),
        // A whitelabel model's posts, newest first, paged by the (created_at, id) keyset, as a creator's are.
        .init(table: "whitelabel_posts", columns: ["whitelabel_model_id", "created_at", "id"]),
    ]

    func forward(on schema: SchemaConnection) async throws {
        try await schema.addColumn(.integer("post_count", notNull: true, default: .integer(0)), to: "models")
        try await schema.execute(
            "UPDATE \"models\" SET \"post_count\" = (SELECT count(*) FROM \"posts\" WHERE \"posts\".\"model_id\" = \"models\".\"id\")"
        )
        for (table, nameColumn) in [("models", "name"), ("whitelabel_models", "folder_name")] {
            try await schema.addColumn(.text("search_name", notNull: true, default: .text("")), to: table)
            // Existing names are folded here, in Swift, row by row; a fresh install has none.
            for row in try await schema.sql.raw("SELECT id, \(ident: nameColumn) AS name FROM \(ident: table)").all() {
                let id = try row.decode(column: "id", as: Int.self)
                let name = try row.decode(column: "name", as: String.self)
                try await schema.sql.raw(
                    "UPDATE \(ident: table) SET search_name = \(bind: SearchName.folded(name)) WHERE id = \(bind: id)"
                ).run()
            }
        }
        try await schema.create(Self.indexes)
    }

    func backward(on schema: SchemaConnection) async throws {
        try await schema.drop(Self.indexes)
        try await schema.dropColumn("search_name", from: "whitelabel_models")
        try await schema.dropColumn("search_name", from: "models")
        try await schema.dropColumn("post_count", from: "models")
    }
}
