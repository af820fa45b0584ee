import FluentKit
import Foundation
import Localization
import SQLKit
import Schema

extension AdEventWriter {
    /// The batch as a transaction of statements: one multi-row INSERT per table (per 500 rows), one counter
    /// UPDATE per table for all its ads, and one upsert of the placements' days. SQLite has one writer at a time,
    /// so the ads need no lock; on PostgreSQL (the per-event baseline) they are locked against deletion.
    static func writeInTransaction(
        _ events: [AdEvent], serves: [PlacementDayKey: PlacementCounts], on database: any Database
    ) async throws {
        guard !events.isEmpty || !serves.isEmpty else { return }
        try await database.transaction { transaction in
            guard let sql = transaction as? any SQLDatabase else {
                throw UnsupportedDatabaseError(dialectName: "\(type(of: transaction))")
            }
            var kept: [AdEvent] = []
            if !events.isEmpty {
                let adIDs = Array(Set(events.map(\.adID))).sorted()
                let lockClause = try SQLFlavor(sql) == .postgres ? " FOR KEY SHARE" : ""
                let existing = Set(
                    try await sql.raw("SELECT id FROM ads WHERE id IN (\(binds: adIDs))\(unsafeRaw: lockClause)").all()
                        .map { try $0.decode(column: "id", as: Int.self) })
                kept = events.filter { existing.contains($0.adID) }
            }
            for kind in AdEvent.Kind.allCases {
                let ofKind = kept.filter { $0.kind == kind }
                for start in stride(from: 0, to: ofKind.count, by: rowsPerInsert) {
                    let rows = ofKind[start..<min(start + rowsPerInsert, ofKind.count)].map { event in
                        SQLQueryString(
                            "(\(bind: event.adID), \(bind: event.placement.rawValue), \(bind: event.userAgent), \(bind: event.ip), \(bind: event.at))"
                        )
                    }
                    try await sql.raw(
                        """
                        INSERT INTO \(unsafeRaw: kind.table) (ad_id, placement, user_agent, ip, created_at) VALUES \(rows.joined(separator: ", "))
                        """
                    ).run()
                }
                // Every ad's counter in one statement: a round trip per ad would make the batch, which every waiting
                // request shares, as slow as the ads it touches are many.
                let perAd = Dictionary(grouping: ofKind, by: \.adID).mapValues(\.count).sorted { $0.key < $1.key }
                guard !perAd.isEmpty else { continue }
                let increments = perAd.map { SQLQueryString("WHEN \(bind: $0.key) THEN \(bind: $0.value)") }
                try await sql.raw(
                    """
                    UPDATE ads SET \(unsafeRaw: kind.table) = \(unsafeRaw: kind.table) + CASE id \(increments.joined(separator: " ")) ELSE 0 END
                    WHERE id IN (\(binds: perAd.map(\.key)))
                    """
                ).run()
            }
            let placements = serves.merging(PlacementCounts.events(kept), uniquingKeysWith: +).sorted {
                $0.key < $1.key
            }
            guard !placements.isEmpty else { return }
            let rows = placements.map { key, tally in
                SQLQueryString(
                    "(\(bind: key.placement), \(bind: key.day), \(bind: tally.serves), \(bind: tally.filledServes), \(bind: tally.impressions), \(bind: tally.clicks))"
                )
            }
            try await sql.raw(
                """
                INSERT INTO ad_placement_daily_counts (placement, day, serves, filled_serves, impressions, clicks)
                VALUES \(rows.joined(separator: ", ")) \(unsafeRaw: placementUpsert)
                """
            ).run()
        }
    }
}
