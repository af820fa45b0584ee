import Fluent
import SQLKit
import Testing
import Vapor

@testable import App

/// Runs `body` with an application on a database of its own, then shuts it down and drops the database,
/// whether the body passed or not.
func withApp(
    _ kind: DatabaseKind, migrated: Bool = true, _ body: (Application) async throws -> Void
) async throws {
    let lease = try await TestDatabases.shared.lease(kind, migrated: migrated)
    let app: Application
    do {
        app = try await CreatorFlix.buildApplication(environment: .testing, configuration: .forTests(lease.location))
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
