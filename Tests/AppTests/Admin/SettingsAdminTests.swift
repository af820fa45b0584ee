import DatabaseTestBed
import Fluent
import Schema
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite struct SettingsAdminTests {
    static let validSettings = [
        "site_name": "Musas VIP", "logo_url": "https://cdn.example.com/logo.png", "language": "pt-BR",
        "support_text": "Fale com a gente.", "tagline": "O melhor conteúdo.",
    ]

    @Test(arguments: DatabaseKind.underTest)
    func savedSettingsShowInTheSiteFrame(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            var admin = try await app.adminBrowser()

            let saved = try await admin.submit(AdminURL.settings.path, Self.validSettings)

            #expect(saved.status == .seeOther)
            var visitor = TestBrowser(app)
            let home = try await visitor.get(SiteURL.home.path).text
            #expect(home.contains("Musas VIP"))
            #expect(home.contains("src=\"https://cdn.example.com/logo.png\""))
            #expect(home.contains("O melhor conteúdo."))
            #expect(home.contains("Fale com a gente."))
        }
    }

    @Test(arguments: [
        ("site_name", "", "Este campo é obrigatório."),
        ("logo_url", "javascript:alert(1)", "Use um endereço https://"),
        ("logo_url", "http://inseguro.example.com/logo.png", "Use um endereço https://"),
        ("language", "fr", "Escolha um dos idiomas"),
    ])
    func aBadValueIsRefusedNextToItsField(key: String, value: String, message: String) async throws {
        try await withApp(.sqlite) { app in
            var admin = try await app.adminBrowser()
            var settings = Self.validSettings
            settings[key] = value

            let response = try await admin.submit(AdminURL.settings.path, settings)

            #expect(response.status == .unprocessableEntity)
            #expect(response.text.contains(message))
            #expect(try await AdminSetting.query(on: app.db).count() == 0, "nothing is saved when one value is refused")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func freeKeysAreAddedAndDeletedButKnownKeysOnlyEdited(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            var admin = try await app.adminBrowser()

            let added = try await admin.submit(AdminURL.freeSettings.path, ["key": "pixel.meta", "value": "123456"])
            #expect(added.status == .seeOther)
            #expect(try await AdminSetting.find("pixel.meta", on: app.db)?.value == "123456")

            let badKey = try await admin.submit(AdminURL.freeSettings.path, ["key": "Chave Com Espaço", "value": "x"])
            #expect(badKey.status == .unprocessableEntity)

            let knownKey = try await admin.submit(AdminURL.freeSettings.path, ["key": "site_name", "value": "x"])
            #expect(knownKey.status == .unprocessableEntity)
            #expect(try await AdminSetting.find("site_name", on: app.db) == nil)

            let deleted = try await admin.submit(AdminURL.freeSettingDelete("pixel.meta").path, [:])
            #expect(deleted.status == .seeOther)
            #expect(try await AdminSetting.find("pixel.meta", on: app.db) == nil)
        }
    }
}
