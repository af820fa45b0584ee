import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Logging
import NIOPosix
import SQLKit
import Schema

/// Where a leased test database is: what an application's configuration or `withDatabase` opens.
public enum TestDatabaseLocation: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(url: String)
}

/// The two databases every data test runs on.
public enum DatabaseKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    public var description: String { rawValue }

    public static let selectionVariable = "CREATORFLIX_TEST_DATABASES"

    /// Both, unless `CREATORFLIX_TEST_DATABASES` names one ("sqlite" or "postgres"), which times each
    /// database's run on its own. `scripts/test` always runs both.
    public static let underTest: [DatabaseKind] = {
        guard let names = ProcessInfo.processInfo.environment[selectionVariable], !names.isEmpty else {
            return allCases
        }
        return names.split(separator: ",").compactMap { DatabaseKind(rawValue: String($0)) }
    }()

    /// For the tests of PostgreSQL-only behaviour.
    public static var postgresIsUnderTest: Bool { underTest.contains(.postgres) }
}

/// Hands each test a database of its own, so tests run in parallel without seeing each other's rows.
///
/// The schema is migrated once per test run into a template: a PostgreSQL database that each test clones with
/// `CREATE DATABASE … TEMPLATE`, and an SQLite file that each test copies. PostgreSQL is the throwaway server
/// that `scripts/test` starts; its URL arrives in `CREATORFLIX_TEST_POSTGRES_URL`.
public actor TestDatabases {
    public static let shared = TestDatabases()
    public static let postgresURLVariable = "CREATORFLIX_TEST_POSTGRES_URL"

    /// A database for one test, and how to get rid of it.
    public struct Lease: Sendable {
        public let kind: DatabaseKind
        public let location: TestDatabaseLocation
        public let release: @Sendable () async throws -> Void
    }

    private let runID = String(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(8)).lowercased()
    private let scratchDirectory = FileManager.default.temporaryDirectory
        .appendingPathComponent("creatorflix-tests-\(ProcessInfo.processInfo.processIdentifier)")
    private var postgresTemplate: Task<String, any Error>?
    private var sqliteTemplate: Task<String, any Error>?

    /// A database for one test: migrated (a clone of the template), or empty for tests of the migrations.
    public func lease(_ kind: DatabaseKind, migrated: Bool = true) async throws -> Lease {
        switch kind {
        case .postgres: try await leasePostgres(migrated: migrated)
        case .sqlite: try await leaseSQLite(migrated: migrated)
        }
    }

    // MARK: PostgreSQL

    private func leasePostgres(migrated: Bool) async throws -> Lease {
        let serverURL = try Self.postgresServerURL()
        let name =
            "cf_test_\(runID)_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased())"
        if migrated {
            let template = try await postgresTemplateName(serverURL: serverURL)
            try await Self.postgresAdmin(serverURL, "CREATE DATABASE \(name) TEMPLATE \(template)")
        } else {
            try await Self.postgresAdmin(serverURL, "CREATE DATABASE \(name)")
        }
        return Lease(kind: .postgres, location: .postgres(url: try Self.url(serverURL, database: name))) {
            try await Self.postgresAdmin(serverURL, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        }
    }

    private func postgresTemplateName(serverURL: String) async throws -> String {
        if let postgresTemplate { return try await postgresTemplate.value }
        let name = "cf_template_\(runID)"
        let task = Task {
            try await Self.postgresAdmin(serverURL, "CREATE DATABASE \(name)")
            try await Self.migrate(.postgres(url: try Self.url(serverURL, database: name)))
            return name
        }
        postgresTemplate = task
        return try await task.value
    }

    public static func postgresServerURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment[postgresURLVariable], !url.isEmpty else {
            throw TestBedError(
                "The PostgreSQL half of the tests needs \(postgresURLVariable). Run ./scripts/test, which starts a "
                    + "throwaway PostgreSQL server and sets it.")
        }
        return url
    }

    public static func url(_ serverURL: String, database: String) throws -> String {
        guard var components = URLComponents(string: serverURL) else {
            throw TestBedError("\(postgresURLVariable) is not a URL: \(serverURL)")
        }
        components.path = "/" + database
        guard let url = components.string else { throw TestBedError("Can't point \(serverURL) at \(database)") }
        return url
    }

    /// Runs one statement on the server's maintenance database, on a connection of its own.
    public static func postgresAdmin(_ serverURL: String, _ statement: String) async throws {
        let configuration = try SQLPostgresConfiguration(url: serverURL).coreConfiguration
        let connection = try await PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: 1,
            logger: Logger(label: "test-bed"))
        do {
            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: Logger(label: "test-bed"))
        } catch {
            try? await connection.close()
            throw TestBedError("\(statement): \(String(reflecting: error))")
        }
        try await connection.close()
    }

    // MARK: SQLite

    private func leaseSQLite(migrated: Bool) async throws -> Lease {
        try FileManager.default.createDirectory(at: scratchDirectory, withIntermediateDirectories: true)
        let path = scratchDirectory.appendingPathComponent("test-\(UUID().uuidString).sqlite").path
        if migrated {
            try FileManager.default.copyItem(atPath: try await sqliteTemplatePath(), toPath: path)
        }
        return Lease(kind: .sqlite, location: .sqlite(path: path)) {
            for suffix in ["", "-wal", "-shm", "-journal"] {
                try? FileManager.default.removeItem(atPath: path + suffix)
            }
        }
    }

    private func sqliteTemplatePath() async throws -> String {
        if let sqliteTemplate { return try await sqliteTemplate.value }
        let path = scratchDirectory.appendingPathComponent("template-\(runID).sqlite").path
        let task = Task {
            try await Self.migrate(.sqlite(path: path))
            return path
        }
        sqliteTemplate = task
        return try await task.value
    }

    // MARK: Both

    /// Migrates a template with the schema's migrations alone: no application, so the domains' tests share it.
    private static func migrate(_ location: TestDatabaseLocation) async throws {
        let databases = DatabaseSession.databases(for: location)
        do {
            let migrations = Migrations()
            migrations.add(SchemaMigrations.all)
            let migrator = Migrator(
                databases: databases, migrations: migrations, logger: Logger(label: "test-bed"),
                on: MultiThreadedEventLoopGroup.singleton.any())
            try await migrator.setupIfNeeded().get()
            try await migrator.prepareBatch().get()
            // As the site runs it (`configure`), so the domains' tests see the same locking. The mode is kept in
            // the file, and closing the last connection folds the log back in, so a copy of the file is whole.
            if case .sqlite = location,
                let sql = databases.database(
                    logger: Logger(label: "test-bed"),
                    on: MultiThreadedEventLoopGroup.singleton.any()) as? any SQLDatabase
            {
                try await sql.raw("PRAGMA journal_mode = WAL").run()
            }
        } catch {
            await databases.shutdownAsync()
            throw TestBedError("migrating the template \(location): \(String(reflecting: error))")
        }
        // Shutting down closes every connection, which PostgreSQL requires of a template.
        await databases.shutdownAsync()
    }
}

public struct TestBedError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
