import FluentKit
import Foundation
import Localization
import SQLKit
import Schema

/// The seed's way, kept as the benchmark's baseline (`ADS_TRACKING=per-event`): each event is its own
/// transaction of statements — its counter, its row, its placement's day. Serves that showed nothing are written
/// with the request's first event, or in a transaction of their own.
public struct PerEventAdTracker: AdTracker {
    let database: any Database
    /// SQLite takes one writer at a time: concurrent transactions from several connections would only wait on
    /// each other's locks, so on SQLite this process's writes queue here instead.
    private let sqliteQueue = SerialWrites()

    public init(database: any Database) {
        self.database = database
    }

    public func record(_ events: [AdEvent], serves: [AdServe]) async throws {
        let serialised = (database as? any SQLDatabase).flatMap { try? SQLFlavor($0) } == .sqlite
        var unwritten = PlacementCounts.serves(serves)
        let writes: [[AdEvent]] = events.isEmpty ? [[]] : events.map { [$0] }
        for write in writes {
            let serves = unwritten
            unwritten = [:]
            let work: @Sendable () async throws -> Void = {
                try await AdEventWriter.writeInTransaction(write, serves: serves, on: database)
            }
            if serialised { try await sqliteQueue.run(work) } else { try await work() }
        }
    }

    /// Each `record` writes before it returns.
    public func flush() async throws {}
}
