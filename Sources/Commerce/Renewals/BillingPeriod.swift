import Foundation
import Localization
import Payments

/// How long one period of a recurring plan runs: a number of calendar months (monthly, quarterly, semiannual,
/// yearly) or of days. Stored as its ISO 8601 duration: `P1M`, `P3M`, `P6M`, `P12M`, `P30D`.
///
/// The rule that dates a renewal: the end of a subscription's n-th period is counted from its anchor (the moment
/// the first period began), never from the previous end, so nothing drifts across months of 28 to 31 days.
/// - A period of months ends on the anchor's day of the month, at the anchor's time of day, in São Paulo; in a
///   month too short for that day, on its last day. An anchor on 31 January ends its periods on 28 (or 29)
///   February, 31 March, 30 April, 31 May…
/// - A period of days ends that many São Paulo calendar days after the previous end, at the same time of day.
public enum BillingPeriod: Sendable, Hashable {
    case months(Int)
    case days(Int)

    public static let monthly = BillingPeriod.months(1)
    public static let quarterly = BillingPeriod.months(3)
    public static let semiannual = BillingPeriod.months(6)
    public static let yearly = BillingPeriod.months(12)

    /// What a plan may offer: 1 to 12 months, or 1 to 3,650 days.
    public static let monthRange = 1...12
    public static let dayRange = 1...3650

    /// `P1M`, `P30D`; nil for any other text or a length outside the ranges.
    public init?(iso8601 text: String) {
        guard text.count >= 3, text.hasPrefix("P"), let unit = text.last,
            let count = Int(text.dropFirst().dropLast()), String(count) == text.dropFirst().dropLast()
        else { return nil }
        switch unit {
        case "M" where Self.monthRange.contains(count): self = .months(count)
        case "D" where Self.dayRange.contains(count): self = .days(count)
        default: return nil
        }
    }

    public var iso8601: String {
        switch self {
        case .months(let count): "P\(count)M"
        case .days(let count): "P\(count)D"
        }
    }

    /// The terms a provider that schedules renewals is asked for.
    public var recurrence: Recurrence {
        switch self {
        case .months(let count): Recurrence(count: count, unit: .months)
        case .days(let count): Recurrence(count: count, unit: .days)
        }
    }

    /// The length in days a period is taken for where only days count: 30 a month, so 360 a year.
    public var nominalDays: Int {
        switch self {
        case .months(let count): count * 30
        case .days(let count): count
        }
    }

    /// The end of period `number` (1 for the first) of a subscription whose first period began at `anchor`.
    /// A number below 1 is the anchor itself; callers count from 1 (`SubscriptionRenewals` makes sure of it).
    public func end(ofPeriod number: Int, anchoredAt anchor: Date) -> Date {
        // Ten thousand periods is over 800 years of months; beyond, the arithmetic could overflow.
        let number = min(max(number, 0), 10_000)
        guard number > 0 else { return anchor }
        switch self {
        case .days(let count):
            return Self.calendar.date(byAdding: .day, value: count * number, to: anchor) ?? anchor
        case .months(let count):
            let parts = Self.calendar.dateComponents(
                [.year, .month, .day, .hour, .minute, .second, .nanosecond], from: anchor)
            guard let year = parts.year, let month = parts.month, let day = parts.day else { return anchor }
            let months = (year * 12 + (month - 1)) + count * number
            var target = DateComponents()
            target.year = months / 12
            target.month = months % 12 + 1
            target.day = 1
            guard let firstOfMonth = Self.calendar.date(from: target),
                let daysInMonth = Self.calendar.range(of: .day, in: .month, for: firstOfMonth)?.count
            else { return anchor }
            target.day = min(day, daysInMonth)
            target.hour = parts.hour
            target.minute = parts.minute
            target.second = parts.second
            target.nanosecond = parts.nanosecond
            return Self.calendar.date(from: target) ?? anchor
        }
    }

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = SiteClock.timeZone
        return calendar
    }()
}
