import APISchema
import DatabaseTestBed
import Fluent
import Foundation
import Mail
import Schema
import Testing
import Vapor
import VaporTesting

@testable import App

/// The admin's outbox: the list with its filters, a message with its HTML sandboxed, sending one again, the
/// templates' previews, a test message, and the dashboard's warning.
@Suite struct EmailsAdminTests {
    /// A reset mail queued for Ana, and a failed test mail to a bouncing address.
    static func outbox(_ app: Application) async throws -> (queued: Int, failed: Int) {
        _ = try await app.makeUser("ana@example.com")
        var browser = TestBrowser(app)
        _ = try await browser.submit(SiteURL.forgotPassword.path, ["email": "ana@example.com"])
        let queued = try #require(try await OutboxMessage.query(on: app.db).first()?.id)
        let frame = try await app.mailFrame(on: app.db)
        let result = try await Outbox.enqueue(
            TestMail(siteName: "CreatorFlix"),
            to: MailRecipient(userID: nil, address: "bounce@example.com", name: nil, language: .portuguese),
            frame: frame, from: app.configuration.mail.from, dedupeKey: nil, on: app.db)
        guard case .queued(let failed) = result else {
            Issue.record("not queued: \(result)")
            return (queued, 0)
        }
        try await app.sql.raw(
            "UPDATE email_outbox SET status = 'failed', last_error = '550 No such user here' WHERE id = \(bind: failed)"
        ).run()
        return (queued, failed)
    }

    @Test(arguments: DatabaseKind.underTest)
    func theListShowsEachMessageAndFiltersByStatusKindAndAddress(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            _ = try await Self.outbox(app)
            var admin = try await app.adminBrowser()

            let all = try await admin.get(AdminURL.emails.path)
            let failed = try await admin.get(AdminURL.emails.path + "?status=failed")
            let resets = try await admin.get(AdminURL.emails.path + "?kind=password_reset&q=ANA")

            #expect(all.status == .ok)
            #expect(all.text.contains("ana@example.com"))
            #expect(all.text.contains("bounce@example.com"))
            #expect(failed.text.contains("550 No such user here"))
            #expect(!failed.text.contains("ana@example.com"))
            #expect(resets.text.contains("ana@example.com"))
            #expect(!resets.text.contains("bounce@example.com"))
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aMessagesPageShowsItsTextAndItsHTMLSandboxed(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let (queued, _) = try await Self.outbox(app)
            var admin = try await app.adminBrowser()

            let page = try await admin.get(AdminURL.email(queued).path)
            let html = try await admin.get(AdminURL.emailHTML(queued).path)

            #expect(page.status == .ok)
            #expect(page.text.contains("/redefinir-senha?token="))
            #expect(page.text.contains(#"<iframe src="\#(AdminURL.emailHTML(queued).path)""#))
            #expect(html.status == .ok)
            #expect(html.headers.first(name: "Content-Security-Policy") == SecurityHeadersMiddleware.mailPreviewPolicy)
            #expect(html.headers.first(name: "X-Frame-Options") == "SAMEORIGIN")
            #expect(html.text.contains("Escolher uma nova senha"))
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func sendingAgainQueuesACopyWithItsOwnMessageID(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let (_, failed) = try await Self.outbox(app)
            var admin = try await app.adminBrowser()

            let resent = try await admin.submit(AdminURL.emailResend(failed).path, [:])

            #expect(resent.status == .seeOther)
            let rows = try await OutboxMessage.query(on: app.db).filter(\.$toAddress == "bounce@example.com")
                .sort(\.$id).all()
            #expect(rows.map(\.status) == [.failed, .pending])
            #expect(rows[0].messageID != rows[1].messageID)
            #expect(rows[1].subject == rows[0].subject)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func everyTemplateIsPreviewedInBothLanguages(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            var admin = try await app.adminBrowser()
            let list = try await admin.get(AdminURL.emailPreviews.path)
            #expect(list.status == .ok)
            for template in MailTemplates.all {
                for language in ["pt-BR", "en"] {
                    #expect(list.text.contains(AdminURL.emailPreview(template.kind, language: language).path))
                    let page = try await admin.get(AdminURL.emailPreview(template.kind, language: language).path)
                    let html = try await admin.get(AdminURL.emailPreviewHTML(template.kind, language: language).path)
                    #expect(page.status == .ok, "\(template.kind) \(language)")
                    #expect(html.status == .ok, "\(template.kind) \(language)")
                    #expect(html.text.contains(#"<html lang="\#(language)">"#))
                }
            }
            #expect(try await admin.get(AdminURL.emailPreview(.receipt, language: "fr").path).status == .notFound)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aTestMessageGoesToTheAddressGivenAndABadOneIsRefusedOnItsField(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            var admin = try await app.adminBrowser()

            let refused = try await admin.submit(
                AdminURL.emailTest.path, ["address": "ana@example.com\r\nBcc: x@y.com"])
            let bad = try await admin.submit(AdminURL.emailTest.path, ["address": "não-é-um-endereço"])
            let sent = try await admin.submit(AdminURL.emailTest.path, ["address": "ops@example.com"])

            #expect(refused.status == .unprocessableEntity, "control characters are refused before anything")
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("address"))
            #expect(sent.status == .seeOther)
            let rows = try await OutboxMessage.query(on: app.db).all()
            #expect(rows.map(\.toAddress) == ["ops@example.com"])
            #expect(rows.first?.kind == .test)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func theAPIListsTheOutboxAndTheDashboardCountsTheFailures(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            _ = try await Self.outbox(app)
            let token = try await APIClient.adminToken(app)

            let (listed, json) = try await APIClient.send(
                app, .GET, APIURL.adminEmails.path + "?status=failed", token: token)
            let (_, dashboard) = try await APIClient.send(app, .GET, APIURL.adminDashboard.path, token: token)

            #expect(listed.status == .ok)
            guard case .array(let emails)? = json?["emails"] else {
                Issue.record("no emails in \(String(describing: json))")
                return
            }
            #expect(emails.count == 1)
            #expect(APIClient.string(emails.first?["to_address"]) == "bounce@example.com")
            #expect(APIClient.int(dashboard?["failed_emails"]) == 1)
        }
    }
}

/// Hostile input where mail starts: a line break in an address or a name, or an address too long for SMTP, is
/// refused with a 422 that names the field, and nothing is queued.
@Suite struct MailInputTests {
    @Test(arguments: DatabaseKind.underTest)
    func anAddressWithALineBreakOrTooLongOrANameWithAHeaderIsRefusedOnItsField(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let long = String(repeating: "a", count: 64) + "@" + String(repeating: "b", count: 230) + ".com"
            let cases: [(body: [String: String], field: String)] = [
                (
                    ["name": "Ana", "email": "ana@example.com\r\nBcc: all@example.com", "password": "senha-segura-1"],
                    "email"
                ),
                (["name": "Ana", "email": long, "password": "senha-segura-1"], "email"),
                (
                    ["name": "Ana\r\nBcc: all@example.com", "email": "ana@example.com", "password": "senha-segura-1"],
                    "name"
                ),
            ]
            for (body, field) in cases {
                let response = try await app.testing().sendRequest(
                    .POST, APIURL.register.path, headers: ["Content-Type": "application/json"],
                    body: ByteBuffer(data: try JSONEncoder().encode(body)))
                #expect(response.status == .unprocessableEntity, "\(body)")
                #expect(response.text.contains(#""\#(field)""#), "the refusal names \(field): \(response.text)")
            }
            let reset = try await app.testing().sendRequest(
                .POST, APIURL.passwordReset.path, headers: ["Content-Type": "application/json"],
                body: ByteBuffer(data: try JSONEncoder().encode(["email": "ana@example.com\nBcc: x@y.com"])))
            #expect(reset.status == .unprocessableEntity)
            #expect(try await OutboxMessage.query(on: app.db).count() == 0)
            #expect(try await User.query(on: app.db).count() == 0)
        }
    }
}
