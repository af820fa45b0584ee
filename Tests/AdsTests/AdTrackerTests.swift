import DatabaseTestBed
import FluentKit
import Foundation
import SQLKit
import Schema
import Testing

@testable import Ads

/// Tracking on a real database: whatever the load, each ad's counters equal its event rows.
@Suite struct AdTrackerTests {
    /// One ad's counters beside its event rows counted: the two must be equal.
    struct AdCounts: Equatable, CustomStringConvertible {
        var impressions = 0
        var impressionRows = 0
        var clicks = 0
        var clickRows = 0

        var description: String {
            "impressions \(impressions) (\(impressionRows) rows), clicks \(clicks) (\(clickRows) rows)"
        }
    }

    /// One placement over all days: its serves, and its daily counts beside its event rows counted.
    struct PlacementTotals: Equatable {
        var serves = 0
        var filledServes = 0
        var impressions = 0
        var clicks = 0
        var impressionRows = 0
        var clickRows = 0
    }

    /// Each ad's counters, and its rows counted.
    static func invariant(_ database: any Database) async throws -> [Int: AdCounts] {
        let rows = try await (try database.sql).raw(
            """
            SELECT a.id, a.impressions, a.clicks,
              (SELECT COUNT(*) FROM impressions i WHERE i.ad_id = a.id) AS impression_rows,
              (SELECT COUNT(*) FROM clicks c WHERE c.ad_id = a.id) AS click_rows
            FROM ads a
            """
        ).all()
        var result: [Int: AdCounts] = [:]
        for row in rows {
            result[try row.decode(column: "id", as: Int.self)] = AdCounts(
                impressions: try row.decode(column: "impressions", as: Int.self),
                impressionRows: try row.decode(column: "impression_rows", as: Int.self),
                clicks: try row.decode(column: "clicks", as: Int.self),
                clickRows: try row.decode(column: "click_rows", as: Int.self))
        }
        return result
    }

    /// Per placement, over all days: the serves, and the daily counts' impressions and clicks beside the event rows.
    static func placementInvariant(_ database: any Database) async throws -> [String: PlacementTotals] {
        var result: [String: PlacementTotals] = [:]
        for row in try await (try database.sql).raw(
            """
            SELECT placement, SUM(serves) AS serves, SUM(filled_serves) AS filled, SUM(impressions) AS impressions, SUM(clicks) AS clicks
            FROM ad_placement_daily_counts GROUP BY placement
            """
        ).all() {
            result[try row.decode(column: "placement", as: String.self)] = PlacementTotals(
                serves: try row.decode(column: "serves", as: Int.self),
                filledServes: try row.decode(column: "filled", as: Int.self),
                impressions: try row.decode(column: "impressions", as: Int.self),
                clicks: try row.decode(column: "clicks", as: Int.self))
        }
        for kind in AdEvent.Kind.allCases {
            for row in try await (try database.sql).raw(
                "SELECT placement, COUNT(*) AS n FROM \(unsafeRaw: kind.rawValue + "s") GROUP BY placement"
            ).all() {
                let placement = try row.decode(column: "placement", as: String.self),
                    rows = try row.decode(column: "n", as: Int.self)
                switch kind {
                case .impression: result[placement, default: PlacementTotals()].impressionRows = rows
                case .click: result[placement, default: PlacementTotals()].clickRows = rows
                }
            }
        }
        return result
    }

    static func load(_ tracker: any AdTracker, ads: [Ad], requests: Int) async throws -> (
        impressions: [Int: Int], clicks: [Int: Int]
    ) {
        let events: [[AdEvent]] = (0..<requests).map { request in
            (0..<(1 + request % 3)).map { offset in
                AdEvent(
                    kind: (request + offset) % 4 == 0 ? .click : .impression,
                    adID: ads[(request + offset) % ads.count].id ?? 0,
                    placement: .sidebar, userAgent: "Mozilla/5.0 test", ip: "203.0.113.\(request % 250)")
            }
        }
        // Each request also serves the sidebar (filled) and the footer (empty), as a page does.
        let serves = [AdServe(placement: .sidebar, filled: true), AdServe(placement: .footer, filled: false)]
        try await withThrowingTaskGroup(of: Void.self) { group in
            for batch in events { group.addTask { try await tracker.record(batch, serves: serves) } }
            try await group.waitForAll()
        }
        try await tracker.flush()
        let all = events.flatMap { $0 }
        return (
            Dictionary(grouping: all.filter { $0.kind == .impression }, by: \.adID).mapValues(\.count),
            Dictionary(grouping: all.filter { $0.kind == .click }, by: \.adID).mapValues(\.count)
        )
    }

    @Test(arguments: DatabaseKind.underTest)
    func groupCommitKeepsCountersEqualToRowsUnderConcurrentLoad(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            // setup
            let ads = try await database.makeAds(count: 5)
            // MUT: 300 requests at once, 1 to 3 events each
            let expected = try await Self.load(GroupCommitAdTracker(database: database), ads: ads, requests: 300)
            // validate: every acknowledged event is stored, and counted once
            for (id, counts) in try await Self.invariant(database) {
                #expect(counts.impressions == counts.impressionRows, "ad \(id): \(counts)")
                #expect(counts.clicks == counts.clickRows, "ad \(id): \(counts)")
                #expect(counts.impressionRows == expected.impressions[id, default: 0], "ad \(id)")
                #expect(counts.clickRows == expected.clicks[id, default: 0], "ad \(id)")
            }
            // Per placement too: the daily counts equal the rows, and every serve is counted.
            let placements = try await Self.placementInvariant(database)
            let sidebar = try #require(placements["sidebar"]), footer = try #require(placements["footer"])
            #expect(sidebar.serves == 300)
            #expect(sidebar.filledServes == 300)
            #expect(footer.serves == 300)
            #expect(footer.filledServes == 0)
            #expect(footer.impressions == 0)
            #expect(footer.clicks == 0)
            #expect(sidebar.impressions == sidebar.impressionRows)
            #expect(sidebar.clicks == sidebar.clickRows)
            let sample = try #require(try await AdImpression.query(on: database).first())
            #expect(sample.ip?.hasSuffix(".0") == true)
            #expect(sample.placement == "sidebar")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func perEventTrackingKeepsTheSameInvariant(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let ads = try await database.makeAds(count: 3)
            let expected = try await Self.load(PerEventAdTracker(database: database), ads: ads, requests: 60)
            for (id, counts) in try await Self.invariant(database) {
                #expect(counts.impressions == counts.impressionRows, "ad \(id): \(counts)")
                #expect(counts.clicks == counts.clickRows, "ad \(id): \(counts)")
                #expect(counts.impressionRows == expected.impressions[id, default: 0], "ad \(id)")
            }
            let placements = try await Self.placementInvariant(database)
            let sidebar = try #require(placements["sidebar"]), footer = try #require(placements["footer"])
            #expect(sidebar.serves == 60)
            #expect(sidebar.filledServes == 60)
            #expect(footer.serves == 60)
            #expect(footer.filledServes == 0)
            #expect(sidebar.impressions == sidebar.impressionRows)
            #expect(sidebar.clicks == sidebar.clickRows)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aBigBatchIsSplitAndADeletedAdsEventsAreDropped(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let ads = try await database.makeAds(count: 2)
            let gone = try #require(ads[1].id), kept = try #require(ads[0].id)
            try await ads[1].delete(on: database)
            let events =
                (0..<1_201).map { _ in
                    AdEvent(kind: .impression, adID: kept, placement: .sidebar, userAgent: nil, ip: nil)
                }
                + [AdEvent(kind: .click, adID: gone, placement: .sidebar, userAgent: nil, ip: nil)]
            try await GroupCommitAdTracker(database: database).record(events)
            #expect(
                try await Self.invariant(database)[try #require(ads[0].id)]
                    == AdCounts(impressions: 1_201, impressionRows: 1_201))
            #expect(try await AdClick.query(on: database).count() == 0)
            #expect(
                try await Self.placementInvariant(database)["sidebar"]
                    == PlacementTotals(impressions: 1_201, impressionRows: 1_201),
                "the dropped click is in no count")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func theServingSetHoldsOnlyActiveAdsThatHaveNotEnded(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let now = Date()
            let rows = [
                Ad(
                    name: "live", type: .banner, placement: .footer, status: .active, title: "Live",
                    link: "https://example.com/1"),
                Ad(
                    name: "paused", type: .banner, placement: .footer, status: .paused, title: "Paused",
                    link: "https://example.com/2"),
                Ad(
                    name: "draft", type: .banner, placement: .footer, status: .draft, title: "Draft",
                    link: "https://example.com/3"),
                Ad(
                    name: "ended", type: .banner, placement: .footer, status: .active, title: "Ended",
                    link: "https://example.com/4",
                    endDate: now.addingTimeInterval(-60)),
                Ad(
                    name: "soon", type: .banner, placement: .footer, status: .active, title: "Soon",
                    link: "https://example.com/5",
                    startDate: now.addingTimeInterval(60)),
            ]
            for row in rows { try await row.create(on: database) }
            let cache = AdServingCache()
            try await cache.load(from: database, now: now)
            #expect(cache.counts == [.footer: 2])
            #expect(cache.ads(for: .footer, limit: 5, now: now).map(\.title) == ["Live"])
            #expect(
                Set(cache.ads(for: .footer, limit: 5, now: now.addingTimeInterval(61)).map(\.title)) == [
                    "Live", "Soon",
                ])
        }
    }
}
