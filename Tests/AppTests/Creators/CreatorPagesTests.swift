import Creators
import DatabaseTestBed
import Fluent
import Foundation
import SQLKit
import Schema
import Testing
import Vapor
import VaporTesting
import Whitelabel

@testable import App

/// The public catalogue: the home page's parts, the mixed models grid, a creator's keyset feed, a post, search,
/// and what the pages tell search engines.
@Suite struct CreatorPagesTests {
    @discardableResult
    static func creator(
        _ name: String, posts: Int = 0, featured: Bool = false, advertiser: Bool = false, on app: Application
    ) async throws -> CreatorModel {
        let model = CreatorModel(name: name, isFeatured: featured, isAdvertiser: advertiser)
        try await model.create(on: app.db)
        for index in 0..<posts {
            try await CreatorPost(
                modelID: model.id, title: "\(name) \(index + 1)", contentURL: "https://media.example.com/\(index).jpg",
                type: .image
            )
            .create(on: app.db)
        }
        return model
    }

    @discardableResult
    static func whitelabelModel(_ folder: String, posts: Int, status: WhitelabelModelStatus, on app: Application)
        async throws -> WhitelabelModel
    {
        let model = WhitelabelModel(folderName: folder, postCount: posts, status: status)
        try await model.create(on: app.db)
        return model
    }

    @Test(arguments: DatabaseKind.underTest)
    func theHomePageHasTheFeaturedStripTheNewestPostsAndTheModelsGrid(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            // setup
            try await Self.creator("Bia Destaque", posts: 1, featured: true, advertiser: true, on: app)
            try await Self.creator("Carla Comum", posts: 2, on: app)
            try await Self.whitelabelModel("wl-ativa", posts: 5, status: .active, on: app)
            try await Self.whitelabelModel("wl-nova", posts: 9, status: .new, on: app)
            try await Self.whitelabelModel("wl-oculta", posts: 9, status: .hidden, on: app)

            // MUT
            var visitor = TestBrowser(app)
            let html = try await visitor.get(SiteURL.home.path).text

            // validate
            let featuredStart = try #require(html.firstRange(of: "class=\"featured\""))
            let featuredEnd = try #require(html.firstRange(of: "class=\"newest-posts\""))
            let featured = html[featuredStart.upperBound..<featuredEnd.lowerBound]
            #expect(featured.contains("Bia Destaque"))
            #expect(!featured.contains("Carla Comum"))
            #expect(html.contains("Parceira"), "the advertiser's badge")
            let newest = html.matches(of: /class="post-tile" href="\/publicacoes\/(\d+)"/).map { Int($0.1) ?? 0 }
            #expect(newest == [3, 2, 1], "the newest posts, newest first")
            #expect(
                html.contains(SiteURL.whitelabelModel(nil).path.replacingOccurrences(of: ":id", with: "")),
                "whitelabel models in the grid")
            #expect(html.contains(">wl-ativa<"))
            #expect(!html.contains("wl-nova"), "only active whitelabel models are public")
            #expect(!html.contains("wl-oculta"), "only active whitelabel models are public")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func theGridMixesBothCataloguesByNewestOrByMostPosts(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            // setup: created in this order, so newest first is the reverse
            try await Self.creator("Ana", posts: 3, on: app)
            try await Self.whitelabelModel("wl-b", posts: 10, status: .active, on: app)
            try await Self.creator("Caio", posts: 1, on: app)
            try await Self.whitelabelModel("wl-d", posts: 0, status: .active, on: app)
            try await Self.creator("Eva", posts: 7, on: app)

            // MUT
            let newest = try await CreatorListings.models(order: .newest, page: 1, on: try app.sql)
            let popular = try await CreatorListings.models(order: .mostPosts, page: 1, on: try app.sql)
            let firstTwo = try await CreatorListings.models(order: .mostPosts, page: 1, on: try app.sql, perPage: 2)
            let nextTwo = try await CreatorListings.models(order: .mostPosts, page: 2, on: try app.sql, perPage: 2)
            let lastOne = try await CreatorListings.models(order: .mostPosts, page: 3, on: try app.sql, perPage: 2)

            // validate
            #expect(newest.entries.map(\.name) == ["Eva", "wl-d", "Caio", "wl-b", "Ana"])
            #expect(popular.entries.map(\.name) == ["wl-b", "Eva", "Ana", "Caio", "wl-d"])
            #expect(popular.entries.map(\.postCount) == [10, 7, 3, 1, 0])
            #expect(popular.entries.first?.source == .whitelabel)
            try #require(popular.entries.count > 1)
            #expect(popular.entries[1].source == .own)
            #expect((firstTwo.entries + nextTwo.entries + lastOne.entries).map(\.name) == popular.entries.map(\.name))
            #expect(firstTwo.hasNextPage)
            #expect(nextTwo.hasNextPage)
            #expect(!lastOne.hasNextPage)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aModelsPostCountFollowsItsPosts(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let model = try await Self.creator("Ana", posts: 3, on: app)
            #expect(try await CreatorModel.find(model.id, on: app.db)?.postCount == 3)
            try await CreatorPost.query(on: app.db).filter(\.$model.$id == model.requireID()).first()?.delete(
                on: app.db)
            #expect(try await CreatorModel.find(model.id, on: app.db)?.postCount == 2)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func theFeedPagesByKeysetWithNothingMissedOrRepeated(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            // setup
            let model = try await Self.creator("Ana", posts: 30, on: app)
            let other = try await Self.creator("Bia", posts: 5, on: app)
            var visitor = TestBrowser(app)

            // MUT: follow the "more posts" link as a browser without script would
            var titles: [String] = []
            var path: String? = SiteURL.creatorModel(model.id).path
            var pages = 0
            while let next = path, pages < 10 {
                let html = try await visitor.get(next).text
                titles += html.matches(of: /class="post-caption">([^<]+)</).map { String($0.1) }
                path = html.firstMatch(of: /id="feed-more" href="([^"#]+)/).map { String($0.1) }
                pages += 1
            }

            // validate
            #expect(pages == 3, "30 posts, 12 a page")
            #expect(titles == (1...30).reversed().map { "Ana \($0)" }, "newest first, each once")
            #expect(
                try await CreatorListings.feed(of: other.requireID(), before: nil, on: try app.sql).posts.count == 5)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aPostPageShowsTheImageOrTheVideoInAPlayer(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let model = try await Self.creator("Ana", on: app)
            let photo = CreatorPost(
                modelID: model.id, title: "Praia", contentURL: "https://media.example.com/p.jpg", type: .image)
            let video = CreatorPost(
                modelID: model.id, title: "Bastidores", contentURL: "https://media.example.com/v.mp4", type: .video)
            try await photo.create(on: app.db)
            try await video.create(on: app.db)
            var admin = try await app.adminBrowser()

            let photoPage = try await admin.get(SiteURL.creatorPost(photo.id).path).text
            let videoPage = try await admin.get(SiteURL.creatorPost(video.id).path).text

            #expect(photoPage.contains(#"<img src="https://media.example.com/p.jpg""#))
            #expect(videoPage.contains(#"<video src="https://media.example.com/v.mp4" controls playsinline"#))
            #expect(try await admin.get(SiteURL.creatorPost(999_999).path).status == .notFound)
            #expect(try await admin.get(SiteURL.creatorModel(999_999).path).status == .notFound)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func searchIgnoresCaseAndAccentsInBothCatalogues(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            // setup
            try await Self.creator("Júlia Andrade", on: app)
            try await Self.creator("JULIANA Costa", on: app)
            try await Self.creator("Bianca", on: app)
            try await Self.whitelabelModel("julia-wl", posts: 1, status: .active, on: app)
            try await Self.whitelabelModel("julia-escondida", posts: 1, status: .hidden, on: app)
            var visitor = TestBrowser(app)

            // MUT
            let found = try await CreatorListings.models(order: .newest, page: 1, search: "julia", on: try app.sql)
            let accented = try await CreatorListings.models(order: .newest, page: 1, search: "JÚLIA", on: try app.sql)
            let wildcard = try await CreatorListings.models(order: .newest, page: 1, search: "%", on: try app.sql)
            let page = try await visitor.get(SiteURL.search.path + "?q=j%C3%BAlia").text

            // validate
            #expect(Set(found.entries.map(\.name)) == ["Júlia Andrade", "JULIANA Costa", "julia-wl"])
            #expect(Set(accented.entries.map(\.name)) == Set(found.entries.map(\.name)))
            #expect(wildcard.entries.isEmpty, "a typed % is a character, not a wildcard")
            #expect(page.contains("Júlia Andrade"))
            #expect(page.contains("julia-wl"))
            #expect(!page.contains("Bianca"))
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func theSyncFoldsTheNamesOfTheModelsItAdds(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            try await app.objectStore.put("whitelabel/Ação Ñandú/post/1.jpg", data: Data("x".utf8), contentType: nil)
            _ = try await WhitelabelSync(
                database: app.db, store: app.objectStore, options: .init(prefix: "whitelabel/")
            ).run()
            let model = try #require(try await WhitelabelModel.query(on: app.db).first())
            #expect(model.searchName == "acao nandu")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func textAndAddressesOnTheTilesAreEscaped(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let model = try await Self.creator("<b>Ana</b>", on: app)
            try await CreatorPost(
                modelID: model.id, title: #""><script>alert(1)</script>"#,
                contentURL: #"https://media.example.com/a.jpg?x="onerror="alert(1)"#, type: .image
            ).create(on: app.db)
            var admin = try await app.adminBrowser()
            for path in [SiteURL.home.path, SiteURL.creatorModel(model.id).path] {
                let html = try await admin.get(path).text
                #expect(!html.contains("<script>alert"), "\(path)")
                #expect(!html.contains("<b>Ana"), "\(path)")
                #expect(!html.contains(#"x="onerror"#), "\(path)")
                #expect(html.contains("&lt;script&gt;") || path == SiteURL.home.path, "\(path)")
            }
        }
    }

    @Test func searchNamesFoldCaseAccentsAndWidth() {
        #expect(SearchName.folded("Júlia") == "julia")
        #expect(SearchName.folded("ÇÃO Ñ") == "cao n")
        #expect(SearchName.folded("ＪＵＬＩＡ") == "julia")
        #expect(SearchName.containsPattern("50%_a\\b") == "%50\\%\\_a\\\\b%")
    }

    @Test(arguments: DatabaseKind.underTest)
    func pagesCarryTitlesDescriptionsAndOpenGraphTags(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let model = CreatorModel(
                name: "Júlia", bio: "Fotógrafa de São Paulo.", iconURL: "https://media.example.com/i.png")
            try await model.create(on: app.db)
            var visitor = TestBrowser(app)
            visitor.headers.replaceOrAdd(name: .host, value: "www.example.com.br")

            let html = try await visitor.get(SiteURL.creatorModel(model.id).path).text

            #expect(html.contains("<title>Júlia · CreatorFlix</title>"))
            #expect(html.contains(#"<meta name="description" content="Fotógrafa de São Paulo."/>"#))
            #expect(html.contains(#"<meta property="og:title" content="Júlia · CreatorFlix"/>"#))
            #expect(html.contains(#"<meta property="og:type" content="profile"/>"#))
            #expect(html.contains(#"<meta property="og:image" content="https://media.example.com/i.png"/>"#))
            #expect(
                html.contains(#"<link rel="canonical" href="http://www.example.com.br/modelos/\#(model.id ?? 0)"/>"#))
        }
    }

    @Test func aLongDescriptionIsCutAtAWord() {
        let text = String(repeating: "palavra ", count: 40)
        let short = PageMeta.shortened(text)
        #expect(short.count <= PageMeta.descriptionLength)
        #expect(short.hasSuffix("palavra…"))
    }

    @Test(arguments: DatabaseKind.underTest)
    func theSitemapListsPublicModelsAndRobotsPointsToIt(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let own = try await Self.creator("Ana", on: app)
            let active = try await Self.whitelabelModel("ativa", posts: 1, status: .active, on: app)
            let hidden = try await Self.whitelabelModel("oculta", posts: 1, status: .hidden, on: app)
            var robot = TestBrowser(app)
            robot.headers.replaceOrAdd(name: .host, value: "www.example.com.br")

            let sitemap = try await robot.get(SiteURL.sitemap.path)
            let robots = try await robot.get(SiteURL.robots.path)

            #expect(sitemap.headers.contentType == .xml)
            #expect(sitemap.text.contains("<loc>http://www.example.com.br/modelos/\(own.id ?? 0)</loc>"))
            #expect(sitemap.text.contains("<loc>http://www.example.com.br/catalogo/\(active.id ?? 0)</loc>"))
            #expect(!sitemap.text.contains("/catalogo/\(hidden.id ?? 0)<"))
            #expect(robots.text.contains("Sitemap: http://www.example.com.br/sitemap.xml"))
            #expect(robots.text.contains("Disallow: /admin"))
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aForgedHostHeaderDoesNotReachTheLinks(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            var robot = TestBrowser(app)
            robot.headers.replaceOrAdd(name: .host, value: "evil.example\"><script>")
            let robots = try await robot.get(SiteURL.robots.path).text
            #expect(robots.contains("Sitemap: http://localhost/sitemap.xml"))
        }
    }
}
