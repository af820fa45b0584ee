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
        let ads = try await app.db.makeAds(count: 2)
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
    /// One sidebar ad and nothing for the login placement, then three filled serves, two empty ones, one
    /// untracked, a crawler's, and a click, all written. Returns today's day.
    static func aDayOfServes(_ app: Application) async throws -> String {
        let ad = try await AdFixtures.ad(app, "Lateral")
        for _ in 0..<3 { _ = try await AdFixtures.serve(app, "placement=sidebar") }
        for _ in 0..<2 { _ = try await AdFixtures.serve(app, "placement=login") }
        _ = try await AdFixtures.serve(app, "placement=login&track=false")
        _ = try await AdFixtures.serve(app, "placement=login", headers: ["User-Agent": "Googlebot/2.1"])
        _ = try await app.testing().sendRequest(
            .GET, SiteURL.adClick(try ad.requireID(), placement: "sidebar").path, headers: AdFixtures.browser)
        // Empty serves don't wait for their batch; shutdown (or this) writes them.
        try await app.adServing.tracker.flush()
        return SiteClock.dayKey(Date())
    }

    @Test(arguments: DatabaseKind.underTest)
    func servesFilledOrEmptyAndClicksMakeFillRateAndCTR(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let today = try await Self.aDayOfServes(app)

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
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func thePlacementsPageDrawsEachPlacementsDay(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let today = try await Self.aDayOfServes(app)
            var browser = try await app.adminBrowser()

            let page = try await browser.get(AdminURL.adPlacements.path + "?from=\(today)&to=\(today)")

            #expect(page.status == .ok)
            #expect(page.text.contains(#"<svg class="chart""#))
            #expect(page.text.contains(#"<tr data-placement="login"><td>Entrar</td><td>2</td><td>0</td><td>0,0%</td>"#))
            #expect(
                page.text.contains(
                    #"<tr data-placement="sidebar"><td>Lateral</td><td>3</td><td>3</td><td>100,0%</td><td>3</td><td>1</td><td>33,3%</td>"#
                ))
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func thePlacementsExportIsACSVOfEachPlacementsDay(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let today = try await Self.aDayOfServes(app)
            var browser = try await app.adminBrowser()

            let csv = try await browser.get(AdminURL.adPlacementsCSV.path + "?from=\(today)&to=\(today)")

            #expect(csv.status == .ok)
            #expect(csv.headers.contentType?.serialize().hasPrefix("text/csv") == true)
            #expect(
                csv.text == """
                    day,placement,serves,filled_serves,fill_rate,impressions,clicks,ctr\r
                    \(today),login,2,0,0.0000,0,0,0.0000\r
                    \(today),sidebar,3,3,1.0000,3,1,0.3333\r

                    """)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aBadRangeIsRefusedAndNoRangeMeansTheLastThirtyDays(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            var browser = try await app.adminBrowser()

            let backwards = try await browser.get(AdminURL.adPlacements.path + "?from=2026-11-25&to=2020-01-01")
            let unreadable = try await browser.get(AdminURL.adPlacementsCSV.path + "?from=x")
            let byDefault = try await browser.get(AdminURL.adPlacements.path)

            #expect(backwards.status == .unprocessableEntity)
            #expect(unreadable.status == .unprocessableEntity)
            #expect(byDefault.status == .ok)
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
