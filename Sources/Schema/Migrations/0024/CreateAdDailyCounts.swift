/// Our step 0024: daily impression and click counts per ad and placement, what raw events roll up into before
/// retention deletes them (`AdRetention`). The day is São Paulo's, as "yyyy-MM-dd", so the admin's charts need
/// no time-zone arithmetic in SQL. An ad's counts go with it.
struct CreateAdDailyCounts: SchemaStep {
    var name: String { "0024_create_ad_daily_counts" }

    static let counts = TableDefinition(
        name: "ad_daily_counts",
        columns: [
            .identity("id"),
            .integer("ad_id", notNull: true),
            .text("placement", notNull: true, default: .text("")),
            .text("day", notNull: true),
            .integer("impressions", notNull: true, default: .integer(0)),
            .integer("clicks", notNull: true, default: .integer(0)),
        ],
        uniqueColumnSets: [["ad_id", "placement", "day"]],
        foreignKeys: [.init(column: "ad_id", referencedTable: "ads", cascadesOnDelete: true)]
    )

    static let indexes: [IndexDefinition] = [
        // Per-placement analytics over a range of days.
        .init(table: "ad_daily_counts", columns: ["placement", "day"])
    ]

    func forward(on schema: SchemaConnection) async throws {
        try await schema.create(Self.counts)
        try await schema.create(Self.indexes)
    }

    func backward(on schema: SchemaConnection) async throws {
        try await schema.drop(Self.indexes)
        try await schema.drop(Self.counts)
    }
}
