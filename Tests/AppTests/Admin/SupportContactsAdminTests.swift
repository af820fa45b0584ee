import DatabaseTestBed
import Fluent
import Schema
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite struct SupportContactsAdminTests {
    @Test(arguments: DatabaseKind.underTest)
    func anAddedContactAppearsInTheFooterAndAnInactiveOneDoesNot(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            var admin = try await app.adminBrowser()

            let added = try await admin.submit(
                AdminURL.supportContacts.path,
                ["platform": "WhatsApp", "url": "https://wa.me/5511988887777", "is_active": "true"])
            #expect(added.status == .seeOther)
            try await admin.submit(AdminURL.supportContacts.path, ["platform": "Fax", "url": "tel:+551133334444"])

            var visitor = TestBrowser(app)
            let home = try await visitor.get(SiteURL.home.path).text
            #expect(home.contains("https://wa.me/5511988887777"))
            #expect(!home.contains("Fax"))
        }
    }

    @Test(arguments: ["javascript:alert(1)", "wa.me/55119", "", "ftp://example.com/x"])
    func aLinkThatIsNotAContactIsRefused(url: String) async throws {
        try await withApp(.sqlite) { app in
            var admin = try await app.adminBrowser()
            let response = try await admin.submit(
                AdminURL.supportContacts.path, ["platform": "Canal", "url": url, "is_active": "true"])
            #expect(response.status == .unprocessableEntity)
            #expect(response.text.contains("Use um link https://"))
            #expect(try await SupportContact.query(on: app.db).count() == 0)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aContactIsEditedAndDeleted(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            var admin = try await app.adminBrowser()
            let contact = SupportContact(platform: "Telegram", url: "https://t.me/antigo")
            try await contact.create(on: app.db)

            let edited = try await admin.submit(
                AdminURL.supportContact(contact.id).path, ["platform": "Telegram", "url": "https://t.me/novo"])
            #expect(edited.status == .seeOther)
            let stored = try #require(try await SupportContact.find(contact.id, on: app.db))
            #expect(stored.url == "https://t.me/novo")
            #expect(stored.isActive == false, "an unchecked box turns the contact off")

            let deleted = try await admin.submit(AdminURL.supportContactDelete(contact.id).path, [:])
            #expect(deleted.status == .seeOther)
            #expect(try await SupportContact.query(on: app.db).count() == 0)
        }
    }
}
