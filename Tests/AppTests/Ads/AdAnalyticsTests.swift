import Ads
import Fluent
import Foundation
import SQLKit
import Schema
import Testing
import Vapor
import VaporTesting

@testable import App

/// An ad's analytics: rolled-up and raw events summed per São Paulo day, drawn, listed and exported.
@Suite struct AdAnalyticsTests {
    static func seed(_ app: Application) async throws -> Int {
        let ads = try await AdTrackerTests.ads(app, count: 2)
        let id = try #require(ads[0].id)
        // Rolled up earlier: 2026-11-20 on two placements.
        try await app.sql.raw("""
            INSERT INTO ad_daily_counts (ad_id, placement, day, impressions, clicks) VALUES
              (\(bind: id), 'sidebar', '2026-11-20', 100, 4), (\(bind: id), 'post_detail', '2026-11-20', 50, 1),
              (\(bind: ads[1].id!), 'sidebar', '2026-11-20', 999, 99)
            """).run()
        let formatter = ISO8601DateFormatter()
        // Raw: 02:30 UTC on the 25th is still the 24th in São Paulo; noon on the 25th is the 25th.
        let events = [
            AdEvent(kind: .impression, adID: id, placement: .sidebar, userAgent: nil, ip: nil, at: formatter.date(from: "2026-11-25T02:30:00Z")!),
            AdEvent(kind: .impression, adID: id, placement: .sidebar, userAgent: nil, ip: nil, at: formatter.date(from: "2026-11-25T12:00:00Z")!),
            AdEvent(kind: .impression, adID: id, placement: .sidebar, userAgent: nil, ip: nil, at: formatter.date(from: "2026-11-25T13:00:00Z")!),
            AdEvent(kind: .click, adID: id, placement: .sidebar, userAgent: nil, ip: nil, at: formatter.date(from: "2026-11-25T13:01:00Z")!),
            AdEvent(kind: .impression, adID: ads[1].id!, placement: .sidebar, userAgent: nil, ip: nil, at: formatter.date(from: "2026-11-25T13:00:00Z")!),
        ]
        try await GroupCommitAdTracker(database: app.db).record(events)
        return id
    }

    @Test(arguments: DatabaseKind.underTest)
    func daysSumRolledUpAndRawEventsBySaoPauloDay(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let id = try await Self.seed(app)
            let days = try await AdAnalytics.daily(adID: id, from: "2026-11-19", to: "2026-11-26", on: app.db)
            #expect(days.map(\.day) == ["2026-11-19", "2026-11-20", "2026-11-21", "2026-11-22", "2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26"])
            let byDay = Dictionary(uniqueKeysWithValues: days.map { ($0.day, [$0.impressions, $0.clicks]) })
            #expect(byDay["2026-11-20"] == [150, 5] && byDay["2026-11-24"] == [1, 0] && byDay["2026-11-25"] == [2, 1])
            #expect(byDay["2026-11-19"] == [0, 0] && byDay["2026-11-26"] == [0, 0])
            #expect(days.first { $0.day == "2026-11-25" }?.clickThroughRate == 0.5)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func theAnalyticsPageDrawsListsAndExports(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let id = try await Self.seed(app)
            var browser = try await app.adminBrowser()
            let page = try await browser.get(AdminURL.adAnalytics(id).path + "?de=2026-11-19&ate=2026-11-26")
            #expect(page.status == .ok && page.text.contains(#"<svg class="chart""#) && page.text.contains("153") && page.text.contains("2026-11-24"))
            let csv = try await browser.get(AdminURL.adAnalyticsCSV(id).path + "?de=2026-11-24&ate=2026-11-25")
            #expect(csv.status == .ok && csv.headers.contentType?.serialize().hasPrefix("text/csv") == true)
            #expect(csv.text == "day,impressions,clicks,ctr\r\n2026-11-24,1,0,0.0000\r\n2026-11-25,2,1,0.5000\r\n")
            #expect(try await browser.get(AdminURL.adAnalytics(id).path + "?de=2026-11-26&ate=2026-11-01").status == .unprocessableEntity)
            #expect(try await browser.get(AdminURL.adAnalytics(id).path + "?de=2024-01-01&ate=2026-11-01").status == .unprocessableEntity)
            #expect(try await browser.get(AdminURL.adAnalytics(id).path).status == .ok, "the last 30 days by default")
            #expect(try await browser.get(AdminURL.adAnalytics(999_999).path).status == .notFound)
            // Days are compared as text against the rolled-up ones: a short form is made canonical first.
            #expect(AdAnalyticsController.DayRange(from: "2026-11-5", to: "2026-11-25")?.from == "2026-11-05")
            #expect(AdAnalyticsController.DayRange(from: "2025-11-24", to: "2026-11-25") == nil, "367 days")
            #expect(AdAnalyticsController.DayRange(from: "2025-11-25", to: "2026-11-25")?.to == "2026-11-25", "366 days")
        }
    }
}
