import Accounts
import Creators
import Fluent
import Schema
import Vapor

/// The public catalogue's routes: the home page, a creator's profile and feed, a post, and search.
enum CreatorPagesController {
    static func register(on routes: any RoutesBuilder) {
        routes.get(SiteURL.home.pathComponents, use: home)
        routes.get(SiteURL.creatorModel(nil).pathComponents, use: model)
        routes.get(SiteURL.creatorPost(nil).pathComponents, use: post)
        routes.get(SiteURL.search.pathComponents, use: search)
    }

    /// Whether this request may open media, and how links to media are made.
    static func viewer(_ req: Request) async throws -> CreatorPages.Viewer {
        .init(canView: try await MediaAccess.canView(req.signedInUser, on: req.db, now: req.now), links: req.mediaLinks)
    }

    static func page(_ req: Request) -> Int { (try? req.query.get(Int.self, at: "pagina")) ?? 1 }

    @Sendable static func home(req: Request) async throws -> Response {
        let order =
            (try? req.query.get(String.self, at: "ordem")).flatMap(CreatorListings.GridOrder.init(rawValue:)) ?? .newest
        let home = CreatorPages.Home(
            featured: try await CreatorListings.featured(on: req.db),
            newestPosts: try await CreatorListings.newestPosts(on: try req.sql),
            grid: try await CreatorListings.models(order: order, page: page(req), on: try req.sql),
            order: order)
        let context = await req.pageContext(showingAds: [.homeTop, .homeMiddle, .modelsGrid, .homeBottom])
        return CreatorPages.home(context, home, viewer: try await viewer(req))
    }

    @Sendable static func model(req: Request) async throws -> Response {
        let before = try? req.query.get(Int.self, at: "antes")
        guard let profile = try await CreatorListings.profile(of: try req.recordID(), before: before, on: try req.sql)
        else {
            throw Abort(.notFound)
        }
        return CreatorPages.model(
            await req.pageContext(showingAds: [.modelProfile, .feedModel, .modelSidebar]), model: profile.model,
            feed: profile.feed,
            viewer: try await viewer(req))
    }

    @Sendable static func post(req: Request) async throws -> Response {
        guard let found = try await CreatorListings.post(try req.recordID(), on: req.db) else { throw Abort(.notFound) }
        return CreatorPages.post(
            await req.pageContext(showingAds: [.postDetail]), post: found.post, model: found.model,
            viewer: try await viewer(req))
    }

    @Sendable static func search(req: Request) async throws -> Response {
        let query = String(
            ((try? req.query.get(String.self, at: "q")) ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(
                100))
        let results =
            query.isEmpty
            ? nil : try await CreatorListings.models(order: .mostPosts, page: page(req), search: query, on: try req.sql)
        return CreatorPages.search(
            await req.pageContext(showingAds: [.sidebar]), query: query, results: results, viewer: try await viewer(req)
        )
    }
}
