import FluentKit
import Foundation
import Localization
import SQLKit
import Schema

/// An ad's impressions and clicks per São Paulo day over a range: the rolled-up days from `ad_daily_counts`
/// plus the raw events not rolled up yet, grouped by day in SQL. Each event is in exactly one of the two, so
/// the sums are exact. Both reads lead with the ad's id on an index (`ad_daily_counts (ad_id, placement, day)`,
/// `impressions|clicks (ad_id, created_at)`), so a range costs its days, not the table.
public enum AdAnalytics {
    public struct Day: Sendable, Equatable {
        /// "yyyy-MM-dd", São Paulo.
        public let day: String
        public let impressions: Int
        public let clicks: Int

        /// Clicks per impression, 0 when nothing was shown.
        public var clickThroughRate: Double { impressions == 0 ? 0 : Double(clicks) / Double(impressions) }
    }

    /// Every day from `first` to `last` (inclusive, "yyyy-MM-dd"), zeros included; at most 366 days.
    public static func daily(adID: Int, from first: String, to last: String, on database: any Database) async throws -> [Day] {
        guard let sql = database as? any SQLDatabase, let start = SiteClock.startOfDay(first), let endDay = SiteClock.startOfDay(last) else { return [] }
        let end = endDay.addingTimeInterval(86_400)
        var impressions: [String: Int] = [:], clicks: [String: Int] = [:]
        for row in try await sql.raw("""
            SELECT day, SUM(impressions) AS impressions, SUM(clicks) AS clicks FROM ad_daily_counts
            WHERE ad_id = \(bind: adID) AND day >= \(bind: first) AND day <= \(bind: last) GROUP BY day
            """).all() {
            let day = try row.decode(column: "day", as: String.self)
            impressions[day, default: 0] += try row.decode(column: "impressions", as: Int.self)
            clicks[day, default: 0] += try row.decode(column: "clicks", as: Int.self)
        }
        let dayExpression = try AdDay.sqlExpression(column: "created_at", flavor: SQLFlavor(sql))
        for kind in AdEvent.Kind.allCases {
            for row in try await sql.raw("""
                SELECT \(unsafeRaw: dayExpression) AS day, COUNT(*) AS events FROM \(unsafeRaw: kind.table)
                WHERE ad_id = \(bind: adID) AND created_at >= \(bind: start) AND created_at < \(bind: end) GROUP BY 1
                """).all() {
                let day = try row.decode(column: "day", as: String.self), count = try row.decode(column: "events", as: Int.self)
                if kind == .impression { impressions[day, default: 0] += count } else { clicks[day, default: 0] += count }
            }
        }
        return SiteClock.dayKeys(from: start, to: endDay).map { Day(day: $0, impressions: impressions[$0] ?? 0, clicks: clicks[$0] ?? 0) }
    }
}

/// The São Paulo day of a timestamp column, in SQL, for grouping events by the days the admin reads.
enum AdDay {
    /// PostgreSQL converts its timestamptz; SQLite's REAL Unix seconds are shifted by São Paulo's fixed −3 hours
    /// (no daylight saving since 2019).
    static func sqlExpression(column: String, flavor: SQLFlavor) -> String {
        switch flavor {
        case .postgres: "to_char(\(column) AT TIME ZONE 'America/Sao_Paulo', 'YYYY-MM-DD')"
        case .sqlite: "strftime('%Y-%m-%d', \(column) - 10800, 'unixepoch')"
        }
    }
}
