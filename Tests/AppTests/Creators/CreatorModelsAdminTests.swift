import Creators
import DatabaseTestBed
import Fluent
import Foundation
import ObjectStorage
import Schema
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite struct CreatorModelsAdminTests {
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 1, count: 2000)

    static func text(_ value: String) -> [UInt8] { Array(value.utf8) }

    @Test(arguments: DatabaseKind.underTest)
    func anAdminCreatesAModelWithAnUploadedIconAndALinkedBanner(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            var admin = try await app.adminBrowser()
            let response = try await admin.submitUpload(
                AdminURL.creatorModelNew.path,
                [
                    ("name", nil, Self.text("  Júlia Reis ")), ("description", nil, Self.text("Fotógrafa.")),
                    ("icon_url", nil, []), ("icon_file", "rosto.png", Self.png),
                    ("banner_url", nil, Self.text("HTTPS://cdn.example.com/banner.jpg")), ("banner_file", "", []),
                    ("is_featured", nil, Self.text("true")),
                ])
            #expect(response.status == .seeOther)
            let model = try #require(try await CreatorModel.query(on: app.db).first())
            #expect(model.name == "Júlia Reis")
            #expect(model.isFeatured)
            #expect(!model.isAdvertiser)
            #expect(model.bannerURL == "https://cdn.example.com/banner.jpg")
            let icon = try #require(model.iconURL)
            #expect(icon.hasPrefix(CreatorModelAdministration.uploadPrefix))
            #expect(icon.hasSuffix(".png"))
            #expect(try await app.objectStore.get(icon) == Data(Self.png))
        }
    }

    @Test func aFileThatIsNotAnImageIsRefusedBesideItsField() async throws {
        try await withApp(.sqlite) { app in
            var admin = try await app.adminBrowser()
            let response = try await admin.submitUpload(
                AdminURL.creatorModelNew.path,
                [
                    ("name", nil, Self.text("Ana")),
                    ("icon_file", "foto.jpg", Self.text("<?php system($_GET['c']); ?>")),
                ])
            #expect(response.status == .unprocessableEntity)
            #expect(response.text.contains("não é uma imagem"))
            #expect(try await CreatorModel.query(on: app.db).count() == 0)
        }
    }

    @Test func anImageOverTheLimitInTheSettingsIsRefused() async throws {
        try await withApp(.sqlite) { app in
            try await AdminSetting(key: "upload_max_image_mb", value: "1").create(on: app.db)
            var admin = try await app.adminBrowser()
            let big = Self.png + Array(repeating: 0, count: 1_100_000)
            let response = try await admin.submitUpload(
                AdminURL.creatorModelNew.path, [("name", nil, Self.text("Ana")), ("icon_file", "grande.png", big)])
            #expect(response.status == .payloadTooLarge)
            #expect(response.text.contains("passa do limite de 1 MB"))
            #expect(try await CreatorModel.query(on: app.db).count() == 0)
        }
    }

    @Test func anUploadWithoutItsFormTokenIsRefused() async throws {
        try await withApp(.sqlite) { app in
            var admin = try await app.adminBrowser()
            let response = try await admin.submit(
                AdminURL.creatorModelNew.path, ["name": "Ana"], includeFormToken: false)
            #expect(response.status == .forbidden)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func deletingAModelSaysWhatGoesWithItAndDeletesItsPosts(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let model = CreatorModel(name: "Bia")
            try await model.create(on: app.db)
            for number in 1...2 {
                try await CreatorPost(
                    modelID: model.id, title: "Post \(number)", contentURL: "https://cdn.example.com/\(number).jpg",
                    type: .image
                )
                .create(on: app.db)
            }
            var admin = try await app.adminBrowser()

            let confirmation = try await admin.get(AdminURL.creatorModelDelete(model.id).path)
            #expect(confirmation.text.contains("Excluir Bia e as 2 publicações dela?"))

            let deleted = try await admin.submit(AdminURL.creatorModelDelete(model.id).path, [:])
            #expect(deleted.status == .seeOther)
            #expect(try await CreatorModel.query(on: app.db).count() == 0)
            #expect(try await CreatorPost.query(on: app.db).count() == 0)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func theListSearchesByNameInAnyCase(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            for name in ["Carla Dias", "Bruna Costa", "Diego"] { try await CreatorModel(name: name).create(on: app.db) }
            var admin = try await app.adminBrowser()
            let page = try await admin.get(AdminURL.creatorModels.path + "?q=COSTA").text
            #expect(page.contains("Bruna Costa"))
            #expect(!page.contains("Carla Dias"))
        }
    }
}
