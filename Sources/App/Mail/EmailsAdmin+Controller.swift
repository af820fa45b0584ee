import Fluent
import Localization
import Mail
import SMTP
import Schema
import Vapor

/// The admin's outbox: every message with its status, attempts and last error; one sent again; every template
/// previewed with sample data in both languages; and a test message to an address of the admin's choosing.
enum EmailsAdminController {
    static func register(on routes: any RoutesBuilder) {
        routes.get(AdminURL.emails.pathComponents, use: list)
        routes.get(AdminURL.emailPreviews.pathComponents, use: previews)
        routes.get(AdminURL.emailPreview(nil, language: nil).pathComponents, use: preview)
        routes.get(AdminURL.emailPreviewHTML(nil, language: nil).pathComponents, use: previewHTML)
        routes.post(AdminURL.emailTest.pathComponents, use: sendTest)
        routes.get(AdminURL.email(nil).pathComponents, use: show)
        routes.get(AdminURL.emailHTML(nil).pathComponents, use: html)
        routes.post(AdminURL.emailResend(nil).pathComponents, use: resend)
    }

    struct ListQuery: Content {
        var status: String?
        var kind: String?
        var q: String?
        var page: Int?

        var filter: OutboxAdministration.Filter {
            .init(
                status: status.flatMap(MailStatus.init(rawValue:)), kind: kind.flatMap(MailKind.init(rawValue:)),
                address: q)
        }
    }

    @Sendable static func list(req: Request) async throws -> Response {
        let query = try req.query.decode(ListQuery.self)
        let page = try await OutboxAdministration.page(query.filter, page: query.page ?? 1, on: req.db)
        return EmailsAdminPages.list(
            await req.pageContext(), messages: page.messages, hasNextPage: page.hasNextPage, query: query,
            testState: FormState(), notice: req.adminNotice)
    }

    static func message(_ req: Request) async throws -> OutboxMessage {
        guard let message = try await OutboxMessage.find(try req.recordID(), on: req.db) else {
            throw Refusal.request(.notFound, .unknown(.email))
        }
        return message
    }

    /// Mail whose links open an account: an admin is never shown one that works.
    static func shown(_ body: String, of message: OutboxMessage) -> String {
        [.passwordReset, .welcome].contains(message.kind) ? Outbox.redactingTokens(body) : body
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let message = try await message(req)
        return EmailsAdminPages.detail(
            await req.pageContext(), message: message, text: shown(message.textBody, of: message),
            notice: req.adminNotice)
    }

    @Sendable static func html(req: Request) async throws -> Response {
        let message = try await message(req)
        return sandboxedHTML(shown(message.htmlBody, of: message))
    }

    /// A message's HTML for the preview frame: sandboxed, so nothing in it runs or reaches our origin.
    static func sandboxedHTML(_ html: String) -> Response {
        let response = Response(status: .ok, body: .init(string: html))
        response.headers.contentType = .html
        response.headers.replaceOrAdd(
            name: "Content-Security-Policy", value: SecurityHeadersMiddleware.mailPreviewPolicy)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    @Sendable static func resend(req: Request) async throws -> Response {
        let copy = try await OutboxAdministration.resend(try await message(req), on: req.db, now: req.now)
        return req.redirectAfterForm(to: AdminURL.email(copy).with(.emailResent))
    }

    @Sendable static func previews(req: Request) async throws -> Response {
        EmailsAdminPages.previews(await req.pageContext())
    }

    /// A template and language named by the path, or a 404.
    static func previewed(_ req: Request) async throws -> (template: any MailTemplate.Type, language: SiteLanguage) {
        guard let kind = req.parameters.get("kind").flatMap(MailKind.init(rawValue:)),
            let template = MailTemplates.template(for: kind),
            let language = req.parameters.get("language").flatMap(SiteLanguage.init(rawValue:))
        else { throw Abort(.notFound) }
        return (template, language)
    }

    static func rendered(_ template: any MailTemplate.Type, _ language: SiteLanguage, _ req: Request) async throws
        -> (subject: String, text: String, html: String)
    {
        var frame = try await req.mailFrame()
        if template.category != nil { frame.unsubscribeURL = req.siteAddress + SiteURL.emailUnsubscribe.path }
        let copy = Copy(language)
        let content = template.sample(siteAddress: req.siteAddress).content(copy)
        return (
            content.subject, MailLayout.text(content, frame: frame, copy: copy),
            MailLayout.html(content, frame: frame, copy: copy)
        )
    }

    @Sendable static func preview(req: Request) async throws -> Response {
        let (template, language) = try await previewed(req)
        let rendered = try await rendered(template, language, req)
        return EmailsAdminPages.preview(
            await req.pageContext(), kind: template.kind, language: language, subject: rendered.subject,
            text: rendered.text)
    }

    @Sendable static func previewHTML(req: Request) async throws -> Response {
        let (template, language) = try await previewed(req)
        return sandboxedHTML(try await rendered(template, language, req).html)
    }

    struct TestForm: Content {
        var address: String?
    }

    @Sendable static func sendTest(req: Request) async throws -> Response {
        let form = try req.content.decode(TestForm.self)
        let address = form.address ?? ""
        guard (try? MailAddress(address)) != nil else {
            let context = await req.pageContext()
            let refusal = Refusal.invalid(["address": RequestProblem.notAnEmailAddress])
            let page = try await OutboxAdministration.page(.init(), page: 1, on: req.db)
            return EmailsAdminPages.list(
                context, messages: page.messages, hasNextPage: page.hasNextPage, query: ListQuery(),
                testState: FormState(refusal, values: ["address": address], copy: context.copy), notice: nil,
                status: refusal.status)
        }
        let frame = try await req.mailFrame()
        try await Outbox.enqueue(
            TestMail(siteName: frame.siteName),
            to: MailRecipient(userID: nil, address: address, name: nil, language: await req.pageContext().language),
            frame: frame, from: req.application.configuration.mail.from, dedupeKey: nil, on: req.db, now: req.now)
        return req.redirectAfterForm(to: AdminURL.emails.with(.testEmailQueued))
    }
}
