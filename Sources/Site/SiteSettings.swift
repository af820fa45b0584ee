import FluentKit
import Foundation
import Localization
import Schema

/// The `admin_settings` keys the site itself reads, each with its meaning and the value used while unset.
/// Operators may add free keys of their own; the site ignores those.
public enum KnownSetting: String, CaseIterable, Sendable {
    case siteName = "site_name"
    case logoURL = "logo_url"
    case language
    case supportText = "support_text"
    case tagline
    /// Minutes between automatic whitelabel syncs; 0 turns them off.
    case whitelabelSyncInterval = "whitelabel_sync_interval"
    /// The largest image an admin may upload, in megabytes.
    case uploadMaxImageMB = "upload_max_image_mb"
    /// The largest video an admin may upload, in megabytes.
    case uploadMaxVideoMB = "upload_max_video_mb"
    /// Minutes after which an unpaid checkout counts as abandoned.
    case checkoutAbandonMinutes = "checkout_abandon_minutes"
    /// Days raw ad impressions and clicks are kept before they are rolled up into daily counts.
    case adsEventRetentionDays = "ads_event_retention_days"
    /// Accounts one client address may make in an hour (sign-ups, and visitors' checkouts).
    case signUpsPerAddressPerHour = "sign_ups_per_address_per_hour"
    /// Unpaid checkouts one e-mail may hold open at once; each opened a charge at the provider.
    case openCheckoutsPerEmail = "open_checkouts_per_email"
    /// Unpaid checkouts one CPF may hold open at once.
    case openCheckoutsPerCPF = "open_checkouts_per_cpf"
    /// Days postbacks that changed nothing (rejected, duplicates, ignored topics) are kept.
    case paymentEventsRetentionDays = "payment_events_retention_days"
    /// Whether an abandoned checkout's buyer gets one e-mail with a link that resumes it.
    case recoveryEmails = "recovery_emails"
    /// Where a notice of each sale goes (an operator's address); empty sends none.
    case saleNotificationEmail = "sale_notification_email"
    /// Days a member whose renewal was declined keeps access, while the charge is tried again.
    case graceDays = "grace_days"

    public var defaultValue: String {
        switch self {
        case .uploadMaxVideoMB: "500"
        case .uploadMaxImageMB: "10"
        case .whitelabelSyncInterval: "0"
        case .checkoutAbandonMinutes: "60"
        case .adsEventRetentionDays: "90"
        case .signUpsPerAddressPerHour: "10"
        case .openCheckoutsPerEmail, .openCheckoutsPerCPF: "3"
        case .paymentEventsRetentionDays: "90"
        case .siteName: "CreatorFlix"
        case .logoURL: ""
        case .language: SiteLanguageSetting.portuguese.rawValue
        case .supportText: ""
        case .tagline: ""
        case .saleNotificationEmail: ""
        case .recoveryEmails: "true"
        case .graceDays: "3"
        }
    }
}

/// The settings one page needs, read once per request.
public struct SiteSettings: Sendable {
    public var siteName: String
    public var logoURL: String?
    public var language: SiteLanguageSetting
    public var supportText: String?
    public var tagline: String?

    public static let defaults = SiteSettings(values: [:])

    public init(values: [String: String]) {
        func value(_ key: KnownSetting) -> String? {
            guard let value = values[key.rawValue]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty
            else { return nil }
            return value
        }
        siteName = value(.siteName) ?? KnownSetting.siteName.defaultValue
        logoURL = value(.logoURL)
        language = value(.language).flatMap(SiteLanguageSetting.init(rawValue:)) ?? .portuguese
        supportText = value(.supportText)
        tagline = value(.tagline)
    }

    /// A true/false setting, or its default when unset or unreadable.
    public static func flag(_ setting: KnownSetting, on database: any Database) async throws -> Bool {
        let stored = try await AdminSetting.find(setting.rawValue, on: database)?.value
        return (stored.flatMap(Bool.init) ?? Bool(setting.defaultValue)) ?? false
    }

    /// A whole-number setting, or its default when unset or unreadable.
    public static func count(_ setting: KnownSetting, on database: any Database) async throws -> Int {
        let stored = try await AdminSetting.find(setting.rawValue, on: database)
        return stored.flatMap { Int($0.value) } ?? Int(setting.defaultValue) ?? 0
    }

    /// An upload size limit setting, in bytes, or its default when unset or unreadable.
    public static func uploadLimitBytes(_ setting: KnownSetting, on database: any Database) async throws -> Int {
        let stored = try await AdminSetting.find(setting.rawValue, on: database)
        let megabytes = stored.flatMap { Int($0.value) } ?? Int(setting.defaultValue) ?? 10
        return max(1, megabytes) * 1024 * 1024
    }

    public static func load(on database: any Database) async throws -> SiteSettings {
        let keys = KnownSetting.allCases.map(\.rawValue)
        let rows = try await AdminSetting.query(on: database).filter(\.$id ~~ keys).all()
        return SiteSettings(
            values: Dictionary(
                rows.compactMap { row in row.id.map { ($0, row.value) } }, uniquingKeysWith: { first, _ in first }))
    }
}
