import FluentKit
import Foundation
import SQLKit

/// Makes sure only one whitelabel sync runs at a time, across every app instance and CLI run on the database.
/// PostgreSQL: a session advisory lock, held by the connection the sync runs on and released if it dies.
/// SQLite: a row in `sync_locks` with an expiry that the holder keeps pushing forward; a crashed holder's row
/// lapses.
struct SyncLock: Sendable {
    static let name = "whitelabel_sync"
    /// An arbitrary constant, the advisory lock's key: "CFWL" in ASCII.
    static let advisoryKey: Int64 = 0x4346_574C
    /// How long a lock row lasts without being refreshed.
    static let lease: TimeInterval = 120

    let sql: any SQLDatabase
    let holder = UUID().uuidString

    var isPostgres: Bool { sql.flavor == .postgres }

    /// Takes the lock, or returns false at once when another sync holds it.
    func tryAcquire(now: Date = Date()) async throws -> Bool {
        if isPostgres {
            let row = try await sql.raw("SELECT pg_try_advisory_lock(\(bind: Self.advisoryKey)) AS acquired").first()
            return try row?.decode(column: "acquired", as: Bool.self) ?? false
        }
        try await sql.raw(
            """
            INSERT INTO sync_locks (name, holder, expires_at) VALUES (\(bind: Self.name), \(bind: holder), \(bind: now.addingTimeInterval(Self.lease)))
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE sync_locks.expires_at < \(bind: now)
            """
        ).run()
        let row = try await sql.raw("SELECT holder FROM sync_locks WHERE name = \(bind: Self.name)").first()
        return try row?.decode(column: "holder", as: String.self) == holder
    }

    /// Keeps a lock row alive while the sync works. Throws `SyncLockLost` when the row is no longer ours (a page
    /// stalled past the lease and another sync took over): two syncs must not run at once.
    func refresh(now: Date = Date()) async throws {
        guard !isPostgres else { return }
        let kept = try await sql.raw(
            """
            UPDATE sync_locks SET expires_at = \(bind: now.addingTimeInterval(Self.lease))
            WHERE name = \(bind: Self.name) AND holder = \(bind: holder) RETURNING name
            """
        ).all()
        if kept.isEmpty { throw SyncLockLost() }
    }

    func release() async throws {
        if isPostgres {
            try await sql.raw("SELECT pg_advisory_unlock(\(bind: Self.advisoryKey))").run()
        } else {
            try await sql.raw("DELETE FROM sync_locks WHERE name = \(bind: Self.name) AND holder = \(bind: holder)")
                .run()
        }
    }
}

/// This sync's lock lapsed while it ran, and another sync may have taken over; it stopped.
public struct SyncLockLost: Error, CustomStringConvertible {
    public var description: String {
        "The sync lock lapsed while a page was being written; the sync stopped. Run it again."
    }
}

/// Another sync is running; this one did nothing.
public struct SyncAlreadyRunning: Error, CustomStringConvertible {
    public var description: String { "Another whitelabel sync is running; try again when it has finished." }
}
