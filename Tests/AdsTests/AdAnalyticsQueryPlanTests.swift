import DatabaseTestBed
import FluentKit
import Foundation
import Localization
import SQLKit
import Schema
import Testing

@testable import Ads

/// The analytics' queries use indexes, not scans of the event tables: their plans, on a year of data.
@Suite struct AdAnalyticsQueryPlanTests {
    @Test(arguments: DatabaseKind.underTest)
    func theAnalyticsQueriesReadThroughIndexes(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            // setup: 50 ads with a year of rolled-up days, 40,000 raw events, and a year of placement days
            let sql = try database.sql
            let ads = try await database.makeAds(count: 50)
            let start = try #require(SiteClock.startOfDay("2025-11-27"))
            let days = SiteClock.dayKeys(from: start, to: try #require(SiteClock.startOfDay("2026-11-26")))
            for chunk in stride(from: 0, to: ads.count, by: 10) {
                let rows = ads[chunk..<min(chunk + 10, ads.count)].flatMap { ad in
                    days.map { SQLQueryString("(\(bind: ad.id!), 'sidebar', \(bind: $0), 10, 1)") }
                }
                try await sql.raw(
                    "INSERT INTO ad_daily_counts (ad_id, placement, day, impressions, clicks) VALUES \(rows.joined(separator: ", "))"
                ).run()
            }
            let placementRows = days.flatMap { day in
                AdPlacement.allCases.map { SQLQueryString("(\(bind: $0.rawValue), \(bind: day), 10, 5, 5, 1)") }
            }
            for chunk in stride(from: 0, to: placementRows.count, by: 1_000) {
                try await sql.raw(
                    """
                    INSERT INTO ad_placement_daily_counts (placement, day, serves, filled_serves, impressions, clicks)
                    VALUES \(placementRows[chunk..<min(chunk + 1_000, placementRows.count)].joined(separator: ", "))
                    """
                ).run()
            }
            let events = (0..<40_000).map { index in
                AdEvent(
                    kind: .impression, adID: ads[index % ads.count].id!, placement: .sidebar, userAgent: nil, ip: nil,
                    at: start.addingTimeInterval(Double(index) * 780))
            }
            for chunk in stride(from: 0, to: events.count, by: 5_000) {
                try await GroupCommitAdTracker(database: database).record(Array(events[chunk..<chunk + 5_000]))
            }
            try await sql.raw("ANALYZE").run()

            // MUT: the plans of the three reads, for one ad or one month
            let flavor = try SQLFlavor(sql)
            let monthStart = try #require(SiteClock.startOfDay("2026-10-28"))
            let queries: [(name: String, query: SQLQueryString, index: String)] = [
                (
                    "placements", AdAnalytics.placementDaysQuery(from: "2026-10-28", to: "2026-11-26"),
                    "ad_placement_daily_counts"
                ),
                (
                    "rolled-up days",
                    AdAnalytics.rolledUpDaysQuery(adID: ads[7].id!, from: "2026-10-28", to: "2026-11-26"),
                    "ad_daily_counts"
                ),
                (
                    "raw days",
                    AdAnalytics.rawDaysQuery(
                        .impression, adID: ads[7].id!, from: monthStart,
                        until: monthStart.addingTimeInterval(30 * 86_400),
                        flavor: flavor), "impressions"
                ),
            ]
            for (name, query, table) in queries {
                let plan = try await Self.plan(of: query, flavor: flavor, on: sql)
                // validate: an index search, and no scan of the whole table
                switch flavor {
                case .postgres:
                    #expect(plan.contains("Index"), "\(name): \(plan)")
                    #expect(!plan.contains("Seq Scan on \(table)"), "\(name): \(plan)")
                case .sqlite:
                    #expect(plan.contains("SEARCH \(table) USING"), "\(name): \(plan)")
                    #expect(plan.contains("INDEX"), "\(name): \(plan)")
                    #expect(!plan.contains("SCAN \(table)"), "\(name): \(plan)")
                }
                print("query plan, \(flavor), \(name):\n\(plan)")
            }
        }
    }

    static func plan(of query: SQLQueryString, flavor: SQLFlavor, on sql: any SQLDatabase) async throws -> String {
        let explain: SQLQueryString = flavor == .postgres ? "EXPLAIN " : "EXPLAIN QUERY PLAN "
        let rows = try await sql.raw(explain + query).all()
        return try rows.map { row in
            try row.decode(column: flavor == .postgres ? "QUERY PLAN" : "detail", as: String.self)
        }.joined(separator: "\n")
    }
}
