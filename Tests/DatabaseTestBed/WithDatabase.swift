import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import Schema

/// FluentKit's databases on a leased location, with the bookkeeping the site registers (post counts), and no
/// application: what the domains' own tests run on.
enum DatabaseSession {
    static func databases(for location: TestDatabaseLocation) -> Databases {
        let databases = Databases(threadPool: NIOThreadPool.singleton, on: MultiThreadedEventLoopGroup.singleton)
        switch location {
        case .sqlite(let path):
            // SQLite has one connection per event loop, so a 20-way burst queues on it; a loaded CI machine once
            // took longer than the default 10 s to serve the queue.
            databases.use(.sqlite(.file(path), connectionPoolTimeout: .seconds(60)), as: .sqlite)
        case .postgres(let url):
            // A URL this test bed made itself: it parses.
            if let configuration = try? SQLPostgresConfiguration(url: url) {
                // As the application's tests: tests run many sessions at once on a loaded machine, and their 50-way
                // concurrency tests queue for a connection longer than the default allows.
                databases.use(
                    .postgres(
                        configuration: configuration, maxConnectionsPerEventLoop: 2, connectionPoolTimeout: .seconds(60)
                    ),
                    as: .psql)
            }
        }
        for middleware in CatalogueBookkeeping.middleware { databases.middleware.use(middleware) }
        return databases
    }
}

/// Runs `body` on a migrated database of its own, then closes it and drops it, whether the body passed or not.
public func withDatabase(_ kind: DatabaseKind, _ body: (any Database) async throws -> Void) async throws {
    try await withSessions(kind, count: 1) { sessions in try await body(sessions[0]) }
}

/// Runs `body` on two sessions of one migrated database, each with its own connections, as two instances of the
/// site would be: what the tests of work that two instances may do at once run on.
public func withTwoSessions(
    _ kind: DatabaseKind, _ body: (any Database, any Database) async throws -> Void
) async throws {
    try await withSessions(kind, count: 2) { sessions in try await body(sessions[0], sessions[1]) }
}

/// `count` sessions, each with its own connection pool, on one leased database; all closed, and the database
/// dropped, whether the body passed or not.
func withSessions(
    _ kind: DatabaseKind, count: Int, _ body: ([any Database]) async throws -> Void
) async throws {
    let lease = try await TestDatabases.shared.lease(kind, migrated: true)
    let pools = (0..<count).map { _ in DatabaseSession.databases(for: lease.location) }
    func close() async { for pool in pools { await pool.shutdownAsync() } }
    let sessions = pools.enumerated().compactMap { index, pool in
        pool.database(logger: Logger(label: "test.session\(index)"), on: MultiThreadedEventLoopGroup.singleton.any())
    }
    do {
        guard sessions.count == count else { throw TestBedError("no database at \(lease.location)") }
        try await body(sessions)
    } catch {
        await close()
        try? await lease.release()
        throw error
    }
    await close()
    try await lease.release()
}

extension Database {
    /// This database as SQL; both supported databases are SQL databases.
    public var sql: any SQLDatabase {
        get throws {
            guard let sql = self as? any SQLDatabase else { throw TestBedError("\(type(of: self)) does not speak SQL") }
            return sql
        }
    }
}
