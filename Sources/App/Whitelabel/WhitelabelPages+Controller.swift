import Accounts
import Fluent
import SQLKit
import Schema
import Vapor
import Whitelabel

/// The public whitelabel catalogue: active models, and a model's posts with their media for subscribers.
enum WhitelabelPagesController {
    static func register(on routes: any RoutesBuilder) {
        routes.get(SiteURL.whitelabel.pathComponents, use: list)
        routes.get(SiteURL.whitelabelModel(nil).pathComponents, use: show)
    }

    @Sendable static func list(req: Request) async throws -> Response {
        let order =
            (try? req.query.get(String.self, at: "ordem")) == "populares"
            ? WhitelabelCatalogue.ModelOrder.mostPosts : .newest
        let page = (try? req.query.get(Int.self, at: "pagina")) ?? 1
        let models = try await WhitelabelCatalogue.models(on: try req.sql, status: .active, order: order, page: page)
        let canView = try await MediaAccess.canView(req.signedInUser, on: req.db, now: req.now)
        return WhitelabelPages.list(
            await req.pageContext(), page: models, order: order, canView: canView, links: req.mediaLinks)
    }

    @Sendable static func show(req: Request) async throws -> Response {
        guard let model = try await WhitelabelModel.find(try req.recordID(), on: req.db) else { throw Abort(.notFound) }
        let canView = try await MediaAccess.canView(req.signedInUser, on: req.db, now: req.now)
        // Models an admin has not made active are not public; admins may look at them.
        guard model.status == .active || req.signedInUser?.isAdmin == true else { throw Abort(.notFound) }
        let before = try? req.query.get(Int.self, at: "antes")
        let posts = try await WhitelabelCatalogue.posts(of: try model.requireID(), before: before, on: try req.sql)
        return WhitelabelPages.model(
            await req.pageContext(), model: model, posts: posts, canView: canView, links: req.mediaLinks)
    }
}
