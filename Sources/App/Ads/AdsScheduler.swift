import Ads
import Fluent
import Site
import Vapor

/// The ads' housekeeping on a serving instance: raw events past `ads_event_retention_days` roll up into daily
/// counts every 10 minutes, a few thousand rows at a time (`AdRetention`). Instances running it at once each
/// count only the rows they deleted.
enum AdsScheduler {
    static let runEvery: Duration = .seconds(600)

    @discardableResult
    static func rollUp(on app: Application, now: Date = Date()) async throws -> Int {
        try await AdRetention.rollUp(olderThanDays: try await retentionDays(on: app.db), on: app.db, now: now)
    }

    static func retentionDays(on database: any Database) async throws -> Int {
        try await SiteSettings.count(.adsEventRetentionDays, on: database)
    }
}
