import Fluent
import Localization
import Schema
import Site
import Vapor

/// The admin panel's support contacts area: list, add, edit, delete.
enum SupportContactsAdminController {
    static func register(on routes: any RoutesBuilder) {
        routes.get(AdminURL.supportContacts.pathComponents, use: list)
        routes.post(AdminURL.supportContacts.pathComponents, use: create)
        routes.get(AdminURL.supportContact(nil).pathComponents, use: edit)
        routes.post(AdminURL.supportContact(nil).pathComponents, use: update)
        routes.post(AdminURL.supportContactDelete(nil).pathComponents, use: delete)
    }

    struct ContactForm: Content {
        var platform: String?
        var url: String?
        var is_active: String?

        var input: SupportContactAdministration.Input {
            .init(platform: platform ?? "", url: url ?? "", isActive: is_active == "true")
        }

        var values: [String: String] { ["platform": platform ?? "", "url": url ?? ""] }
    }

    @Sendable static func list(req: Request) async throws -> Response {
        try await renderList(req, newContactState: FormState())
    }

    static func renderList(
        _ req: Request, newContactState: FormState, isActive: Bool = true, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let contacts = try await SupportContactAdministration.all(on: req.db)
        return SupportContactsAdminPages.list(
            await req.pageContext(), contacts: contacts, newContactState: newContactState, newContactIsActive: isActive,
            notice: req.adminNotice, status: status)
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let form = try req.content.decode(ContactForm.self)
        return try await req.submitForm(keeping: form.values) {
            _ = try await SupportContactAdministration.create(form.input, on: req.db)
            return AdminURL.supportContacts.with(.contactCreated)
        } orRedraw: { _, state, status in
            try await renderList(req, newContactState: state, isActive: form.input.isActive, status: status)
        }
    }

    @Sendable static func edit(req: Request) async throws -> Response {
        let contact = try await SupportContactAdministration.find(try req.recordID(), on: req.db)
        return SupportContactsAdminPages.edit(
            await req.pageContext(), contact: contact,
            state: FormState(values: ["platform": contact.platform, "url": contact.url]), isActive: contact.isActive,
            status: .ok)
    }

    @Sendable static func update(req: Request) async throws -> Response {
        let contact = try await SupportContactAdministration.find(try req.recordID(), on: req.db)
        let form = try req.content.decode(ContactForm.self)
        return try await req.submitForm(keeping: form.values) {
            try await SupportContactAdministration.update(contact, with: form.input, on: req.db)
            return AdminURL.supportContacts.with(.saved)
        } orRedraw: { context, state, status in
            SupportContactsAdminPages.edit(
                context, contact: contact, state: state, isActive: form.input.isActive, status: status)
        }
    }

    @Sendable static func delete(req: Request) async throws -> Response {
        let contact = try await SupportContactAdministration.find(try req.recordID(), on: req.db)
        try await contact.delete(on: req.db)
        return req.redirectAfterForm(to: AdminURL.supportContacts.with(.contactDeleted))
    }
}
