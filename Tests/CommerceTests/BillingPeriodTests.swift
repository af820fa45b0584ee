import Foundation
import Testing

@testable import Commerce

/// The renewal-date rule: each period's end counted from the anchor, on the anchor's day of the month (clamped to
/// a shorter month's last day), at its time of day, in São Paulo.
@Suite struct BillingPeriodTests {
    /// A São Paulo wall-clock moment; São Paulo has kept UTC−03:00 all year since 2019.
    static func saoPaulo(_ text: String) throws -> Date {
        try #require(ISO8601DateFormatter().date(from: text + "-03:00"), "\(text)")
    }

    @Test func thirteenMonthlyRenewalsFromThe31stKeepToTheMonthsLastDayWithoutDrift() throws {
        let anchor = try Self.saoPaulo("2026-01-31T10:00:00")
        let expected = try [
            "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31", "2026-06-30", "2026-07-31", "2026-08-31",
            "2026-09-30", "2026-10-31", "2026-11-30", "2026-12-31", "2027-01-31", "2027-02-28",
        ].map { try Self.saoPaulo($0 + "T10:00:00") }

        let ends = (1...13).map { BillingPeriod.monthly.end(ofPeriod: $0, anchoredAt: anchor) }

        #expect(ends == expected)
    }

    @Test func aMonthlyPeriodFromThe15thRunsTheMonthsOwnLength() throws {
        let anchor = try Self.saoPaulo("2026-01-15T23:30:00")
        let ends = (0...13).map { $0 == 0 ? anchor : BillingPeriod.monthly.end(ofPeriod: $0, anchoredAt: anchor) }
        let lengths = zip(ends, ends.dropFirst()).map { Int($1.timeIntervalSince($0) / 86_400) }

        #expect(lengths == [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 31])
        #expect(ends.last == (try Self.saoPaulo("2027-02-15T23:30:00")))
    }

    @Test func aLeapYearsFebruaryEndsOnThe29th() throws {
        let anchor = try Self.saoPaulo("2028-01-31T08:00:00")
        #expect(
            BillingPeriod.monthly.end(ofPeriod: 1, anchoredAt: anchor) == (try Self.saoPaulo("2028-02-29T08:00:00")))
    }

    @Test func quarterlySemiannualAndYearlyCountWholeMonths() throws {
        let november30 = try Self.saoPaulo("2026-11-30T12:00:00")
        #expect(
            (1...3).map { BillingPeriod.quarterly.end(ofPeriod: $0, anchoredAt: november30) }
                == (try ["2027-02-28", "2027-05-30", "2027-08-30"].map { try Self.saoPaulo($0 + "T12:00:00") }))
        #expect(
            BillingPeriod.semiannual.end(ofPeriod: 1, anchoredAt: november30)
                == (try Self.saoPaulo("2027-05-30T12:00:00")))
        let leapDay = try Self.saoPaulo("2028-02-29T12:00:00")
        #expect(
            BillingPeriod.yearly.end(ofPeriod: 1, anchoredAt: leapDay) == (try Self.saoPaulo("2029-02-28T12:00:00")))
        #expect(
            BillingPeriod.yearly.end(ofPeriod: 4, anchoredAt: leapDay) == (try Self.saoPaulo("2032-02-29T12:00:00")))
    }

    @Test func aPeriodOfDaysIsThatManyDays() throws {
        let anchor = try Self.saoPaulo("2026-03-10T09:15:00")
        #expect(BillingPeriod.days(30).end(ofPeriod: 13, anchoredAt: anchor) == anchor.addingTimeInterval(390 * 86_400))
    }

    @Test func aFractionOfASecondIsKeptAndANumberBelowOneIsTheAnchor() throws {
        let anchor = try Self.saoPaulo("2026-01-31T10:00:00").addingTimeInterval(0.123_456)
        let end = BillingPeriod.monthly.end(ofPeriod: 1, anchoredAt: anchor)
        #expect(abs(end.timeIntervalSince(try Self.saoPaulo("2026-02-28T10:00:00")) - 0.123_456) < 0.000_01)
        #expect(BillingPeriod.monthly.end(ofPeriod: 0, anchoredAt: anchor) == anchor)
        #expect(BillingPeriod.days(30).end(ofPeriod: -3, anchoredAt: anchor) == anchor)
    }

    @Test(arguments: ["P1M", "P3M", "P6M", "P12M", "P1D", "P30D", "P3650D"])
    func itReadsBackWhatItWrites(_ text: String) throws {
        #expect(BillingPeriod(iso8601: text)?.iso8601 == text)
    }

    @Test(arguments: [
        "", "P", "PM", "P0M", "P13M", "P01M", "P-1D", "P+1D", "P3651D", "P1W", "1M", "p1m", "P1Y", "P 1M",
    ])
    func itRefusesAnyOtherText(_ text: String) {
        #expect(BillingPeriod(iso8601: text) == nil)
    }
}
