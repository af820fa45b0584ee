import Ads
import Fluent
import Schema
import NIOConcurrencyHelpers
import Site
import Vapor

/// This instance's ads: the serving set in memory, and the tracker that writes impressions and clicks. An admin's
/// change reloads the set at once here; other instances reload it every few seconds (`refreshEvery`).
final class AdServing: Sendable {
    /// Other instances see an admin's change within this long.
    static let refreshEvery: Duration = .seconds(3)

    let cache = AdServingCache()
    let tracker: any AdTracker
    /// The site's clock (`AppConfiguration.clock`): an ad whose end has passed by it isn't loaded.
    private let clock: @Sendable () -> Date
    private let loaded = NIOLockedValueBox(false)

    init(tracker: any AdTracker, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.tracker = tracker
        self.clock = clock
    }

    func refresh(on database: any Database) async throws {
        try await cache.load(from: database, now: clock())
        loaded.withLockedValue { $0 = true }
    }

    /// The set, loaded once if nothing has loaded it yet (a process that serves without the periodic refresh).
    /// The database is asked for only then: `req.db` builds a database object per call, which a serve
    /// otherwise never needs.
    func ready(on database: @autoclosure () -> any Database) async throws -> AdServingCache {
        if !loaded.withLockedValue({ $0 }) { try await refresh(on: database()) }
        return cache
    }

    /// Records what a request was shown as one batch: a serve of each placement, filled or not, and an impression
    /// of each ad. Returns once the impressions are committed. Nothing is recorded for a request that doesn't
    /// count (`counts`).
    func recordShown(_ shown: [(placement: AdPlacement, ads: [ServedAd])], for req: Request) async throws {
        guard !shown.isEmpty, Self.counts(req) else { return }
        let now = req.now, userAgent = req.headers.first(name: .userAgent), ip = req.clientAddress
        let impressions = shown.flatMap { placement, ads in
            ads.map { AdEvent(kind: .impression, adID: $0.id, placement: placement, userAgent: userAgent, ip: ip, at: now) }
        }
        do {
            try await tracker.record(impressions, serves: shown.map { AdServe(placement: $0.placement, filled: !$0.ads.isEmpty, at: now) })
        } catch {
            throw AdTrackingUnavailable(cause: error)
        }
    }

    /// Records a click, unless the request doesn't count. Returns once it is committed.
    func recordClick(on ad: ServedAd, in placement: AdPlacement, for req: Request) async throws {
        guard Self.counts(req) else { return }
        let click = AdEvent(
            kind: .click, adID: ad.id, placement: placement, userAgent: req.headers.first(name: .userAgent), ip: req.clientAddress,
            at: req.now)
        do { try await tracker.record([click]) } catch { throw AdTrackingUnavailable(cause: error) }
    }

    /// Whether a request's events count: not a HEAD request, nor an honest bot.
    static func counts(_ req: Request) -> Bool {
        req.method != .HEAD && !AdPrivacy.isBot(req.headers.first(name: .userAgent))
    }
}

/// The tracker couldn't commit a request's events: the request is refused as unavailable for now, since answering
/// it would claim events that weren't kept. The cause goes to the log; clients see only the 503.
struct AdTrackingUnavailable: AbortError {
    let cause: any Error
    var status: HTTPResponseStatus { .serviceUnavailable }
    var reason: String { "Ad tracking failed: \(String(reflecting: cause))" }
    var headers: HTTPHeaders { ["Retry-After": "5"] }
}

extension Application {
    private struct AdServingKey: StorageKey {
        typealias Value = AdServing
    }

    /// Set up by `configure` (`useAdServing`); an application configured otherwise gets the default tracker.
    var adServing: AdServing {
        get {
            if let serving = storage[AdServingKey.self] { return serving }
            let serving = AdServing(tracker: GroupCommitAdTracker(database: db))
            storage[AdServingKey.self] = serving
            return serving
        }
        set { storage[AdServingKey.self] = newValue }
    }

    /// Chooses the tracker `ADS_TRACKING` names, and writes what it holds before the database closes.
    func useAdServing(_ mode: AppConfiguration.AdsTracking, clock: @escaping @Sendable () -> Date) {
        switch mode {
        case .groupCommit: adServing = AdServing(tracker: GroupCommitAdTracker(database: db), clock: clock)
        case .perEvent: adServing = AdServing(tracker: PerEventAdTracker(database: db), clock: clock)
        }
        lifecycle.use(AdServing.ShutdownHandler())
    }
}

extension AdServing {
    /// At shutdown, the serve counts still waiting for a batch are written.
    struct ShutdownHandler: LifecycleHandler {
        func shutdownAsync(_ app: Application) async {
            do { try await app.adServing.tracker.flush() } catch { app.logger.report(error: error) }
        }
    }
}

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
        let stored = try await AdminSetting.find(KnownSetting.adsEventRetentionDays.rawValue, on: database)
        return stored.flatMap { Int($0.value) } ?? Int(KnownSetting.adsEventRetentionDays.defaultValue) ?? 90
    }
}
