/// Our step 0025: per placement and São Paulo day, how often it was served (`serves`), how many of those
/// serves showed at least one ad (`filled_serves`), and the impressions and clicks it got. The ad tracker
/// adds to it in the same transaction as the events, so the placements' fill rate and CTR read a few rows per
/// day instead of the event tables. It outlives the ads: a placement's history keeps what deleted ads did.
///
/// Events stored before this step are counted in by day; their serves were never recorded, so those days
/// have no fill rate.
struct CreateAdPlacementDailyCounts: SchemaStep {
    var name: String { "0025_create_ad_placement_daily_counts" }

    static let counts = TableDefinition(
        name: "ad_placement_daily_counts",
        columns: [
            .identity("id"),
            .text("placement", notNull: true),
            .text("day", notNull: true),
            .integer("serves", notNull: true, default: .integer(0)),
            .integer("filled_serves", notNull: true, default: .integer(0)),
            .integer("impressions", notNull: true, default: .integer(0)),
            .integer("clicks", notNull: true, default: .integer(0)),
        ],
        // Day first: the admin reads every placement over a range of days; the writers' upserts name both.
        uniqueColumnSets: [["day", "placement"]]
    )

    func forward(on schema: SchemaConnection) async throws {
        try await schema.create(Self.counts)
        let day = schema.flavor.saoPauloDay(of: "created_at")
        try await schema.sql.raw(
            """
            INSERT INTO ad_placement_daily_counts (placement, day, impressions, clicks)
            SELECT placement, day, SUM(impressions), SUM(clicks) FROM (
              SELECT COALESCE(placement, '') AS placement, \(unsafeRaw: day) AS day, 1 AS impressions, 0 AS clicks FROM impressions
              UNION ALL
              SELECT COALESCE(placement, ''), \(unsafeRaw: day), 0, 1 FROM clicks
              UNION ALL
              SELECT placement, day, impressions, clicks FROM ad_daily_counts
            ) AS events GROUP BY placement, day
            """
        ).run()
    }

    func backward(on schema: SchemaConnection) async throws {
        try await schema.drop(Self.counts)
    }
}
