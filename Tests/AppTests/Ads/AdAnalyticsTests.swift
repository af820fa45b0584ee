import Ads
import DatabaseTestBed
import Fluent
import Foundation
import Localization
import SQLKit
import Schema
import Testing
import Vapor
import VaporTesting

@testable import App

/// An ad's analytics: rolled-up and raw events summed per São Paulo day, drawn, listed and exported.
@Suite struct AdAnalyticsTests {
    static func seed(_ app: Application) async throws -> Int {
        let ads = try await AdFixtures.ads(app, count: 2)
        let id = try #require(ads[0].id)
        // Rolled up earlier: 2026-11-20 on two placements.
        try await app.sql.raw(
            """
            INSERT INTO ad_daily_counts (ad_id, placement, day, impressions, clicks) VALUES
              (\(bind: id), 'sidebar', '2026-11-20', 100, 4), (\(bind: id), 'post_detail', '2026-11-20', 50, 1),
              (\(bind: try #require(ads[1].id)), 'sidebar', '2026-11-20', 999, 99)
            """
        ).run()
        let formatter = ISO8601DateFormatter()
        let otherID = try #require(ads[1].id)
        func moment(_ text: String) throws -> Date { try #require(formatter.date(from: text)) }
        // Raw: 02:30 UTC on the 25th is still the 24th in São Paulo; noon on the 25th is the 25th.
        let events = [
            AdEvent(
                kind: .impression, adID: id, placement: .sidebar, userAgent: nil, ip: nil,
                at: try moment("2026-11-25T02:30:00Z")),
            AdEvent(
                kind: .impression, adID: id, placement: .sidebar, userAgent: nil, ip: nil,
                at: try moment("2026-11-25T12:00:00Z")),
            AdEvent(
                kind: .impression, adID: id, placement: .sidebar, userAgent: nil, ip: nil,
                at: try moment("2026-11-25T13:00:00Z")),
            AdEvent(
                kind: .click, adID: id, placement: .sidebar, userAgent: nil, ip: nil,
                at: try moment("2026-11-25T13:01:00Z")),
            AdEvent(
                kind: .impression, adID: otherID, placement: .sidebar, userAgent: nil, ip: nil,
                at: try moment("2026-11-25T13:00:00Z")),
        ]
        try await GroupCommitAdTracker(database: app.db).record(events)
        return id
    }

    @Test(arguments: DatabaseKind.underTest)
    func daysSumRolledUpAndRawEventsBySaoPauloDay(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let id = try await Self.seed(app)
            let days = try await AdAnalytics.daily(adID: id, from: "2026-11-19", to: "2026-11-26", on: app.db)
            #expect(
                days.map(\.day) == [
                    "2026-11-19", "2026-11-20", "2026-11-21", "2026-11-22", "2026-11-23", "2026-11-24", "2026-11-25",
                    "2026-11-26",
                ])
            let byDay = Dictionary(uniqueKeysWithValues: days.map { ($0.day, [$0.impressions, $0.clicks]) })
            #expect(byDay["2026-11-20"] == [150, 5])
            #expect(byDay["2026-11-24"] == [1, 0])
            #expect(byDay["2026-11-25"] == [2, 1])
            #expect(byDay["2026-11-19"] == [0, 0])
            #expect(byDay["2026-11-26"] == [0, 0])
            #expect(days.first { $0.day == "2026-11-25" }?.clickThroughRate == 0.5)
            // The tracker put the same events on the same São Paulo days per placement (both ads' events).
            let placementDays = try await AdAnalytics.placementDays(from: "2026-11-24", to: "2026-11-25", on: app.db)
            #expect(
                placementDays.map {
                    [$0.day, $0.placement.rawValue, "\($0.counts.impressions)", "\($0.counts.clicks)"]
                }
                    == [["2026-11-24", "sidebar", "1", "0"], ["2026-11-25", "sidebar", "3", "1"]])
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func theAnalyticsPageDrawsListsAndExports(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let id = try await Self.seed(app)
            var browser = try await app.adminBrowser()
            let page = try await browser.get(AdminURL.adAnalytics(id).path + "?from=2026-11-19&to=2026-11-26")
            #expect(page.status == .ok)
            #expect(page.text.contains(#"<svg class="chart""#))
            #expect(page.text.contains("153"))
            #expect(page.text.contains("2026-11-24"))
            let csv = try await browser.get(AdminURL.adAnalyticsCSV(id).path + "?from=2026-11-24&to=2026-11-25")
            #expect(csv.status == .ok)
            #expect(csv.headers.contentType?.serialize().hasPrefix("text/csv") == true)
            #expect(csv.text == "day,impressions,clicks,ctr\r\n2026-11-24,1,0,0.0000\r\n2026-11-25,2,1,0.5000\r\n")
            #expect(
                try await browser.get(AdminURL.adAnalytics(id).path + "?from=2026-11-26&to=2026-11-01").status
                    == .unprocessableEntity)
            #expect(
                try await browser.get(AdminURL.adAnalytics(id).path + "?from=2024-01-01&to=2026-11-01").status
                    == .unprocessableEntity)
            #expect(try await browser.get(AdminURL.adAnalytics(id).path).status == .ok, "the last 30 days by default")
            #expect(try await browser.get(AdminURL.adAnalytics(999_999).path).status == .notFound)
            // Days are compared as text against the rolled-up ones: a short form is made canonical first.
            #expect(DayRange(from: "2026-11-5", to: "2026-11-25")?.from == "2026-11-05")
            #expect(DayRange(from: "2025-11-24", to: "2026-11-25") == nil, "367 days")
            #expect(DayRange(from: "2025-11-25", to: "2026-11-25")?.to == "2026-11-25", "366 days")
        }
    }
}

/// Per placement: serves, fill rate, impressions, clicks and CTR, from the daily counts the tracker keeps.
@Suite struct AdPlacementAnalyticsTests {
    @Test(arguments: DatabaseKind.underTest)
    func servesFilledOrEmptyAndClicksMakeFillRateAndCTR(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            // setup: one sidebar ad; nothing for the login placement
            let ad = try await AdFixtures.ad(app, "Lateral")
            // MUT: three filled serves, two empty ones, one untracked, a crawler's, and a click
            for _ in 0..<3 { _ = try await AdFixtures.serve(app, "placement=sidebar") }
            for _ in 0..<2 { _ = try await AdFixtures.serve(app, "placement=login") }
            _ = try await AdFixtures.serve(app, "placement=login&track=false")
            _ = try await AdFixtures.serve(app, "placement=login", headers: ["User-Agent": "Googlebot/2.1"])
            _ = try await app.testing().sendRequest(
                .GET, SiteURL.adClick(ad.id!, placement: "sidebar").path, headers: AdFixtures.browser)
            // Empty serves don't wait for their batch; shutdown (or this) writes them.
            try await app.adServing.tracker.flush()

            // validate
            let today = SiteClock.dayKey(Date())
            let totals = Dictionary(
                uniqueKeysWithValues: try await AdAnalytics.placements(from: today, to: today, on: app.db).map {
                    ($0.placement, $0.counts)
                })
            #expect(totals.count == AdPlacement.allCases.count)
            let sidebar = try #require(totals[.sidebar]), login = try #require(totals[.login])
            #expect(
                [sidebar.serves, sidebar.filledServes, sidebar.impressions, sidebar.clicks] as [Int] == [3, 3, 3, 1])
            #expect(sidebar.fillRate == 1)
            #expect(abs(sidebar.clickThroughRate - 1.0 / 3) < 1e-9)
            #expect([login.serves, login.filledServes, login.impressions, login.clicks] as [Int] == [2, 0, 0, 0])
            #expect(login.fillRate == 0)
            #expect(totals[.footer]?.fillRate == nil, "never served")

            var browser = try await app.adminBrowser()
            let page = try await browser.get(AdminURL.adPlacements.path + "?from=\(today)&to=\(today)")
            #expect(page.status == .ok)
            #expect(page.text.contains(#"<svg class="chart""#))
            #expect(page.text.contains(#"<tr data-placement="login"><td>Entrar</td><td>2</td><td>0</td><td>0,0%</td>"#))
            #expect(
                page.text.contains(
                    #"<tr data-placement="sidebar"><td>Lateral</td><td>3</td><td>3</td><td>100,0%</td><td>3</td><td>1</td><td>33,3%</td>"#
                ))
            let csv = try await browser.get(AdminURL.adPlacementsCSV.path + "?from=\(today)&to=\(today)")
            #expect(csv.status == .ok)
            #expect(csv.headers.contentType?.serialize().hasPrefix("text/csv") == true)
            #expect(
                csv.text == """
                    day,placement,serves,filled_serves,fill_rate,impressions,clicks,ctr\r
                    \(today),login,2,0,0.0000,0,0,0.0000\r
                    \(today),sidebar,3,3,1.0000,3,1,0.3333\r

                    """)
            #expect(
                try await browser.get(AdminURL.adPlacements.path + "?from=\(today)&to=2020-01-01").status
                    == .unprocessableEntity)
            #expect(try await browser.get(AdminURL.adPlacementsCSV.path + "?from=x").status == .unprocessableEntity)
            #expect(try await browser.get(AdminURL.adPlacements.path).status == .ok, "the last 30 days by default")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func thePagesCountEachPlacementTheyServe(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            _ = try await AdFixtures.ad(app, "Rodapé", type: .banner, placement: .footer)
            let page = try await app.testing().sendRequest(.GET, SiteURL.signIn.path, headers: AdFixtures.browser)
            #expect(page.status == .ok)
            try await app.adServing.tracker.flush()
            let today = SiteClock.dayKey(Date())
            let totals = Dictionary(
                uniqueKeysWithValues: try await AdAnalytics.placements(from: today, to: today, on: app.db).map {
                    ($0.placement, $0.counts)
                })
            #expect(totals[.login].map { [$0.serves, $0.filledServes] } == [1, 0])
            #expect(totals[.footer].map { [$0.serves, $0.filledServes, $0.impressions] } == [1, 1, 1])
        }
    }
}

/// The analytics' queries use indexes, not scans of the event tables: their plans, on a year of data.
@Suite struct AdAnalyticsQueryPlanTests {
    @Test(arguments: DatabaseKind.underTest)
    func theAnalyticsQueriesReadThroughIndexes(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            // setup: 50 ads with a year of rolled-up days, 40,000 raw events, and a year of placement days
            let sql = try app.sql
            let ads = try await AdFixtures.ads(app, count: 50)
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
                try await GroupCommitAdTracker(database: app.db).record(Array(events[chunk..<chunk + 5_000]))
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
