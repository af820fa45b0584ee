import Foundation

/// Where served ads' impressions and clicks go, with the serves of their placements. `record` returns once the
/// events are committed, so an answered request never loses its events. Serves that showed nothing have no
/// event to wait for: they may be written with the next batch instead.
public protocol AdTracker: Sendable {
    func record(_ events: [AdEvent], serves: [AdServe]) async throws
    /// Returns once everything recorded before is written: at shutdown, so no serve counts are left behind.
    func flush() async throws
}

extension AdTracker {
    public func record(_ events: [AdEvent]) async throws {
        try await record(events, serves: [])
    }
}
