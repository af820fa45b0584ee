import FluentKit
import Foundation
import Localization
import SMTP
import Schema

/// Why a setting was refused.
public enum SettingProblem: String, RefusalReason {
    case required
    case tooLong = "too_long"
    case notAURL = "not_a_url"
    case unknownLanguage = "unknown_language"
    case badKey = "bad_key"
    case knownKey = "known_key"
    case notAMinuteCount = "not_a_minute_count"
    case notAnAbandonMinuteCount = "not_an_abandon_minute_count"
    case notAMegabyteCount = "not_a_megabyte_count"
    case notADayCount = "not_a_day_count"
    case notAGraceDayCount = "not_a_grace_day_count"
    case notALimit = "not_a_limit"
    case unknownKey = "unknown_key"
    case notAnEmail = "not_an_email"
    case notAFlag = "not_a_flag"

    public func message(_ copy: Copy) -> String {
        switch self {
        case .required: copy.settingRequired
        case .tooLong: copy.settingTooLong
        case .notAURL: copy.settingNotAURL
        case .unknownLanguage: copy.settingUnknownLanguage
        case .badKey: copy.settingBadKey
        case .knownKey: copy.settingKnownKey
        case .notAMinuteCount: copy.settingNotAMinuteCount
        case .notAnAbandonMinuteCount: copy.settingNotAnAbandonMinuteCount
        case .notAMegabyteCount: copy.settingNotAMegabyteCount
        case .notADayCount: copy.settingNotADayCount
        case .notAGraceDayCount: copy.settingNotAGraceDayCount
        case .notALimit: copy.settingNotALimit
        case .unknownKey: copy.settingUnknownKey
        case .notAnEmail: copy.settingNotAnEmail
        case .notAFlag: copy.settingNotAFlag
        }
    }
}

/// Reading and writing `admin_settings`: the known keys, each checked by its own rule, and free keys for the
/// operator's own use.
public enum SettingsAdministration {
    /// Free keys: up to 64 lower-case letters, digits, `_`, `.` and `-`, starting with a letter or digit, as
    /// configuration keys usually are.
    public static func isFreeKey(_ key: String) -> Bool {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789_.-")
        guard let first = key.first, first.isASCII, first.isLetter || first.isNumber, key.count <= 64 else {
            return false
        }
        return key.allSatisfy { allowed.contains($0) }
    }
    public static let maximumValueLength = 2000

    /// The problem with a value for a known key, or nil when it may be saved. Empty means "use the default",
    /// except for the site name, which the header can't do without.
    public static func problem(with value: String, for key: KnownSetting) -> SettingProblem? {
        let value = value.trimmingCharacters(in: .whitespacesAndNewlines)
        switch key {
        case .siteName:
            if value.isEmpty { return .required }
            if value.count > 80 { return .tooLong }
        case .logoURL:
            if value.isEmpty { return nil }
            if value.count > 500 { return .tooLong }
            if !isImageAddress(value) { return .notAURL }
        case .language:
            if SiteLanguageSetting(rawValue: value) == nil { return .unknownLanguage }
        case .supportText:
            if value.count > 500 { return .tooLong }
        case .tagline:
            if value.count > 200 { return .tooLong }
        case .recoveryEmails:
            if value.isEmpty { return nil }
            if Bool(value) == nil { return .notAFlag }
        case .saleNotificationEmail:
            if value.isEmpty { return nil }
            if (try? MailAddress(value)) == nil { return .notAnEmail }
        case .uploadMaxImageMB, .uploadMaxVideoMB:
            if value.isEmpty { return nil }
            guard let megabytes = Int(value), (1...5000).contains(megabytes) else { return .notAMegabyteCount }
        case .checkoutAbandonMinutes:
            // A Pix charge lives 30 minutes; an hour or more leaves time to pay, and a week is surely a typo.
            if value.isEmpty { return nil }
            guard let minutes = Int(value), (30...10_080).contains(minutes) else { return .notAnAbandonMinuteCount }
        case .signUpsPerAddressPerHour, .openCheckoutsPerEmail, .openCheckoutsPerCPF:
            if value.isEmpty { return nil }
            guard let limit = Int(value), (1...10_000).contains(limit) else { return .notALimit }
        case .adsEventRetentionDays, .paymentEventsRetentionDays:
            if value.isEmpty { return nil }
            guard let days = Int(value), (1...3650).contains(days) else { return .notADayCount }
        case .graceDays:
            // A month at most: past that, a member keeps a second period unpaid.
            if value.isEmpty { return nil }
            guard let days = Int(value), (0...30).contains(days) else { return .notAGraceDayCount }
        case .whitelabelSyncInterval:
            // Empty means off; up to a week, as anything longer is surely a typo.
            if value.isEmpty { return nil }
            guard let minutes = Int(value), (0...10_080).contains(minutes) else { return .notAMinuteCount }
        }
        return nil
    }

    /// An https URL, or a path on this site such as `/demo/logo.svg`.
    public static func isImageAddress(_ value: String) -> Bool {
        // Browsers read `/\host` as `//host`: another site's picture.
        if value.hasPrefix("/") {
            return !value.hasPrefix("//") && !value.contains("\\") && !value.contains(where: \.isWhitespace)
        }
        guard let url = URLComponents(string: value), url.scheme?.lowercased() == "https", let host = url.host,
            !host.isEmpty
        else { return false }
        return true
    }

    /// Every stored setting, known keys first in their order, then free keys by name.
    public static func all(on database: any Database) async throws -> [AdminSetting] {
        let rows = try await AdminSetting.query(on: database).all()
        let knownOrder = Dictionary(uniqueKeysWithValues: KnownSetting.allCases.enumerated().map { ($1.rawValue, $0) })
        return rows.sorted { left, right in
            let (l, r) = (knownOrder[left.id ?? ""], knownOrder[right.id ?? ""])
            switch (l, r) {
            case let (l?, r?): return l < r
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return (left.id ?? "") < (right.id ?? "")
            }
        }
    }

    /// Saves several settings at once, all or nothing.
    public static func save(_ values: [String: String], on database: any Database) async throws {
        var problems: [String: SettingProblem] = [:]
        for (key, value) in values {
            if let known = KnownSetting(rawValue: key) {
                if let problem = problem(with: value, for: known) { problems[key] = problem }
            } else if !isFreeKey(key) {
                problems[key] = .badKey
            } else if value.count > maximumValueLength {
                problems[key] = .tooLong
            }
        }
        guard problems.isEmpty else { throw Refusal.invalid(problems) }
        try await database.transaction { transaction in
            for (key, value) in values {
                let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
                if let existing = try await AdminSetting.find(key, on: transaction) {
                    existing.value = trimmed
                    try await existing.save(on: transaction)
                } else {
                    try await AdminSetting(key: key, value: trimmed).create(on: transaction)
                }
            }
        }
    }

    /// Deletes a free key. Known keys are emptied instead, which brings back their default.
    public static func delete(key: String, on database: any Database) async throws {
        guard KnownSetting(rawValue: key) == nil else { throw Refusal.invalid([key: SettingProblem.knownKey]) }
        guard let setting = try await AdminSetting.find(key, on: database) else {
            throw Refusal(.notFound, reason: SettingProblem.unknownKey)
        }
        try await setting.delete(on: database)
    }
}
