import Ads
import Fluent
import Foundation
import Schema
import Vapor

/// The cause goes to the log; clients see only the 503, and come back in a few seconds.
extension AdTrackingUnavailable: AbortError {
    public var status: HTTPResponseStatus { .serviceUnavailable }
    public var reason: String { description }
    public var headers: HTTPHeaders { ["Retry-After": "5"] }
}

extension Request {
    /// The ad an admin route's `:id` names; 404 when there is none.
    func requestedAd() async throws -> Ad {
        try await AdAdministration.find(try recordID(), on: db)
    }

    /// Who this request's ad events are counted for.
    var adVisitor: AdServing.Visitor {
        AdServing.Visitor(
            userAgent: headers.first(name: .userAgent), ip: clientAddress, isHEAD: method == .HEAD, at: now)
    }
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
