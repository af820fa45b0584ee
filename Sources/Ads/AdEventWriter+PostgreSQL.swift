import FluentKit
import Foundation
import Localization
import SQLKit
import Schema

extension AdEventWriter {
    /// One round trip and one commit for the whole batch, which every waiting request shares: the commit's wait
    /// for the disk is the batch's main cost, and statements sent one after another inside a transaction would
    /// each add a round trip to it. Data-modifying CTEs run in one snapshot:
    /// - `locked` takes the batch's ads in id order (`FOR NO KEY UPDATE`), so instances writing at once lock
    ///   them in one order and can't deadlock; an ad deleted meanwhile is simply not there.
    /// - `counted` adds each ad's events to its counters and names the ads it found; `kept` is their events;
    ///   the two INSERTs store exactly those.
    /// - The final upsert adds the serves and the kept events to their placements' days.
    static func writeAsOneStatement(
        _ events: [AdEvent], serves: [PlacementDayKey: PlacementCounts], on sql: any SQLDatabase
    ) async throws {
        var steps: [SQLQueryString] = []
        var placementSources: [SQLQueryString] = []
        if !events.isEmpty {
            // One array per column, seven binds whatever the batch's size: the statement's text and its parsing
            // stay the same, and each value is encoded once, in bulk. Arrays can't hold a missing user agent or
            // IP here, so those travel as empty strings and become NULL again. The São Paulo day comes from
            // `SiteClock`, as on SQLite, rather than from PostgreSQL's time-zone data for each row.
            steps.append(
                """
                events (kind, ad_id, placement, user_agent, ip, created_at, day) AS (
                  SELECT kind, ad_id, placement, NULLIF(user_agent, ''), NULLIF(ip, ''), created_at, day
                  FROM unnest(\(bind: events.map(\.kind.rawValue))::text[], \(bind: events.map(\.adID))::bigint[],
                              \(bind: events.map(\.placement.rawValue))::text[], \(bind: events.map { $0.userAgent ?? "" })::text[],
                              \(bind: events.map { $0.ip ?? "" })::text[], \(bind: events.map(\.at))::timestamptz[],
                              \(bind: events.map { SiteClock.dayKey($0.at) })::text[])
                    AS batch (kind, ad_id, placement, user_agent, ip, created_at, day))
                """)
            // The ids as a value of their own, so the planner sees how few they are and reads the primary key
            // instead of the whole (counter-churned) table.
            let adIDs = Array(Set(events.map(\.adID))).sorted()
            steps.append(
                "locked AS (SELECT id FROM ads WHERE id = ANY(\(bind: adIDs)::bigint[]) ORDER BY id FOR NO KEY UPDATE)")
            steps.append(
                """
                counted AS (
                  UPDATE ads SET impressions = ads.impressions + per_ad.impressions, clicks = ads.clicks + per_ad.clicks
                  FROM (SELECT ad_id, COUNT(*) FILTER (WHERE kind = 'impression') AS impressions,
                               COUNT(*) FILTER (WHERE kind = 'click') AS clicks
                        FROM events GROUP BY ad_id) AS per_ad
                  WHERE ads.id = per_ad.ad_id AND ads.id = ANY(\(bind: adIDs)::bigint[]) AND ads.id IN (SELECT id FROM locked)
                  RETURNING ads.id)
                """)
            steps.append("kept AS (SELECT events.* FROM events JOIN counted ON counted.id = events.ad_id)")
            for kind in AdEvent.Kind.allCases {
                steps.append(
                    """
                    new_\(unsafeRaw: kind.table) AS (INSERT INTO \(unsafeRaw: kind.table) (ad_id, placement, user_agent, ip, created_at)
                      SELECT ad_id, placement, user_agent, ip, created_at FROM kept WHERE kind = \(literal: kind.rawValue))
                    """)
            }
            placementSources.append(
                """
                SELECT placement, day, 0 AS serves, 0 AS filled_serves,
                  COUNT(*) FILTER (WHERE kind = 'impression') AS impressions, COUNT(*) FILTER (WHERE kind = 'click') AS clicks
                FROM kept GROUP BY 1, 2
                """)
        }
        if !serves.isEmpty {
            let rows = serves.map { key, tally in
                SQLQueryString(
                    "(\(bind: key.placement)::text, \(bind: key.day)::text, \(bind: tally.serves)::bigint, \(bind: tally.filledServes)::bigint)"
                )
            }
            steps.append("tallies (placement, day, serves, filled_serves) AS (VALUES \(rows.joined(separator: ", ")))")
            placementSources.insert(
                "SELECT placement, day, serves, filled_serves, 0 AS impressions, 0 AS clicks FROM tallies", at: 0)
        }
        try await sql.raw(
            """
            WITH \(steps.joined(separator: ",\n"))
            INSERT INTO ad_placement_daily_counts (placement, day, serves, filled_serves, impressions, clicks)
            SELECT placement, day, SUM(serves), SUM(filled_serves), SUM(impressions), SUM(clicks)
            FROM (\(placementSources.joined(separator: " UNION ALL "))) AS counts
            GROUP BY placement, day ORDER BY placement, day
            \(unsafeRaw: placementUpsert)
            """
        ).run()
    }

    static let placementUpsert = """
        ON CONFLICT (placement, day) DO UPDATE SET
          serves = ad_placement_daily_counts.serves + excluded.serves,
          filled_serves = ad_placement_daily_counts.filled_serves + excluded.filled_serves,
          impressions = ad_placement_daily_counts.impressions + excluded.impressions,
          clicks = ad_placement_daily_counts.clicks + excluded.clicks
        """
}
