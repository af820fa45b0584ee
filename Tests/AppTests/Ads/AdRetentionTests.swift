import Ads
import DatabaseTestBed
import Fluent
import Foundation
import Localization
import SQLKit
import Schema
import Site
import Testing
import Vapor

@testable import App

/// Retention: old raw events become daily counts by São Paulo day, once, in batches; counters stay.
@Suite struct AdRetentionTests {
    /// 26 November 2026, 12:00 UTC.
    static let now = Date(timeIntervalSince1970: 1_795_694_400)
    static let day: TimeInterval = 86_400

    /// One ad's rolled-up day in one placement.
    struct DailyCount: Equatable {
        var impressions = 0
        var clicks = 0
    }

    /// The rolled-up days, by "adID/placement/day".
    static func dailyCounts(_ app: Application) async throws -> [String: DailyCount] {
        var result: [String: DailyCount] = [:]
        for row in try await app.sql.raw("SELECT ad_id, placement, day, impressions, clicks FROM ad_daily_counts").all()
        {
            let key =
                "\(try row.decode(column: "ad_id", as: Int.self))/\(try row.decode(column: "placement", as: String.self))/\(try row.decode(column: "day", as: String.self))"
            result[key] = DailyCount(
                impressions: try row.decode(column: "impressions", as: Int.self),
                clicks: try row.decode(column: "clicks", as: Int.self))
        }
        return result
    }

    @Test(arguments: DatabaseKind.underTest)
    func oldEventsBecomeDailyCountsBySaoPauloDayAndTheRestStays(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            // setup: an ad with 2,500 impressions and 3 clicks 100 days ago, 2 impressions at 02:30 UTC of the
            // 91st day back (still the day before in São Paulo), and 4 recent impressions
            let ads = try await AdFixtures.ads(app, count: 1)
            let id = try #require(ads[0].id)
            let old = Self.now.addingTimeInterval(-100 * Self.day)
            let lateNight = ISO8601DateFormatter().date(from: "2026-08-27T02:30:00Z")!
            var events = (0..<2_500).map { _ in
                AdEvent(kind: .impression, adID: id, placement: .sidebar, userAgent: nil, ip: nil, at: old)
            }
            events += (0..<3).map { _ in
                AdEvent(kind: .click, adID: id, placement: .postDetail, userAgent: nil, ip: nil, at: old)
            }
            events += (0..<2).map { _ in
                AdEvent(kind: .impression, adID: id, placement: .sidebar, userAgent: nil, ip: nil, at: lateNight)
            }
            events += (0..<4).map { _ in
                AdEvent(kind: .impression, adID: id, placement: .sidebar, userAgent: nil, ip: nil, at: Self.now)
            }
            try await GroupCommitAdTracker(database: app.db).record(events)

            // MUT
            let rolled = try await AdRetention.rollUp(olderThanDays: 90, on: app.db, now: Self.now)

            // validate
            #expect(rolled == 2_505)
            #expect(
                try await Self.dailyCounts(app) == [
                    "\(id)/sidebar/\(SiteClock.dayKey(old))": DailyCount(impressions: 2_500, clicks: 0),
                    "\(id)/post_detail/\(SiteClock.dayKey(old))": DailyCount(impressions: 0, clicks: 3),
                    "\(id)/sidebar/2026-08-26": DailyCount(impressions: 2, clicks: 0),
                ])
            let rawLeft = (
                try await AdImpression.query(on: app.db).count(), try await AdClick.query(on: app.db).count()
            )
            #expect(rawLeft == (4, 0))
            let ad = try #require(try await Ad.find(id, on: app.db))
            #expect(ad.impressions == 2_506, "the counters keep counting everything")
            #expect(ad.clicks == 3, "the counters keep counting everything")

            // Running again finds nothing more, and counts nothing twice.
            #expect(try await AdRetention.rollUp(olderThanDays: 90, on: app.db, now: Self.now) == 0)
            #expect(
                try await Self.dailyCounts(app)["\(id)/sidebar/\(SiteClock.dayKey(old))"]
                    == DailyCount(impressions: 2_500, clicks: 0))
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func runJobsRollsUpOnDemand(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let ads = try await AdFixtures.ads(app, count: 1)
            let old = Date().addingTimeInterval(-120 * Self.day)
            try await GroupCommitAdTracker(database: app.db).record([
                AdEvent(kind: .click, adID: ads[0].id!, placement: .sidebar, userAgent: nil, ip: nil, at: old)
            ])
            try await app.runCommand("run-jobs", "--job", "roll-up-ad-events")
            #expect(try await AdClick.query(on: app.db).count() == 0)
            #expect(
                try await Self.dailyCounts(app) == [
                    "\(ads[0].id!)/sidebar/\(SiteClock.dayKey(old))": DailyCount(impressions: 0, clicks: 1)
                ])
        }
    }

    @Test(.enabled(if: DatabaseKind.postgresIsUnderTest))
    func twoInstancesRollingUpAtOnceCountEachEventOnce() async throws {
        try await withTwoApps(.postgres) { first, second in
            let ads = try await AdFixtures.ads(first, count: 2)
            let old = Self.now.addingTimeInterval(-200 * Self.day)
            let events = (0..<3_000).map { index in
                AdEvent(
                    kind: .impression, adID: ads[index % 2].id!, placement: .sidebar, userAgent: nil, ip: nil, at: old)
            }
            try await GroupCommitAdTracker(database: first.db).record(events)

            async let a = AdRetention.rollUp(olderThanDays: 90, on: first.db, now: Self.now)
            async let b = AdRetention.rollUp(olderThanDays: 90, on: second.db, now: Self.now)
            let (rolledA, rolledB) = try await (a, b)

            #expect(rolledA + rolledB == 3_000)
            #expect(try await Self.dailyCounts(first).values.map(\.impressions).reduce(0, +) == 3_000)
            #expect(try await AdImpression.query(on: first.db).count() == 0)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func theRetentionSettingIsBoundedAndReadByTheJob(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            #expect(SettingsAdministration.problem(with: "0", for: .adsEventRetentionDays) == .notADayCount)
            #expect(SettingsAdministration.problem(with: "3651", for: .adsEventRetentionDays) == .notADayCount)
            #expect(SettingsAdministration.problem(with: "30", for: .adsEventRetentionDays) == nil)
            #expect(try await AdsScheduler.retentionDays(on: app.db) == 90)
            try await AdminSetting(key: KnownSetting.adsEventRetentionDays.rawValue, value: "7").create(on: app.db)
            #expect(try await AdsScheduler.retentionDays(on: app.db) == 7)
        }
    }
}
