import APISchema
import Fluent
import Mail
import Schema
import Vapor

/// `GET /api/v1/admin/emails`: the outbox, as the admin's page shows it.
enum EmailsAPI {
    struct EmailDTO: Content {
        let id: Int
        let kind: String
        let toAddress: String
        let subject: String
        let status: String
        let attempts: Int
        let lastError: String?
        let createdAt: Date?
        let nextAttemptAt: Date
        let sentAt: Date?

        init(_ message: OutboxMessage) throws {
            id = try message.requireID()
            kind = message.kind.rawValue
            toAddress = message.toAddress
            subject = message.subject
            status = message.status.rawValue
            attempts = message.attempts
            lastError = message.lastError
            createdAt = message.createdAt
            nextAttemptAt = message.nextAttemptAt
            sentAt = message.sentAt
        }

        static let schema = JSONSchema.object([
            .init("id", .integer), .init("kind", .string(allowed: MailKind.allCases.map(\.rawValue))),
            .init("to_address", .string), .init("subject", .string),
            .init("status", .string(allowed: MailStatus.allCases.map(\.rawValue))), .init("attempts", .integer),
            .init("last_error", .nullable(.string)), .init("created_at", .nullable(.dateTime)),
            .init("next_attempt_at", .dateTime), .init("sent_at", .nullable(.dateTime)),
        ])
    }

    struct PageDTO: Content {
        let emails: [EmailDTO]
        let page: Int
        let hasNextPage: Bool
        static let schema = JSONSchema.object([
            .init("emails", .array(EmailDTO.schema)), .init("page", .integer), .init("has_next_page", .boolean),
        ])
    }

    static let operations: [APIRoute] = [
        APIRoute(
            method: .GET, url: .adminEmails, summary: "The outbox, newest first, 50 a page", tag: "admin",
            access: .admin,
            parameters: [
                .init(
                    name: "status", location: .query, schema: .string(allowed: MailStatus.allCases.map(\.rawValue)),
                    description: "Only messages in this status."),
                .init(
                    name: "kind", location: .query, schema: .string(allowed: MailKind.allCases.map(\.rawValue)),
                    description: "Only messages of this kind."),
                .init(name: "q", location: .query, schema: .string, description: "Part of the recipient's address."),
                .init(name: "page", location: .query, schema: .integer(range: 1...10_000), description: "From 1."),
            ],
            responses: [(.ok, "A page of messages", PageDTO.schema)] + APIResponses.adminRefusals, handler: list)
    ]

    @Sendable static func list(req: Request) async throws -> Response {
        let query = try req.query.decode(EmailsAdminController.ListQuery.self)
        let page = max(1, query.page ?? 1)
        let found = try await OutboxAdministration.page(query.filter, page: page, on: req.db)
        return try APICoding.response(
            PageDTO(emails: try found.messages.map(EmailDTO.init), page: page, hasNextPage: found.hasNextPage))
    }
}
