import DatabaseTestBed
import Fluent
import SQLKit
import Testing
import Vapor

@testable import App

/// Runs `body` with an application on a database of its own, then shuts it down and drops the database,
/// whether the body passed or not.
func withApp(
    _ kind: DatabaseKind, migrated: Bool = true, configuration adjust: (inout AppConfiguration) -> Void = { _ in },
    _ body: (Application) async throws -> Void
) async throws {
    let lease = try await TestDatabases.shared.lease(kind, migrated: migrated)
    let app: Application
    do {
        var configuration = AppConfiguration.forTests(lease.location)
        adjust(&configuration)
        app = try await CreatorFlix.buildApplication(environment: .testing, configuration: configuration)
    } catch {
        try? await lease.release()
        throw error
    }
    do {
        try await body(app)
    } catch {
        try? await app.asyncShutdown()
        try? await lease.release()
        throw error
    }
    try await app.asyncShutdown()
    try await lease.release()
}

extension Application {
    /// The database as SQL, for the tests that read the catalogue or write raw statements.
    var sql: any SQLDatabase {
        get throws { try #require(db as? any SQLDatabase) }
    }

    /// Runs a CLI command as the program would, e.g. `run("demo")`.
    func runCommand(_ arguments: String...) async throws {
        environment.arguments = ["creatorflix"] + arguments
        try await execute()
    }
}

/// Runs `body` with two applications on one database, as two instances behind a load balancer would be.
func withTwoApps(
    _ kind: DatabaseKind, _ body: (Application, Application) async throws -> Void
) async throws {
    let lease = try await TestDatabases.shared.lease(kind, migrated: true)
    var apps: [Application] = []
    do {
        for _ in 0..<2 {
            apps.append(
                try await CreatorFlix.buildApplication(environment: .testing, configuration: .forTests(lease.location)))
        }
        try await body(apps[0], apps[1])
    } catch {
        for app in apps { try? await app.asyncShutdown() }
        try? await lease.release()
        throw error
    }
    for app in apps { try await app.asyncShutdown() }
    try await lease.release()
}
