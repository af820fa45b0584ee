import DatabaseTestBed
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite struct HealthTests {
    @Test(arguments: DatabaseKind.underTest)
    func healthzAnswers200WithTheDatabaseKind(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            try await app.testing().test(.GET, SiteURL.healthz.path) { response in
                #expect(response.status == .ok)
                let report = try response.content.decode(HealthController.Report.self)
                #expect(
                    report
                        == .init(
                            status: .ok,
                            database: .init(kind: kind == .postgres ? "postgresql" : "sqlite", reachable: true)))
            }
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func healthzAnswers503WhenTheDatabaseCannotBeReached(_ kind: DatabaseKind) async throws {
        // setup: a database that can't be opened: a missing PostgreSQL database, or a folder in place of the file
        let location: TestDatabaseLocation =
            switch kind {
            case .postgres:
                .postgres(
                    url: try TestDatabases.url(try TestDatabases.postgresServerURL(), database: "cf_missing_database"))
            case .sqlite: .sqlite(path: FileManager.default.temporaryDirectory.path)
            }
        let app = try await CreatorFlix.buildApplication(environment: .testing, configuration: .forTests(location))

        // MUT
        do {
            try await app.testing().test(.GET, SiteURL.healthz.path) { response in
                // validate
                #expect(response.status == .serviceUnavailable)
                let report = try response.content.decode(HealthController.Report.self)
                #expect(report.status == .unavailable)
                #expect(report.database.reachable == false)
            }
        } catch {
            try await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    @Test func everyResponseCarriesARequestIdAndKeepsAWellFormedOne() async throws {
        try await withApp(.sqlite) { app in
            try await app.testing().test(.GET, SiteURL.healthz.path) { response in
                #expect(response.headers.first(name: RequestLogMiddleware.header)?.isEmpty == false)
            }
            try await app.testing().test(.GET, "/no-such-page", headers: [RequestLogMiddleware.header: "edge-42"]) {
                response in
                #expect(response.status == .notFound)
                #expect(response.headers.first(name: RequestLogMiddleware.header) == "edge-42")
            }
            try await app.testing().test(
                .GET, SiteURL.healthz.path, headers: [RequestLogMiddleware.header: "bad id\nforged"]
            ) { response in
                #expect(response.headers.first(name: RequestLogMiddleware.header) != "bad id\nforged")
            }
        }
    }
}
