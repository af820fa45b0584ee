import DatabaseTestBed
import FluentKit
import Foundation
import Localization
import Schema
import Testing

@testable import Ads

/// Retention: old raw events become daily counts by São Paulo day, once, in batches; counters stay.
@Suite struct AdRetentionTests {
    /// 26 November 2026, 12:00 UTC.
    static let now = Date(timeIntervalSince1970: 1_795_694_400)
    static let day: TimeInterval = 86_400

    static func impression(_ adID: Int, at moment: Date) -> AdEvent {
        AdEvent(kind: .impression, adID: adID, placement: .sidebar, userAgent: nil, ip: nil, at: moment)
    }

    /// An ad with 2,500 impressions and 3 clicks 100 days ago, 2 impressions at 02:30 UTC of the 91st day back
    /// (still the day before in São Paulo), and 4 recent impressions. Returns the ad's id and the old moment.
    static func aYearOldAd(_ database: any Database) async throws -> (id: Int, old: Date) {
        let id = try #require(try await database.makeAds(count: 1)[0].id)
        let old = Self.now.addingTimeInterval(-100 * Self.day)
        let lateNight = try #require(ISO8601DateFormatter().date(from: "2026-08-27T02:30:00Z"))
        var events = (0..<2_500).map { _ in Self.impression(id, at: old) }
        events += (0..<3).map { _ in
            AdEvent(kind: .click, adID: id, placement: .postDetail, userAgent: nil, ip: nil, at: old)
        }
        events += (0..<2).map { _ in Self.impression(id, at: lateNight) }
        events += (0..<4).map { _ in Self.impression(id, at: Self.now) }
        try await GroupCommitAdTracker(database: database).record(events)
        return (id, old)
    }

    @Test(arguments: DatabaseKind.underTest)
    func oldEventsBecomeDailyCountsBySaoPauloDayAndTheRestStays(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let (id, old) = try await Self.aYearOldAd(database)

            let rolled = try await AdRetention.rollUp(olderThanDays: 90, on: database, now: Self.now)

            #expect(rolled == 2_505)
            #expect(
                try await database.adDailyCounts() == [
                    "\(id)/sidebar/\(SiteClock.dayKey(old))": AdDailyCount(impressions: 2_500, clicks: 0),
                    "\(id)/post_detail/\(SiteClock.dayKey(old))": AdDailyCount(impressions: 0, clicks: 3),
                    "\(id)/sidebar/2026-08-26": AdDailyCount(impressions: 2, clicks: 0),
                ])
            #expect(try await AdImpression.query(on: database).count() == 4)
            #expect(try await AdClick.query(on: database).count() == 0)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func theCountersKeepCountingEverything(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let (id, _) = try await Self.aYearOldAd(database)

            _ = try await AdRetention.rollUp(olderThanDays: 90, on: database, now: Self.now)

            let ad = try #require(try await Ad.find(id, on: database))
            #expect(ad.impressions == 2_506)
            #expect(ad.clicks == 3)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func rollingUpAgainFindsNothingAndCountsNothingTwice(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let (id, old) = try await Self.aYearOldAd(database)
            _ = try await AdRetention.rollUp(olderThanDays: 90, on: database, now: Self.now)

            let again = try await AdRetention.rollUp(olderThanDays: 90, on: database, now: Self.now)

            #expect(again == 0)
            #expect(
                try await database.adDailyCounts()["\(id)/sidebar/\(SiteClock.dayKey(old))"]
                    == AdDailyCount(impressions: 2_500, clicks: 0))
        }
    }

    @Test(.enabled(if: DatabaseKind.postgresIsUnderTest))
    func twoInstancesRollingUpAtOnceCountEachEventOnce() async throws {
        try await withTwoSessions(.postgres) { first, second in
            let ads = try await first.makeAds(count: 2)
            let old = Self.now.addingTimeInterval(-200 * Self.day)
            let events = (0..<3_000).map { index in Self.impression(ads[index % 2].id!, at: old) }
            try await GroupCommitAdTracker(database: first).record(events)

            async let a = AdRetention.rollUp(olderThanDays: 90, on: first, now: Self.now)
            async let b = AdRetention.rollUp(olderThanDays: 90, on: second, now: Self.now)
            let (rolledA, rolledB) = try await (a, b)

            #expect(rolledA + rolledB == 3_000)
            #expect(try await first.adDailyCounts().values.map(\.impressions).reduce(0, +) == 3_000)
            #expect(try await AdImpression.query(on: first).count() == 0)
        }
    }
}
