import FluentKit
import Foundation
import Localization
import SQLKit
import Schema

/// Retention: raw impressions and clicks older than N days are rolled up into `ad_daily_counts` and deleted,
/// in small batches so no transaction holds the tables for long. The ads' counters are not touched, and each
/// event ends up counted in exactly one place, raw or rolled up.
public enum AdRetention {
    /// Rows per batch and table: one short transaction each, however far behind the job is.
    public static let batchSize = 1_000

    /// Rolls up and deletes events older than `days` days, at most `maximumBatches` batches per table. Returns
    /// how many raw rows it rolled up.
    @discardableResult
    public static func rollUp(
        olderThanDays days: Int, on database: any Database, now: Date = Date(), maximumBatches: Int = 50
    ) async throws -> Int {
        let cutoff = now.addingTimeInterval(-TimeInterval(days) * 86_400)
        var total = 0
        for kind in AdEvent.Kind.allCases {
            for _ in 0..<maximumBatches {
                let rolled = try await rollUpBatch(kind, before: cutoff, on: database)
                total += rolled
                if rolled < batchSize { break }
            }
        }
        return total
    }

    /// One batch, in one transaction. The DELETE … RETURNING says which rows this transaction took, so two
    /// instances running at once can't count a row twice: a row is counted by whoever deleted it.
    static func rollUpBatch(_ kind: AdEvent.Kind, before cutoff: Date, on database: any Database) async throws -> Int {
        try await database.transaction { transaction in
            guard let sql = transaction as? any SQLDatabase else {
                throw UnsupportedDatabaseError(dialectName: "\(type(of: transaction))")
            }
            let taken = try await sql.raw(
                """
                DELETE FROM \(unsafeRaw: kind.table) WHERE id IN (
                  SELECT id FROM \(unsafeRaw: kind.table) WHERE created_at < \(bind: cutoff) ORDER BY id LIMIT \(unsafeRaw: String(batchSize))
                ) RETURNING ad_id, placement, created_at
                """
            ).all()
            var counts: [DailyKey: Int] = [:]
            for row in taken {
                guard let adID = try row.decode(column: "ad_id", as: Int?.self),
                    let at = try row.decode(column: "created_at", as: Date?.self)
                else { continue }
                let placement = try row.decode(column: "placement", as: String?.self) ?? ""
                counts[DailyKey(adID: adID, placement: placement, day: SiteClock.dayKey(at)), default: 0] += 1
            }
            guard !counts.isEmpty else { return taken.count }
            let rows = counts.sorted {
                ($0.key.adID, $0.key.day, $0.key.placement) < ($1.key.adID, $1.key.day, $1.key.placement)
            }.map { key, count in
                SQLQueryString(
                    "(\(bind: key.adID), \(bind: key.placement), \(bind: key.day), \(bind: kind == .impression ? count : 0), \(bind: kind == .click ? count : 0))"
                )
            }
            try await sql.raw(
                """
                INSERT INTO ad_daily_counts (ad_id, placement, day, impressions, clicks) VALUES \(rows.joined(separator: ", "))
                ON CONFLICT (ad_id, placement, day) DO UPDATE SET
                  impressions = ad_daily_counts.impressions + excluded.impressions, clicks = ad_daily_counts.clicks + excluded.clicks
                """
            ).run()
            return taken.count
        }
    }

    struct DailyKey: Hashable {
        let adID: Int
        let placement: String
        let day: String
    }
}
