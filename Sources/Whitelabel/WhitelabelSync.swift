import FluentKit
import Foundation
import ObjectStorage
import SQLKit
import Schema

/// Brings the whitelabel tables in line with the bucket, page by page:
/// - models are inserted if new (ON CONFLICT DO NOTHING semantics), so admin edits such as status survive;
/// - posts are inserted if new per (model, folder);
/// - media are inserted, or updated by `s3_key` when their post, url or type changed;
/// - `post_count` and `media_cdns` are recomputed in SQL for what changed, and `last_synced_at` is set;
/// - with `prune`, what vanished from the bucket is deleted (cascading); without it, nothing is.
///
/// Each listing page is read, compared and written in one transaction, so a sync killed at any point leaves
/// whole pages behind, and running it again ends in the state one uninterrupted run gives. Memory holds one page
/// and the set of model folders, never the whole listing.
public struct WhitelabelSync: Sendable {
    public struct Options: Sendable {
        /// The folder of the bucket that holds the catalogue, e.g. `whitelabel/` (or "" for the whole bucket).
        public var prefix: String
        public var prune: Bool
        public var dryRun: Bool
        /// When set, media rows get `url` = this + key; otherwise `url` stays empty and pages sign URLs.
        public var cdnBaseURL: String?
        /// Keys per listing page, and so rows per statement: 1000 media rows bind 4,000 values, far below both
        /// PostgreSQL's 65,535 and SQLite's 32,766.
        public var pageSize: Int

        public init(
            prefix: String, prune: Bool = false, dryRun: Bool = false, cdnBaseURL: String? = nil, pageSize: Int = 1000
        ) {
            self.prefix = prefix
            self.prune = prune
            self.dryRun = dryRun
            self.cdnBaseURL = cdnBaseURL
            self.pageSize = max(1, min(pageSize, 1000))
        }
    }

    let database: any Database
    let store: any ObjectStore
    let options: Options

    public init(database: any Database, store: any ObjectStore, options: Options) {
        self.database = database
        self.store = store
        self.options = options
    }

    /// Runs one sync and returns its report, also stored in `whitelabel_sync_reports`. `progress` is called after
    /// every page with the report so far. Throws `SyncAlreadyRunning` at once when another sync holds the lock.
    public func run(progress: @escaping @Sendable (SyncReport) -> Void = { _ in }) async throws -> SyncReport {
        guard let sql = database as? any SQLDatabase else { throw SyncStoreError.notSQL }
        if sql.flavor == .postgres {
            // One connection for the whole run: PostgreSQL's advisory lock belongs to the session that took it.
            return try await database.withConnection { connection in
                try await run(on: connection, progress: progress)
            }
        }
        // SQLite has one connection per event loop: holding it for a long sync would stall the site's requests on
        // that loop. The lock there is a row, which needs no particular connection.
        return try await run(on: database, progress: progress)
    }

    private func run(on connection: any Database, progress: @escaping @Sendable (SyncReport) -> Void) async throws
        -> SyncReport
    {
        guard let sql = connection as? any SQLDatabase else { throw SyncStoreError.notSQL }
        let lock = SyncLock(sql: sql)
        guard try await lock.tryAcquire() else { throw SyncAlreadyRunning() }
        let started = Date()
        var report = SyncReport(startedAt: started)
        let record = WhitelabelSyncReport(isDryRun: options.dryRun, prunes: options.prune, startedAt: started)
        do {
            // Holding the lock, any report still "running" belongs to a sync that was killed.
            try await WhitelabelSyncReport.query(on: connection).filter(\.$status == .running)
                .set(\.$status, to: .failed).set(\.$error, to: "Interrupted: the sync stopped before it finished.")
                .set(\.$finishedAt, to: started).update()
            try await record.create(on: connection)
            do {
                try await SyncRun(sql: sql, database: connection, store: store, options: options, lock: lock)
                    .perform(into: &report) { snapshot in
                        progress(snapshot)
                        try await snapshot.save(into: record, status: .running, on: connection)
                    }
                report.finishedAt = Date()
                try await report.save(into: record, status: .succeeded, on: connection)
                try await lock.release()
                return report
            } catch {
                report.finishedAt = Date()
                report.error = String(describing: error)
                try? await report.save(into: record, status: .failed, on: connection)
                throw error
            }
        } catch {
            try? await lock.release()
            throw error
        }
    }
}

enum SyncStoreError: Error, CustomStringConvertible {
    case notSQL
    var description: String { "The whitelabel sync needs an SQL database." }
}

/// What a sync did, or would do in a dry run.
public struct SyncReport: Sendable, Equatable {
    public var startedAt: Date
    public var finishedAt: Date?
    public var objectsSeen = 0
    public var modelsAdded = 0
    public var modelsUpdated = 0
    public var postsAdded = 0
    public var mediaAdded = 0
    public var mediaUpdated = 0
    public var modelsPruned = 0
    public var postsPruned = 0
    public var mediaPruned = 0
    public var skipped: [BucketLayout.SkipReason: WhitelabelSyncReport.SkippedKeys] = [:]
    public var error: String?

    public init(startedAt: Date) { self.startedAt = startedAt }

    public var keysSkipped: Int { skipped.values.reduce(0) { $0 + $1.count } }
    public var duration: TimeInterval? { finishedAt.map { $0.timeIntervalSince(startedAt) } }

    /// Keeps the first few keys of each reason, so a report of a messy bucket stays small.
    static let examplesPerReason = 5

    mutating func skip(_ key: String, because reason: BucketLayout.SkipReason) {
        var entry = skipped[reason] ?? .init()
        entry.count += 1
        if entry.examples.count < Self.examplesPerReason { entry.examples.append(key) }
        skipped[reason] = entry
    }

    func save(into record: WhitelabelSyncReport, status: WhitelabelSyncStatus, on database: any Database) async throws {
        record.status = status
        record.finishedAt = finishedAt
        record.objectsSeen = objectsSeen
        record.modelsAdded = modelsAdded
        record.modelsUpdated = modelsUpdated
        record.postsAdded = postsAdded
        record.mediaAdded = mediaAdded
        record.mediaUpdated = mediaUpdated
        record.modelsPruned = modelsPruned
        record.postsPruned = postsPruned
        record.mediaPruned = mediaPruned
        record.keysSkipped = keysSkipped
        record.skipped =
            skipped.isEmpty
            ? nil : JSONColumn(Dictionary(uniqueKeysWithValues: skipped.map { ($0.key.rawValue, $0.value) }))
        record.error = error
        try await record.save(on: database)
    }
}
