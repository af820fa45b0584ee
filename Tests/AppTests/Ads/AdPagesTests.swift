import Ads
import DatabaseTestBed
import Fluent
import Foundation
import Schema
import Testing
import Vapor
import VaporTesting

@testable import App

/// The placements on the site's pages: each type drawn its way, labelled, linked through the click route, and
/// each shown ad counted once.
@Suite struct AdPagesTests {
    static func ad(_ app: Application, _ title: String, _ type: AdType, _ placement: AdPlacement) async throws -> Ad {
        let ad = Ad(
            name: title, type: type, placement: placement, status: .active, title: title,
            link: "https://example.com/\(title)")
        try await ad.create(on: app.db)
        return ad
    }

    static func page(
        _ app: Application, _ path: String, userAgent: String = "Mozilla/5.0 (X11; Linux x86_64) Chrome/120"
    ) async throws -> String {
        let response = try await app.testing().sendRequest(.GET, path, headers: ["User-Agent": userAgent])
        #expect(response.status == .ok, "\(path)")
        return response.text
    }

    @Test(arguments: DatabaseKind.underTest)
    func theHomePageShowsItsPlacementsAndCountsEachAdOnce(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            // setup
            let hero = try await Self.ad(app, "HeroVerao", .hero, .homeTop)
            _ = try await Self.ad(app, "BannerTopo", .banner, .homeTop)
            _ = try await Self.ad(app, "BlocoMeio", .diamondBlock, .homeMiddle)
            _ = try await Self.ad(app, "BlocoGrade", .diamondBlock, .modelsGrid)
            _ = try await Self.ad(app, "BannerFim", .banner, .homeBottom)
            _ = try await Self.ad(app, "BannerRodape", .banner, .footer)
            _ = try await Self.ad(app, "SpotLateral", .spot, .sidebar)

            // MUT
            let html = try await Self.page(app, "/")

            // validate: every home placement and the footer, not the sidebar's spot
            for title in ["HeroVerao", "BannerTopo", "BlocoMeio", "BlocoGrade", "BannerFim", "BannerRodape"] {
                #expect(html.contains(title), "\(title)")
            }
            #expect(!html.contains("SpotLateral"))
            #expect(html.contains(#"class="ad-carousel""#))
            #expect(html.contains("Publicidade"))
            #expect(html.contains(#"rel="sponsored noopener""#))
            #expect(html.contains(#"href="/ads/\#(hero.id ?? 0)/click?placement=home_top""#))
            #expect(try await AdImpression.query(on: app.db).count() == 6)
            #expect(try await Ad.find(hero.id, on: app.db)?.impressions == 1)

            // a crawler sees the ads but isn't counted
            _ = try await Self.page(app, "/", userAgent: "Googlebot/2.1")
            #expect(try await AdImpression.query(on: app.db).count() == 6)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aModelsPagesAndTheAccountFormsShowTheirOwn(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let model = CreatorModel(name: "Júlia")
            try await model.create(on: app.db)
            for index in 0..<8 {
                try await CreatorPost(
                    modelID: model.id, title: "Post \(index)", contentURL: "https://cdn.example.com/\(index).jpg",
                    type: .image
                )
                .create(on: app.db)
            }
            let post = try #require(try await CreatorPost.query(on: app.db).first())
            _ = try await Self.ad(app, "SpotPerfil", .spot, .modelProfile)
            _ = try await Self.ad(app, "SpotLadoModelo", .spot, .modelSidebar)
            _ = try await Self.ad(app, "DiamanteFeed", .diamond, .feedModel)
            _ = try await Self.ad(app, "SpotPost", .spot, .postDetail)
            _ = try await Self.ad(app, "BannerEntrar", .banner, .login)
            _ = try await Self.ad(app, "BannerCadastro", .banner, .register)

            let profile = try await Self.page(app, SiteURL.creatorModel(model.id).path)
            #expect(profile.contains("SpotPerfil"))
            #expect(profile.contains("SpotLadoModelo"))
            #expect(profile.contains("DiamanteFeed"))
            // The diamond sits in the feed after the sixth post.
            let afterFeed = try #require(profile.range(of: #"id="feed""#).map { String(profile[$0.upperBound...]) })
            let feed = try #require(afterFeed.components(separatedBy: "</ol>").first)
            let tiles = feed.components(separatedBy: "<li").dropFirst()
            #expect(tiles.count == 9)
            #expect(tiles.map { $0.contains("DiamanteFeed") }.firstIndex(of: true) == 6)

            #expect(try await Self.page(app, SiteURL.creatorPost(post.id).path).contains("SpotPost"))
            let signIn = try await Self.page(app, SiteURL.signIn.path)
            #expect(signIn.contains("BannerEntrar"))
            #expect(!signIn.contains("BannerCadastro"))
            #expect(try await Self.page(app, SiteURL.signUp.path).contains("BannerCadastro"))
        }
    }
}
