import APISchema
import Fluent
import SQLKit
import Vapor

/// `GET /healthz`: 200 while a database round-trip works, 503 when it doesn't. Load balancers and the
/// start-up measurement poll it.
enum HealthController {
    struct Report: Content, Equatable {
        var status: Status
        var database: DatabaseReport
    }

    enum Status: String, Codable {
        case ok
        case unavailable
    }

    struct DatabaseReport: Content, Equatable {
        /// "sqlite" or "postgresql".
        var kind: String
        /// Whether `SELECT 1` came back.
        var reachable: Bool
    }

    static func check(kind: String, database: any Database, logger: Logger) async -> Report {
        do {
            guard let sql = database as? any SQLDatabase else {
                throw Abort(.internalServerError, reason: "The database does not speak SQL.")
            }
            _ = try await sql.raw("SELECT 1 AS one").first()
            return Report(status: .ok, database: .init(kind: kind, reachable: true))
        } catch {
            logger.warning(
                "health check: database round-trip failed", metadata: ["error": "\(String(reflecting: error))"])
            return Report(status: .unavailable, database: .init(kind: kind, reachable: false))
        }
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let report = await check(
            kind: req.application.configuration.database.kind, database: req.db, logger: req.logger)
        let response = try await report.encodeResponse(
            status: report.status == .ok ? .ok : .serviceUnavailable, for: req)
        response.headers.cacheControl = .init(noStore: true)
        return response
    }
}

extension HealthController.Report {
    static let schema = JSONSchema.object([
        .init("status", .string(allowed: ["ok", "unavailable"])),
        .init(
            "database",
            .object([
                .init("kind", .string(allowed: ["sqlite", "postgresql"])), .init("reachable", .boolean),
            ])),
    ])
}
