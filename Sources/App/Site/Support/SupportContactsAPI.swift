import APISchema
import Fluent
import Schema
import Site
import Vapor

/// `/api/v1/admin/support-contacts`: the footer's support channels, as JSON.
enum SupportContactsAPI {

    struct ContactBody: Content {
        var platform: String?
        var url: String?
        var isActive: Bool?

        var input: SupportContactAdministration.Input {
            .init(platform: platform ?? "", url: url ?? "", isActive: isActive ?? true)
        }

        static let schema = JSONSchema.object(
            [
                .init("platform", .string), .init("url", .string),
                .init("is_active", .boolean(description: "Default true.")),
            ],
            required: ["platform", "url"])
    }

    struct ContactDTO: Content {
        let id: Int
        let platform: String
        let url: String
        let isActive: Bool
        let updatedAt: Date?

        init(_ contact: SupportContact) {
            id = contact.id ?? 0
            platform = contact.platform
            url = contact.url
            isActive = contact.isActive
            updatedAt = contact.updatedAt
        }

        static let schema = JSONSchema.object([
            .init("id", .integer), .init("platform", .string), .init("url", .string), .init("is_active", .boolean),
            .init("updated_at", .nullable(.dateTime)),
        ])
    }

    static let operations: [APIRoute] = [
        APIRoute(
            method: .GET, url: .adminSupportContacts, summary: "Every support contact, active or not", tag: "admin",
            access: .admin,
            responses: [(.ok, "The contacts", .array(.reference("SupportContact")))] + APIResponses.adminRefusals,
            handler: list),
        APIRoute(
            method: .POST, url: .adminSupportContacts, summary: "Add a support contact", tag: "admin", access: .admin,
            requestBody: ContactBody.schema,
            responses: [
                (.created, "Added", .reference("SupportContact")),
                (.unprocessableEntity, "A field is not valid", .reference("Error")),
            ] + APIResponses.adminRefusals,
            handler: create),
        APIRoute(
            method: .GET, url: .adminSupportContact(nil), summary: "One support contact", tag: "admin", access: .admin,
            parameters: [.id(of: "contact")],
            responses: [
                (.ok, "The contact", .reference("SupportContact")), APIResponses.notFound("contact"),
            ]
                + APIResponses.adminRefusals,
            handler: show),
        APIRoute(
            method: .PUT, url: .adminSupportContact(nil), summary: "Replace a support contact", tag: "admin",
            access: .admin,
            parameters: [.id(of: "contact")], requestBody: ContactBody.schema,
            responses: [
                (.ok, "Replaced", .reference("SupportContact")), APIResponses.notFound("contact"),
                (.unprocessableEntity, "A field is not valid", .reference("Error")),
            ] + APIResponses.adminRefusals,
            handler: update),
        APIRoute(
            method: .DELETE, url: .adminSupportContact(nil), summary: "Delete a support contact", tag: "admin",
            access: .admin,
            parameters: [.id(of: "contact")],
            responses: [(.noContent, "Deleted", nil), APIResponses.notFound("contact")]
                + APIResponses.adminRefusals,
            handler: delete),
    ]

    @Sendable static func list(req: Request) async throws -> Response {
        try APICoding.response(try await SupportContactAdministration.all(on: req.db).map(ContactDTO.init))
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let contact = try await SupportContactAdministration.create(try req.apiBody(ContactBody.self).input, on: req.db)
        return try APICoding.response(ContactDTO(contact), status: .created)
    }

    @Sendable static func show(req: Request) async throws -> Response {
        try APICoding.response(ContactDTO(try await SupportContactAdministration.find(try req.recordID(), on: req.db)))
    }

    @Sendable static func update(req: Request) async throws -> Response {
        let contact = try await SupportContactAdministration.find(try req.recordID(), on: req.db)
        try await SupportContactAdministration.update(
            contact, with: try req.apiBody(ContactBody.self).input, on: req.db)
        return try APICoding.response(ContactDTO(contact))
    }

    @Sendable static func delete(req: Request) async throws -> Response {
        try await SupportContactAdministration.find(try req.recordID(), on: req.db).delete(on: req.db)
        return APICoding.noContent()
    }
}
