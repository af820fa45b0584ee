import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Logging
import NIOPosix
import Schema

/// FluentKit's databases on a leased location, with the bookkeeping the site registers (post counts), and no
/// application: what the domains' own tests run on.
enum DatabaseSession {
    static func databases(for location: TestDatabaseLocation) -> Databases {
        let databases = Databases(threadPool: NIOThreadPool.singleton, on: MultiThreadedEventLoopGroup.singleton)
        switch location {
        case .sqlite(let path):
            databases.use(.sqlite(.file(path)), as: .sqlite)
        case .postgres(let url):
            // A URL this test bed made itself: it parses.
            if let configuration = try? SQLPostgresConfiguration(url: url) {
                databases.use(.postgres(configuration: configuration, maxConnectionsPerEventLoop: 2), as: .psql)
            }
        }
        for middleware in CatalogueBookkeeping.middleware { databases.middleware.use(middleware) }
        return databases
    }
}

/// Runs `body` on a migrated database of its own, then closes it and drops it, whether the body passed or not.
public func withDatabase(_ kind: DatabaseKind, _ body: (any Database) async throws -> Void) async throws {
    let lease = try await TestDatabases.shared.lease(kind, migrated: true)
    let databases = DatabaseSession.databases(for: lease.location)
    guard let database = databases.database(logger: Logger(label: "test"), on: MultiThreadedEventLoopGroup.singleton.any())
    else {
        await databases.shutdownAsync()
        try await lease.release()
        throw TestBedError("no database at \(lease.location)")
    }
    do {
        try await body(database)
    } catch {
        await databases.shutdownAsync()
        try? await lease.release()
        throw error
    }
    await databases.shutdownAsync()
    try await lease.release()
}
