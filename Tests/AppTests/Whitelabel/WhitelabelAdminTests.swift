import DatabaseTestBed
import Fluent
import Foundation
import Schema
import Testing
import Vapor
import VaporTesting

@testable import App
@testable import Whitelabel

@Suite struct WhitelabelAdminTests {
    static func syncedCatalogue(_ app: Application) async throws {
        for key in ["whitelabel/ana/p/1.jpg", "whitelabel/bia/p/1.jpg", "whitelabel/caio/p/1.jpg"] {
            try await app.objectStore.put(key, data: Data(key.utf8), contentType: nil)
        }
        _ = try await WhitelabelSync(database: app.db, store: app.objectStore, options: .init(prefix: "whitelabel/"))
            .run()
    }

    @Test(arguments: DatabaseKind.underTest)
    func anAdminActivatesModelsInBulkAndFiltersByStatus(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            try await Self.syncedCatalogue(app)
            var admin = try await app.adminBrowser()
            let ids = try await WhitelabelModel.query(on: app.db).filter(\.$folderName ~~ ["ana", "bia"]).all()
                .compactMap(\.id)

            let body = ids.map { "ids%5B%5D=\($0)" }.joined(separator: "&") + "&status=active"
            var headers = HTTPHeaders()
            headers.contentType = .urlEncodedForm
            let response = try await admin.submitRaw(AdminURL.whitelabelStatus.path, body: body)
            #expect(response.status == .seeOther)
            #expect(try await WhitelabelModel.query(on: app.db).filter(\.$status == .active).count() == 2)

            let newOnly = try await admin.get(AdminURL.whitelabel.path + "?situacao=new").text
            #expect(newOnly.contains(">caio<"))
            #expect(!newOnly.contains(">ana<"))

            let nothingChosen = try await admin.submit(AdminURL.whitelabelStatus.path, ["status": "hidden"])
            #expect(nothingChosen.status == .unprocessableEntity)
            #expect(nothingChosen.text.contains("Selecione ao menos um modelo."))
        }
    }

    @Test func anAdminSetsAModelsPicturesAndABadOneIsRefused() async throws {
        try await withApp(.sqlite) { app in
            try await Self.syncedCatalogue(app)
            var admin = try await app.adminBrowser()
            let ana = try #require(try await WhitelabelModel.query(on: app.db).filter(\.$folderName == "ana").first())

            let saved = try await admin.submit(
                AdminURL.whitelabelModel(ana.id).path,
                [
                    "status": "hidden", "icon_url": "https://cdn.example.com/ana.png",
                    "banner_url": "whitelabel/ana/p/1.jpg", "thumbnail_url": "",
                ])
            #expect(saved.status == .seeOther)
            let after = try #require(try await WhitelabelModel.find(ana.id, on: app.db))
            #expect(
                (after.status, after.iconURL, after.bannerURL, after.thumbnailURL) == (
                    .hidden, "https://cdn.example.com/ana.png", "whitelabel/ana/p/1.jpg", nil
                ))

            let refused = try await admin.submit(
                AdminURL.whitelabelModel(ana.id).path, ["status": "active", "icon_url": "javascript:alert(1)"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("Use um endereço https://"))
        }
    }

    @Test func syncNowRunsInTheBackgroundAndTheListShowsItsReport() async throws {
        try await withApp(.sqlite) { app in
            try await app.objectStore.put("whitelabel/ana/p/1.jpg", data: Data("x".utf8), contentType: nil)
            var admin = try await app.adminBrowser()
            let response = try await admin.submit(AdminURL.whitelabelSync.path, ["prune": "false"])
            #expect(response.status == .seeOther)
            for _ in 0..<100
            where try await WhitelabelSyncReport.query(on: app.db).filter(\.$status == .succeeded).count() == 0 {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(try await WhitelabelModel.query(on: app.db).count() == 1)
            #expect(try await admin.get(AdminURL.whitelabel.path).text.contains("Concluída"))
        }
    }

    @Test func theScheduleRunsASyncWhenDueAndNotBefore() async throws {
        try await withApp(.sqlite) { app in
            try await app.objectStore.put("whitelabel/ana/p/1.jpg", data: Data("x".utf8), contentType: nil)
            try await WhitelabelScheduler.runIfDue(on: app)
            #expect(try await WhitelabelSyncReport.query(on: app.db).count() == 0, "off by default")

            try await AdminSetting(key: "whitelabel_sync_interval", value: "60").create(on: app.db)
            try await WhitelabelScheduler.runIfDue(on: app)
            #expect(try await WhitelabelSyncReport.query(on: app.db).count() == 1)
            try await WhitelabelScheduler.runIfDue(on: app)
            #expect(try await WhitelabelSyncReport.query(on: app.db).count() == 1, "not due again for an hour")
            try await WhitelabelScheduler.runIfDue(on: app, now: Date().addingTimeInterval(3601))
            #expect(try await WhitelabelSyncReport.query(on: app.db).count() == 2)
        }
    }
}
