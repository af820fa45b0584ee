import Foundation

/// Dates as visitors read them: in São Paulo's time, whatever the server's zone. Times are stored in UTC.
public enum SiteClock {
    /// America/Sao_Paulo. Brazil dropped daylight saving time in 2019, so UTC−3 is right when the system has
    /// no time-zone database to read.
    public static let timeZone: TimeZone =
        TimeZone(identifier: "America/Sao_Paulo") ?? TimeZone(secondsFromGMT: -3 * 3600) ?? .gmt

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }()

    /// "25/11/2026" in Portuguese, "Nov 25, 2026" in English.
    public static func day(_ date: Date, in language: SiteLanguage) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        let (year, month, day) = (parts.year ?? 0, parts.month ?? 1, parts.day ?? 1)
        switch language {
        case .portuguese: return "\(twoDigits(day))/\(twoDigits(month))/\(year)"
        case .english: return "\(englishMonths[month - 1]) \(day), \(year)"
        }
    }

    /// "25/11/2026 14:05" in Portuguese, "Nov 25, 2026 14:05" in English.
    public static func moment(_ date: Date, in language: SiteLanguage) -> String {
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        return "\(day(date, in: language)) \(twoDigits(parts.hour ?? 0)):\(twoDigits(parts.minute ?? 0))"
    }

    /// The São Paulo day a moment falls on, as "2026-11-25": the key of daily figures (revenue, ad analytics).
    /// Ad tracking asks on every request, so the current day's bounds are remembered: a calendar computation per
    /// call cost more than the rest of counting a serve.
    public static func dayKey(_ date: Date) -> String {
        if let key = recentDay.key(for: date) { return key }
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        let key = String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
        if let interval = calendar.dateInterval(of: .day, for: date) {
            // `DateInterval.contains` includes the end; the next day starts there.
            let day = DateInterval(start: interval.start, duration: max(interval.duration - 0.000_001, 0))
            recentDay.remember(day, key)
        }
        return key
    }

    private static let recentDay = RecentDay()

    /// The last day looked up, shared by every thread.
    private final class RecentDay: @unchecked Sendable {
        private let lock = NSLock()
        private var interval: DateInterval?
        private var key = ""

        func key(for date: Date) -> String? {
            lock.withLock { interval?.contains(date) == true ? key : nil }
        }

        func remember(_ interval: DateInterval, _ key: String) {
            lock.withLock { (self.interval, self.key) = (interval, key) }
        }
    }

    /// The day `days` after (or before) the one `date` falls on.
    public static func dayKey(_ date: Date, addingDays days: Int) -> String {
        dayKey(calendar.date(byAdding: .day, value: days, to: date) ?? date)
    }

    /// Midnight in São Paulo of "yyyy-MM-dd" (short forms such as "2026-1-5" read too), or nil for anything else.
    public static func startOfDay(_ key: String) -> Date? {
        let fields = key.split(separator: "-", omittingEmptySubsequences: false)
        let parts = fields.compactMap { Int($0) }
        // Every field a number: "2026-x-11-05" or "2026-11-05-junk" is not a day.
        guard fields.count == 3, parts.count == 3, (1900...2200).contains(parts[0]) else { return nil }
        let components = DateComponents(year: parts[0], month: parts[1], day: parts[2])
        guard components.isValidDate(in: calendar) else { return nil }
        return calendar.date(from: components)
    }

    /// Midnight in São Paulo of the day `date` falls on.
    public static func startOfDay(of date: Date) -> Date { calendar.startOfDay(for: date) }

    /// The day keys from the day of `start` to the day of `end`, inclusive, at most `limit`.
    public static func dayKeys(from start: Date, to end: Date, limit: Int = 366) -> [String] {
        var days: [String] = []
        var current = startOfDay(of: start)
        while current <= end, days.count < limit {
            days.append(dayKey(current))
            guard let next = calendar.date(byAdding: .day, value: 1, to: current) else { break }
            current = next
        }
        return days
    }

    /// A São Paulo calendar month: "2026-11", from its first midnight to the next month's.
    public struct Month: Sendable, Equatable {
        public let key: String
        public let start: Date
        public let end: Date
    }

    /// The `count` months up to the one `date` falls on, oldest first.
    public static func months(endingWith date: Date, count: Int) -> [Month] {
        guard let current = calendar.dateInterval(of: .month, for: date)?.start else { return [] }
        return (0..<max(count, 0)).reversed().compactMap { back in
            guard let start = calendar.date(byAdding: .month, value: -back, to: current),
                let end = calendar.date(byAdding: .month, value: 1, to: start)
            else { return nil }
            let parts = calendar.dateComponents([.year, .month], from: start)
            return Month(key: String(format: "%04d-%02d", parts.year ?? 0, parts.month ?? 0), start: start, end: end)
        }
    }

    private static let englishMonths = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
