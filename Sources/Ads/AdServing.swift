import FluentKit
import Foundation
import NIOConcurrencyHelpers
import Schema

/// This instance's ads: the serving set in memory, and the tracker that writes impressions and clicks. An admin's
/// change reloads the set at once here; other instances reload it every few seconds (`refreshEvery`).
public final class AdServing: Sendable {
    /// Other instances see an admin's change within this long.
    public static let refreshEvery: Duration = .seconds(3)

    public let cache = AdServingCache()
    public let tracker: any AdTracker
    /// The site's clock (`AppConfiguration.clock`): an ad whose end has passed by it isn't loaded.
    private let clock: @Sendable () -> Date
    private let loaded = NIOLockedValueBox(false)

    public init(tracker: any AdTracker, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.tracker = tracker
        self.clock = clock
    }

    public func refresh(on database: any Database) async throws {
        try await cache.load(from: database, now: clock())
        loaded.withLockedValue { $0 = true }
    }

    /// The set, loaded once if nothing has loaded it yet (a process that serves without the periodic refresh).
    /// The database is asked for only then: `req.db` builds a database object per call, which a serve
    /// otherwise never needs.
    public func ready(on database: @autoclosure () -> any Database) async throws -> AdServingCache {
        if !loaded.withLockedValue({ $0 }) { try await refresh(on: database()) }
        return cache
    }

    /// Who a request's events are counted for. A HEAD request or an honest bot counts for nothing.
    public struct Visitor: Sendable {
        public let userAgent: String?
        public let ip: String?
        public let counts: Bool
        /// When the request came: the site's clock.
        public let at: Date

        public init(userAgent: String?, ip: String?, isHEAD: Bool, at: Date) {
            self.userAgent = userAgent
            self.ip = ip
            self.counts = !isHEAD && !AdPrivacy.isBot(userAgent)
            self.at = at
        }
    }

    /// Records what a request was shown as one batch: a serve of each placement, filled or not, and an impression
    /// of each ad. Returns once the impressions are committed. Nothing is recorded for a visitor that doesn't
    /// count.
    public func recordShown(_ shown: [(placement: AdPlacement, ads: [ServedAd])], for visitor: Visitor) async throws {
        guard !shown.isEmpty, visitor.counts else { return }
        let now = visitor.at, userAgent = visitor.userAgent, ip = visitor.ip
        let impressions = shown.flatMap { placement, ads in
            ads.map {
                AdEvent(kind: .impression, adID: $0.id, placement: placement, userAgent: userAgent, ip: ip, at: now)
            }
        }
        do {
            try await tracker.record(
                impressions, serves: shown.map { AdServe(placement: $0.placement, filled: !$0.ads.isEmpty, at: now) })
        } catch {
            throw AdTrackingUnavailable(cause: error)
        }
    }

    /// Records a click, unless the visitor doesn't count. Returns once it is committed.
    public func recordClick(on ad: ServedAd, in placement: AdPlacement, for visitor: Visitor) async throws {
        guard visitor.counts else { return }
        let click = AdEvent(
            kind: .click, adID: ad.id, placement: placement, userAgent: visitor.userAgent, ip: visitor.ip,
            at: visitor.at)
        do { try await tracker.record([click]) } catch { throw AdTrackingUnavailable(cause: error) }
    }
}

/// The tracker couldn't commit a request's events: the request is refused as unavailable for now, since answering
/// it would claim events that weren't kept.
public struct AdTrackingUnavailable: Error, CustomStringConvertible {
    public let cause: any Error
    public var description: String { "Ad tracking failed: \(String(reflecting: cause))" }

    public init(cause: any Error) {
        self.cause = cause
    }
}
