import DatabaseTestBed
import Fluent
import Foundation
import ObjectStorage
import SQLKit
import Schema
import Testing
import Vapor
import VaporTesting

@testable import App
@testable import Whitelabel

/// Browsing the whitelabel catalogue: only active models, one query per page of models, keyset paging of
/// posts, and media only for subscribers.
@Suite struct WhitelabelPagesTests {
    /// Syncs a small bucket into the app's own media folder and activates `ana`.
    static func catalogue(_ app: Application, posts: Int = 3) async throws {
        var keys = ["whitelabel/ana/icon.png", "whitelabel/bia/p/x.jpg", "whitelabel/caio/p/v.mp4"]
        for post in 1...posts {
            keys += ["whitelabel/ana/post \(post)/foto.jpg", "whitelabel/ana/post \(post)/clip.mp4"]
        }
        for key in keys { try await app.objectStore.put(key, data: Data(key.utf8), contentType: nil) }
        _ = try await WhitelabelSync(database: app.db, store: app.objectStore, options: .init(prefix: "whitelabel/"))
            .run()
        for folder in ["ana", "caio"] {
            let model = try #require(
                try await WhitelabelModel.query(on: app.db).filter(\.$folderName == folder).first())
            model.status = .active
            try await model.save(on: app.db)
        }
    }

    static func subscriber(_ app: Application) async throws -> TestBrowser {
        let user = try await app.makeUser("assinante@example.com", password: "senha-assinante-1")
        try await Subscription(
            userID: user.id, planID: nil, startDate: Date(), endDate: Date().addingTimeInterval(86_400), status: .active
        )
        .create(on: app.db)
        var browser = TestBrowser(app)
        try await browser.signIn("assinante@example.com", "senha-assinante-1")
        return browser
    }

    @Test(arguments: DatabaseKind.underTest)
    func theCatalogueShowsActiveModelsOnlyWithTheirThumbnails(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            try await Self.catalogue(app)
            let page = try await WhitelabelCatalogue.models(
                on: try app.sql, status: .active, order: .mostPosts, page: 1)
            #expect(page.models.map(\.folderName) == ["ana", "caio"])
            #expect(page.models[0].iconURL == "whitelabel/ana/icon.png")
            #expect(page.models[0].firstImageKey == "whitelabel/ana/post 3/foto.jpg")
            #expect(page.models[1].firstImageKey == nil, "caio has videos only")

            var visitor = TestBrowser(app)
            let html = try await visitor.get(SiteURL.whitelabel.path).text
            #expect(html.contains(">ana<"))
            #expect(html.contains(">caio<"))
            #expect(!html.contains(">bia<"), "a model still new is not public")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func postsArePagedByKeysetNewestFirst(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            try await Self.catalogue(app, posts: 5)
            let ana = try #require(try await WhitelabelModel.query(on: app.db).filter(\.$folderName == "ana").first())
            let first = try await WhitelabelCatalogue.posts(
                of: try ana.requireID(), before: nil, on: try app.sql, perPage: 2)
            let second = try await WhitelabelCatalogue.posts(
                of: try ana.requireID(), before: first.nextCursor, on: try app.sql, perPage: 2)
            let third = try await WhitelabelCatalogue.posts(
                of: try ana.requireID(), before: second.nextCursor, on: try app.sql, perPage: 2)
            let all = (first.posts + second.posts + third.posts).map(\.folderName)
            #expect(Set(all).count == 5)
            #expect(all.count == 5)
            #expect(third.nextCursor == nil)
            #expect(first.posts[0].media.map(\.type).sorted { $0.rawValue < $1.rawValue } == [.image, .video])
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aSubscriberGetsMediaLinksAndAVisitorOnlyLockedPreviews(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            try await Self.catalogue(app)
            let ana = try #require(try await WhitelabelModel.query(on: app.db).filter(\.$folderName == "ana").first())
            let path = SiteURL.whitelabelModel(ana.id).path

            var visitor = TestBrowser(app)
            let locked = try await visitor.get(path).text
            #expect(locked.contains("Conteúdo para assinantes"))
            #expect(!locked.contains("foto.jpg"), "a visitor's page names no media file")
            #expect(!locked.contains("clip.mp4"))
            #expect(!locked.contains("post%20"), "the only signed link a visitor gets is the model's icon")
            #expect(locked.contains("icon.png?expires="))

            var subscriber = try await Self.subscriber(app)
            let open = try await subscriber.get(path).text
            #expect(!open.contains("Conteúdo para assinantes"))
            #expect(open.contains("foto.jpg?expires="))
            #expect(open.contains("clip.mp4?expires="))
            let link = try #require(
                open.components(separatedBy: "src=\"").dropFirst().first { $0.contains("foto.jpg") }?
                    .components(separatedBy: "\"").first?.replacingOccurrences(of: "&amp;", with: "&"))
            let media = try await subscriber.get(link)
            #expect(media.status == .ok)
        }
    }

    @Test func aModelThatIsNotActiveIsNotPublic() async throws {
        try await withApp(.sqlite) { app in
            try await Self.catalogue(app)
            let bia = try #require(try await WhitelabelModel.query(on: app.db).filter(\.$folderName == "bia").first())
            var visitor = TestBrowser(app)
            #expect(try await visitor.get(SiteURL.whitelabelModel(bia.id).path).status == .notFound)
            var admin = try await app.adminBrowser()
            #expect(try await admin.get(SiteURL.whitelabelModel(bia.id).path).status == .ok)
        }
    }
}
