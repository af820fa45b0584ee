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
            databases.use(.sqlite(.file(path)), as: .sqlite)
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
    let lease = try await TestDatabases.shared.lease(kind, migrated: true)
    let databases = DatabaseSession.databases(for: lease.location)
    guard
        let database = databases.database(
            logger: Logger(label: "test"), on: MultiThreadedEventLoopGroup.singleton.any())
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

extension Database {
    /// Creates an account directly in the database, as a fixture. Its password hash opens nothing: the domains'
    /// tests that need a password go through the application's.
    @discardableResult
    public func makeUser(_ email: String, name: String? = "Ana Souza", role: UserRole = .user) async throws -> User {
        let user = User(name: name, email: email, passwordHash: "$2b$04$not-a-hash-any-password-opens", role: role)
        try await user.create(on: self)
        return user
    }
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

extension Database {
    /// Active sidebar spots, "Ad 0", "Ad 1", …, as fixtures.
    public func makeAds(count: Int) async throws -> [Ad] {
        var ads: [Ad] = []
        for index in 0..<count {
            let ad = Ad(
                name: "Ad \(index)", type: .spot, placement: .sidebar, status: .active, title: "Ad \(index)",
                link: "https://example.com/\(index)")
            try await ad.create(on: self)
            ads.append(ad)
        }
        return ads
    }
}
