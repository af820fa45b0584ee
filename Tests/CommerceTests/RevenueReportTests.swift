import DatabaseTestBed
import FluentKit
import Foundation
import Localization
import Schema
import Testing

@testable import Commerce

/// The revenue report over thirty São Paulo days: what was paid, how each method converts, how often each bump
/// is taken, and who is subscribed.
@Suite struct RevenueReportTests {
    /// 25 November 2026, 15:00 UTC: noon in São Paulo, far from a day's edge.
    static let now = Date(timeIntervalSince1970: 1_795_618_800 + 3 * 3_600)

    static func report(_ kind: DatabaseKind, _ body: (RevenueReport) throws -> Void) async throws {
        try await withDatabase(kind) { database in
            try await database.makeSalesHistory(now: Self.now)
            try body(try await RevenueReport.load(on: database, now: Self.now))
        }
    }

    /// A member whose renewal was declined: their subscription ended an hour ago, and their grace ends
    /// `graceLeft` seconds from now.
    static func makePastDue(_ email: String, graceLeft: TimeInterval, on database: any Database) async throws {
        let user = try await database.makeUser(email)
        let pastDue = Subscription(
            userID: user.id, planID: nil, startDate: Self.now.addingTimeInterval(-30 * 86_400),
            endDate: Self.now.addingTimeInterval(-3_600), status: .pastDue)
        pastDue.graceEndsAt = Self.now.addingTimeInterval(graceLeft)
        try await pastDue.create(on: database)
    }

    @Test(arguments: DatabaseKind.underTest)
    func paymentsAreSummedByTheDayTheyWerePaidOverThirtyDays(_ kind: DatabaseKind) async throws {
        try await Self.report(kind) { report in
            #expect(report.days.count == 30)
            #expect(report.days.last?.day == SiteClock.dayKey(Self.now))
            #expect(report.days.last?.revenueCents == 3_980 + 2_990)
            #expect(report.days.last?.paidCount == 2)
            #expect(report.days[report.days.count - 3].revenueCents == 7_970)
            #expect(report.totalRevenueCents == 3_980 + 2_990 + 7_970, "the 40-day-old payment is outside")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func eachMethodConvertsWhatItStartedAndEachBumpHasATakeRate(_ kind: DatabaseKind) async throws {
        try await Self.report(kind) { report in
            #expect(
                report.conversions == [
                    .init(method: .pix, created: 4, paid: 2), .init(method: .creditCard, created: 2, paid: 1),
                ])
            #expect(report.bumpTakes.map(\.taken) == [2, 1])
            #expect(report.bumpTakes.allSatisfy { $0.checkouts == 6 })
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func activeSubscribersAreCountedAndThoseEndingThisWeekListed(_ kind: DatabaseKind) async throws {
        try await Self.report(kind) { report in
            #expect(report.activeSubscribers == 2, "the one whose end has passed is not counted")
            #expect(report.expiringThisWeek.map(\.userEmail) == ["a@example.com"])
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aPastDueSubscriberInTheirGraceIsCountedAndNotOnceItIsOver(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            try await database.makeSalesHistory(now: Self.now)
            for (email, graceLeft) in [("grace@example.com", 86_400.0), ("lapsed@example.com", -60.0)] {
                try await Self.makePastDue(email, graceLeft: graceLeft, on: database)
            }
            let report = try await RevenueReport.load(on: database, now: Self.now)
            #expect(report.activeSubscribers == 3, "the two of the sales history, and the one in grace")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aPastDueSubscriberWhoseGraceEndsThisWeekIsListedAtTheEndOfTheGrace(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            try await database.makeSalesHistory(now: Self.now)
            let graces: [(String, TimeInterval)] = [
                ("soon@example.com", 3_600), ("later@example.com", 8 * 86_400), ("over@example.com", -60),
            ]
            for (email, graceLeft) in graces { try await Self.makePastDue(email, graceLeft: graceLeft, on: database) }
            let report = try await RevenueReport.load(on: database, now: Self.now)
            #expect(
                report.expiringThisWeek.map(\.userEmail) == ["soon@example.com", "a@example.com"],
                "in the order access ends: the grace ending in an hour first; one past the week and one over are left out"
            )
            let soon = try #require(report.expiringThisWeek.first)
            #expect(soon.isPastDue)
            #expect(soon.endDate == Self.now.addingTimeInterval(3_600), "the end of the grace, not the lapsed end date")
            #expect(report.expiringThisWeek.last?.isPastDue == false)
        }
    }
}
