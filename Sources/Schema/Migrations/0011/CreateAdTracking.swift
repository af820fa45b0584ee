/// Seed step 0011 (`0011_ads_tracking`): one row per ad impression and per click. Deleting an ad deletes its events.
struct CreateAdTracking: SchemaStep {
    var name: String { "0011_ads_tracking" }

    static func eventTable(named name: String) -> TableDefinition {
        TableDefinition(
            name: name,
            columns: [
                .identity("id"),
                .integer("ad_id"),
                .text("placement"),
                .text("user_agent"),
                .text("ip"),
                .timestamp("created_at", defaultNow: true),
            ],
            foreignKeys: [.init(column: "ad_id", referencedTable: "ads", cascadesOnDelete: true)]
        )
    }

    static let impressions = eventTable(named: "impressions")
    static let clicks = eventTable(named: "clicks")

    func forward(on schema: SchemaConnection) async throws {
        try await schema.create(Self.impressions, Self.clicks)
    }

    func backward(on schema: SchemaConnection) async throws {
        try await schema.drop(Self.clicks, Self.impressions)
    }
}
