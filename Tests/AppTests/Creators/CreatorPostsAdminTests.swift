import Creators
import DatabaseTestBed
import Fluent
import Foundation
import Schema
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite struct CreatorPostsAdminTests {
    static func text(_ value: String) -> [UInt8] { Array(value.utf8) }

    static func model(_ app: Application) async throws -> CreatorModel {
        let model = CreatorModel(name: "Júlia")
        try await model.create(on: app.db)
        return model
    }

    @Test(arguments: DatabaseKind.underTest)
    func anUploadedVideoBecomesAVideoPostWhateverTheFormSays(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let model = try await Self.model(app)
            var admin = try await app.adminBrowser()
            let response = try await admin.submitUpload(
                AdminURL.creatorPostNew(modelID: model.id).path,
                [
                    ("title", nil, Self.text("Bastidores")), ("content_url", nil, []),
                    ("type", nil, Self.text("image")),
                    ("content_file", "clip.mp4", UploadFixtures.mp4),
                ])
            #expect(response.status == .seeOther)
            let post = try #require(try await CreatorPost.query(on: app.db).first())
            #expect(post.type == .video)
            #expect(post.title == "Bastidores")
            #expect(post.$model.id == model.id)
            #expect(post.contentURL.hasPrefix(CreatorPostAdministration.uploadPrefix))
            #expect(post.contentURL.hasSuffix(".mp4"))
            #expect(try await app.objectStore.get(post.contentURL) == Data(UploadFixtures.mp4))
            #expect(try await admin.get(AdminURL.creatorModel(model.id).path).text.contains("Bastidores"))
        }
    }

    @Test func aPostNeedsAnAddressOrAFileAndRefusesOtherFiles() async throws {
        try await withApp(.sqlite) { app in
            let model = try await Self.model(app)
            var admin = try await app.adminBrowser()
            let empty = try await admin.submitUpload(
                AdminURL.creatorPostNew(modelID: model.id).path, [("title", nil, Self.text("Nada"))])
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.text.contains("Informe um endereço ou envie um arquivo."))

            let pdf = try await admin.submitUpload(
                AdminURL.creatorPostNew(modelID: model.id).path,
                [("content_file", "foto.jpg", Self.text("%PDF-1.7 not an image"))])
            #expect(pdf.status == .unprocessableEntity)
            #expect(pdf.text.contains("não é uma imagem"))
            #expect(try await CreatorPost.query(on: app.db).count() == 0)
        }
    }

    @Test func aVideoOverItsOwnLimitIsRefusedThoughImagesMayBeLarger() async throws {
        try await withApp(.sqlite) { app in
            try await AdminSetting(key: "upload_max_video_mb", value: "1").create(on: app.db)
            try await AdminSetting(key: "upload_max_image_mb", value: "5").create(on: app.db)
            let model = try await Self.model(app)
            var admin = try await app.adminBrowser()
            let big = UploadFixtures.mp4 + Array(repeating: 0, count: 1_200_000)
            let response = try await admin.submitUpload(
                AdminURL.creatorPostNew(modelID: model.id).path, [("content_file", "longo.mp4", big)])
            #expect(response.status == .unprocessableEntity)
            #expect(try await CreatorPost.query(on: app.db).count() == 0)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aLinkedPostIsEditedAndDeleted(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let model = try await Self.model(app)
            var admin = try await app.adminBrowser()
            let created = try await admin.submitUpload(
                AdminURL.creatorPostNew(modelID: model.id).path,
                [
                    ("title", nil, Self.text("Praia")),
                    ("content_url", nil, Self.text("https://cdn.example.com/praia.jpg")),
                    ("type", nil, Self.text("image")),
                ])
            #expect(created.status == .seeOther)
            let post = try #require(try await CreatorPost.query(on: app.db).first())
            let edited = try await admin.submitUpload(
                AdminURL.creatorPost(post.id).path,
                [
                    ("title", nil, Self.text("Praia ao pôr do sol")),
                    ("content_url", nil, Self.text("https://cdn.example.com/praia.jpg")),
                    ("type", nil, Self.text("image")),
                ])
            #expect(edited.status == .seeOther)
            #expect(try await CreatorPost.find(post.id, on: app.db)?.title == "Praia ao pôr do sol")

            let deleted = try await admin.submit(AdminURL.creatorPostDelete(post.id).path, [:])
            #expect(deleted.status == .seeOther)
            #expect(try await CreatorPost.query(on: app.db).count() == 0)
        }
    }
}
