/// Seed step 0010 (`0010_ads_table`): ad campaigns, with denormalised impression and click counters.
struct CreateAds: SchemaStep {
    var name: String { "0010_ads_table" }

    static let ads = TableDefinition(
        name: "ads",
        columns: [
            .identity("id"),
            .text("name", notNull: true),
            .enumText("type", default: AdType.banner),
            .enumText("placement", default: AdPlacement.homeTop),
            .enumText("status", default: AdStatus.draft),
            .text("title", notNull: true),
            .text("subtitle"),
            .text("cta_text"),
            .text("image_url"),
            .text("link", notNull: true),
            .text("category"),
            .integer("impressions", default: .integer(0)),
            .integer("clicks", default: .integer(0)),
            .integer("priority", default: .integer(0)),
            .timestamp("start_date"),
            .timestamp("end_date"),
            .timestamp("created_at", defaultNow: true),
            .timestamp("updated_at", defaultNow: true),
        ]
    )

    func forward(on schema: SchemaConnection) async throws {
        try await schema.create(Self.ads)
    }

    func backward(on schema: SchemaConnection) async throws {
        try await schema.drop(Self.ads)
    }
}
