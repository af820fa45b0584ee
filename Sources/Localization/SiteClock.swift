import Foundation

/// Dates as visitors read them: in São Paulo's time, whatever the server's zone. Times are stored in UTC.
public enum SiteClock {
    /// America/Sao_Paulo. Brazil dropped daylight saving time in 2019, so UTC−3 is right when the system has
    /// no time-zone database to read.
    public static let timeZone: TimeZone = TimeZone(identifier: "America/Sao_Paulo") ?? TimeZone(secondsFromGMT: -3 * 3600)!

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

    private static let englishMonths = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
