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
    public static func daily(adID: Int, from first: String, to last: String, on database: any Database) async throws
        -> [Day]
    {
        guard let sql = database as? any SQLDatabase else {
            throw UnsupportedDatabaseError(dialectName: "\(type(of: database))")
        }
        // Days that don't read make an empty range: the callers hand over canonical ones (`DayRange`).
        guard let start = SiteClock.startOfDay(first), let endDay = SiteClock.startOfDay(last) else { return [] }
        let end = endDay.addingTimeInterval(86_400)
        var impressions: [String: Int] = [:], clicks: [String: Int] = [:]
        for row in try await sql.raw(rolledUpDaysQuery(adID: adID, from: first, to: last)).all() {
            let day = try row.decode(column: "day", as: String.self)
            impressions[day, default: 0] += try row.decode(column: "impressions", as: Int.self)
            clicks[day, default: 0] += try row.decode(column: "clicks", as: Int.self)
        }
        let flavor = try SQLFlavor(sql)
        for kind in AdEvent.Kind.allCases {
            for row in try await sql.raw(rawDaysQuery(kind, adID: adID, from: start, until: end, flavor: flavor)).all()
            {
                let day = try row.decode(column: "day", as: String.self),
                    count = try row.decode(column: "events", as: Int.self)
                if kind == .impression {
                    impressions[day, default: 0] += count
                } else {
                    clicks[day, default: 0] += count
                }
            }
        }
        return SiteClock.dayKeys(from: start, to: endDay).map {
            Day(day: $0, impressions: impressions[$0] ?? 0, clicks: clicks[$0] ?? 0)
        }
    }

    /// An ad's rolled-up days: the unique index `(ad_id, placement, day)` leads with the ad.
    public static func rolledUpDaysQuery(adID: Int, from first: String, to last: String) -> SQLQueryString {
        """
        SELECT day, SUM(impressions) AS impressions, SUM(clicks) AS clicks FROM ad_daily_counts
        WHERE ad_id = \(bind: adID) AND day >= \(bind: first) AND day <= \(bind: last) GROUP BY day
        """
    }

    /// An ad's raw events of one kind, per day, from `start` until before `end`: a range of the index
    /// `(ad_id, created_at)` (step 0012).
    public static func rawDaysQuery(
        _ kind: AdEvent.Kind, adID: Int, from start: Date, until end: Date, flavor: SQLFlavor
    ) -> SQLQueryString {
        """
        SELECT \(unsafeRaw: flavor.saoPauloDay(of: "created_at")) AS day, COUNT(*) AS events FROM \(unsafeRaw: kind.table)
        WHERE ad_id = \(bind: adID) AND created_at >= \(bind: start) AND created_at < \(bind: end) GROUP BY 1
        """
    }
}

/// What a placement adds up, over a day or a range: serves (tracked showings of the placement), the serves
/// that showed at least one ad, and its impressions and clicks.
public struct PlacementCounts: Sendable, Equatable {
    public var serves = 0
    public var filledServes = 0
    public var impressions = 0
    public var clicks = 0

    public init(serves: Int = 0, filledServes: Int = 0, impressions: Int = 0, clicks: Int = 0) {
        self.serves = serves
        self.filledServes = filledServes
        self.impressions = impressions
        self.clicks = clicks
    }

    /// Filled serves per serve; nil when the placement wasn't served (or only before serves were recorded,
    /// step 0025).
    public var fillRate: Double? { serves == 0 ? nil : Double(filledServes) / Double(serves) }
    /// Clicks per impression, 0 when nothing was shown.
    public var clickThroughRate: Double { impressions == 0 ? 0 : Double(clicks) / Double(impressions) }

    public static func + (lhs: Self, rhs: Self) -> Self {
        Self(
            serves: lhs.serves + rhs.serves, filledServes: lhs.filledServes + rhs.filledServes,
            impressions: lhs.impressions + rhs.impressions, clicks: lhs.clicks + rhs.clicks)
    }

    public static func += (lhs: inout Self, rhs: Self) { lhs = lhs + rhs }
}

extension AdAnalytics {
    /// A placement's counts over a range of days.
    public struct PlacementTotals: Sendable, Equatable {
        public let placement: AdPlacement
        public var counts = PlacementCounts()
    }

    /// One placement's day, for the export.
    public struct PlacementDay: Sendable, Equatable {
        /// "yyyy-MM-dd", São Paulo.
        public let day: String
        public let placement: AdPlacement
        public let counts: PlacementCounts
    }

    /// Every placement's totals over the days `first` to `last` ("yyyy-MM-dd", inclusive), zeros included, in
    /// `AdPlacement`'s order.
    public static func placements(from first: String, to last: String, on database: any Database) async throws
        -> [PlacementTotals]
    {
        var totals = Dictionary(uniqueKeysWithValues: AdPlacement.allCases.map { ($0, PlacementCounts()) })
        for day in try await placementDays(from: first, to: last, on: database) {
            totals[day.placement, default: .init()] += day.counts
        }
        return AdPlacement.allCases.map { PlacementTotals(placement: $0, counts: totals[$0] ?? .init()) }
    }

    /// The days that have counts, by day then placement.
    public static func placementDays(from first: String, to last: String, on database: any Database) async throws
        -> [PlacementDay]
    {
        guard let sql = database as? any SQLDatabase else {
            throw UnsupportedDatabaseError(dialectName: "\(type(of: database))")
        }
        return try await sql.raw(placementDaysQuery(from: first, to: last)).all().compactMap { row in
            // Rows without a known placement (events stored before placements were, backfilled by step 0025) are
            // in no placement's figures.
            guard let placement = AdPlacement(rawValue: try row.decode(column: "placement", as: String.self)) else {
                return nil
            }
            return PlacementDay(
                day: try row.decode(column: "day", as: String.self), placement: placement,
                counts: PlacementCounts(
                    serves: try row.decode(column: "serves", as: Int.self),
                    filledServes: try row.decode(column: "filled_serves", as: Int.self),
                    impressions: try row.decode(column: "impressions", as: Int.self),
                    clicks: try row.decode(column: "clicks", as: Int.self)))
        }
    }

    /// A range of days' rows, found through the unique index that leads with the day: at most twelve rows a day
    /// are read, however many events the days had.
    public static func placementDaysQuery(from first: String, to last: String) -> SQLQueryString {
        """
        SELECT day, placement, serves, filled_serves, impressions, clicks FROM ad_placement_daily_counts
        WHERE day >= \(bind: first) AND day <= \(bind: last) ORDER BY day, placement
        """
    }
}
