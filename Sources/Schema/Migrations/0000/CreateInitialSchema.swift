/// Seed step 0000 (`0000_special_white_queen`): users, plans, creators ("models") and their posts, the admin
/// settings, and the whitelabel catalogue.
struct CreateInitialSchema: SchemaStep {
    var name: String { "0000_special_white_queen" }

    static let users = TableDefinition(
        name: "users",
        columns: [
            .identity("id"),
            .text("email", notNull: true),
            .text("password", notNull: true),
            .enumText("role", default: UserRole.user),
            .timestamp("created_at", defaultNow: true),
        ],
        uniqueColumnSets: [["email"]]
    )

    static let plans = TableDefinition(
        name: "plans",
        columns: [
            .identity("id"),
            .text("name", notNull: true),
            .integer("price", notNull: true),
            .json("benefits"),
            .text("cta_text"),
            .text("checkout_url"),
            .boolean("accepts_pix", default: true),
            .boolean("accepts_card", default: true),
        ]
    )

    static let models = TableDefinition(
        name: "models",
        columns: [
            .identity("id"),
            .text("name", notNull: true),
            .text("description"),
            .text("icon_url"),
            .text("banner_url"),
            .boolean("is_featured", default: false),
            .timestamp("created_at", defaultNow: true),
        ]
    )

    static let posts = TableDefinition(
        name: "posts",
        columns: [
            .identity("id"),
            .integer("model_id"),
            .text("title"),
            .text("content_url", notNull: true),
            .enumText("type", notNull: true, default: MediaType?.none),
            .timestamp("created_at", defaultNow: true),
        ],
        // No cascade: deleting a creator with posts must be an explicit decision.
        foreignKeys: [.init(column: "model_id", referencedTable: "models")]
    )

    static let adminSettings = TableDefinition(
        name: "admin_settings",
        columns: [
            .init(name: "key", kind: .text, isNotNull: true, isPrimaryKey: true),
            .text("value", notNull: true),
        ]
    )

    static let whitelabelModels = TableDefinition(
        name: "whitelabel_models",
        columns: [
            .identity("id"),
            .text("folder_name", notNull: true),
            .text("thumbnail_url"),
            .text("icon_url"),
            .text("banner_url"),
            .integer("post_count", default: .integer(0)),
            .enumText("status", default: WhitelabelModelStatus.new),
            .timestamp("last_synced_at", defaultNow: true),
            .timestamp("created_at", defaultNow: true),
        ],
        uniqueColumnSets: [["folder_name"]]
    )

    static let whitelabelPosts = TableDefinition(
        name: "whitelabel_posts",
        columns: [
            .identity("id"),
            .integer("whitelabel_model_id"),
            .text("folder_name", notNull: true),
            .text("title"),
            .json("media_cdns"),
            .timestamp("created_at", defaultNow: true),
        ],
        uniqueColumnSets: [["whitelabel_model_id", "folder_name"]],
        foreignKeys: [
            .init(column: "whitelabel_model_id", referencedTable: "whitelabel_models", cascadesOnDelete: true)
        ]
    )

    static let whitelabelMedia = TableDefinition(
        name: "whitelabel_media",
        columns: [
            .identity("id"),
            .integer("whitelabel_post_id"),
            .text("s3_key", notNull: true),
            .text("url"),
            .enumText("type", default: MediaType?.none),
            .timestamp("created_at", defaultNow: true),
        ],
        uniqueColumnSets: [["s3_key"]],
        foreignKeys: [.init(column: "whitelabel_post_id", referencedTable: "whitelabel_posts", cascadesOnDelete: true)]
    )

    func forward(on schema: SchemaConnection) async throws {
        try await schema.create(
            Self.users, Self.plans, Self.models, Self.posts, Self.adminSettings,
            Self.whitelabelModels, Self.whitelabelPosts, Self.whitelabelMedia
        )
    }

    func backward(on schema: SchemaConnection) async throws {
        try await schema.drop(
            Self.whitelabelMedia, Self.whitelabelPosts, Self.whitelabelModels,
            Self.adminSettings, Self.posts, Self.models, Self.plans, Self.users
        )
    }
}
