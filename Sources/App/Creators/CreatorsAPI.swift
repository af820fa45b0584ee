import APISchema
import Accounts
import Creators
import Fluent
import Localization
import Schema
import Vapor

/// `/api/v1/models` and `/api/v1/posts` (the site's own catalogue, for anyone; media URLs for subscribers and
/// admins only) and `/api/v1/admin/models`, `/api/v1/admin/posts` (the admin CRUD). Pictures and media are given
/// as https URLs or keys of earlier uploads; uploading files is the admin panel's job.
enum CreatorsAPI {

    struct ModelDTO: Content {
        let id: Int
        let name: String
        let description: String?
        let iconUrl: String?
        let bannerUrl: String?
        let isFeatured: Bool
        let isAdvertiser: Bool
        let postCount: Int
        let createdAt: Date?

        init(_ model: CreatorModel, links: MediaLinks) {
            id = model.id ?? 0
            name = model.name
            description = model.bio
            // A model's pictures are public, like on its page.
            iconUrl = model.iconURL.flatMap { links.url(for: $0) }
            bannerUrl = model.bannerURL.flatMap { links.url(for: $0) }
            isFeatured = model.isFeatured
            isAdvertiser = model.isAdvertiser
            postCount = model.postCount
            createdAt = model.createdAt
        }

        static let schema = JSONSchema.object([
            .init("id", .integer), .init("name", .string), .init("description", .nullable(.string)),
            .init("icon_url", .nullable(.string)), .init("banner_url", .nullable(.string)),
            .init("is_featured", .boolean), .init("is_advertiser", .boolean), .init("post_count", .integer),
            .init("created_at", .nullable(.dateTime)),
        ])
    }

    struct PostDTO: Content {
        let id: Int
        let modelId: Int
        let title: String?
        let type: MediaType
        /// Whether the caller is kept from the media; when true, `content_url` is absent.
        let locked: Bool
        let contentUrl: String?
        let createdAt: Date?

        init(_ post: CreatorListings.PostSummary, canView: Bool, links: MediaLinks) {
            id = post.id
            modelId = post.modelID
            title = post.title
            type = post.type
            let url = canView ? links.url(for: post.contentURL) : nil
            locked = url == nil
            contentUrl = url
            createdAt = post.createdAt
        }

        static let schema = JSONSchema.object([
            .init("id", .integer), .init("model_id", .integer), .init("title", .nullable(.string)),
            .init("type", .enumeration(MediaType.self)),
            .init(
                "locked",
                .boolean(description: "True for callers without an active subscription; content_url is then absent.")),
            .init(
                "content_url",
                .nullable(.string(description: "Absent when locked. Signed and short-lived, or a CDN URL."))),
            .init("created_at", .nullable(.dateTime)),
        ])
    }

    struct ModelPageDTO: Content {
        let models: [ModelDTO]
        let page: Int
        let hasNextPage: Bool
        static let schema = JSONSchema.object([
            .init("models", .array(.reference("CreatorModel"))), .init("page", .integer),
            .init("has_next_page", .boolean),
        ])
    }

    struct ModelWithPostsDTO: Content {
        let model: ModelDTO
        let posts: [PostDTO]
        let nextCursor: Int?
        let canViewMedia: Bool
        static let schema = JSONSchema.object([
            .init("model", .reference("CreatorModel")), .init("posts", .array(.reference("CreatorPost"))),
            .init("next_cursor", .nullable(.integer(description: "Pass as `before` for the next page."))),
            .init("can_view_media", .boolean),
        ])
    }

    struct PostWithModelDTO: Content {
        let post: PostDTO
        let model: ModelDTO
        static let schema = JSONSchema.object([
            .init("post", .reference("CreatorPost")), .init("model", .reference("CreatorModel")),
        ])
    }

    struct ModelBody: Content {
        var name: String?
        var description: String?
        var iconUrl: String?
        var bannerUrl: String?
        var isFeatured: Bool?
        var isAdvertiser: Bool?
        static let schema = JSONSchema.object(
            [
                .init("name", .string), .init("description", .string),
                .init(
                    "icon_url",
                    .string(description: "An https URL or the key of an earlier upload; empty or absent: none.")),
                .init("banner_url", .string), .init("is_featured", .boolean), .init("is_advertiser", .boolean),
            ], required: ["name"])
    }

    struct PostBody: Content {
        var title: String?
        var contentUrl: String?
        var type: MediaType?
        static let schema = JSONSchema.object(
            [
                .init("title", .string),
                .init("content_url", .string(description: "An https URL or the key of an earlier upload.")),
                .init("type", .enumeration(MediaType.self)),
            ], required: ["content_url"])
    }

    static let operations: [APIRoute] = [
        APIRoute(
            method: .GET, url: .models,
            summary: "The site's own models, found by name, newest or with most posts first, 24 a page",
            tag: "catalogue", access: .anyone,
            parameters: [
                .init(
                    name: "q", location: .query, schema: .string,
                    description: "Part of the name; case and accents don't matter."),
                .init(
                    name: "order", location: .query, schema: .string(allowed: ["newest", "most_posts"]),
                    description: "newest (default) or most_posts."),
                .init(name: "page", location: .query, schema: .integer, description: "From 1."),
            ],
            responses: [(.ok, "A page of models", ModelPageDTO.schema)], handler: listModels),
        APIRoute(
            method: .GET, url: .model(nil), summary: "A model and its posts, newest first, paged by keyset",
            tag: "catalogue", access: .anyone,
            parameters: [
                .id(of: "model"),
                .init(
                    name: "before", location: .query, schema: .integer,
                    description: "The next_cursor of the previous page."),
            ],
            responses: [
                (.ok, "The model and a page of its posts", ModelWithPostsDTO.schema), APIResponses.notFound("model"),
            ],
            handler: showModel),
        APIRoute(
            method: .GET, url: .post(nil),
            summary: "A post and its model; the media URL for subscribers and admins only",
            tag: "catalogue", access: .anyone, parameters: [.id(of: "post")],
            responses: [(.ok, "The post", PostWithModelDTO.schema), APIResponses.notFound("post")], handler: showPost),
        APIRoute(
            method: .POST, url: .adminModels, summary: "Create a model", tag: "admin", access: .admin,
            requestBody: ModelBody.schema,
            responses: [(.created, "Created", .reference("CreatorModel")), APIResponses.invalid]
                + APIResponses.adminRefusals,
            handler: createModel),
        APIRoute(
            method: .PUT, url: .adminModel(nil), summary: "Replace a model's fields", tag: "admin", access: .admin,
            parameters: [.id(of: "model")], requestBody: ModelBody.schema,
            responses: [
                (.ok, "Saved", .reference("CreatorModel")), APIResponses.notFound("model"), APIResponses.invalid,
            ] + APIResponses.adminRefusals,
            handler: updateModel),
        APIRoute(
            method: .DELETE, url: .adminModel(nil), summary: "Delete a model; one with posts needs with_posts=true",
            tag: "admin", access: .admin,
            parameters: [
                .id(of: "model"),
                .init(
                    name: "with_posts", location: .query, schema: .boolean,
                    description: "Confirms that the model's posts go too."),
            ],
            responses: [
                (.noContent, "Deleted", nil), APIResponses.notFound("model"),
                (.conflict, "The model has posts and with_posts was not given", .reference("Error")),
            ]
                + APIResponses.adminRefusals,
            handler: deleteModel),
        APIRoute(
            method: .POST, url: .adminModelPosts(nil), summary: "Add a post to a model", tag: "admin", access: .admin,
            parameters: [.id(of: "model")], requestBody: PostBody.schema,
            responses: [
                (.created, "Created", .reference("CreatorPost")), APIResponses.notFound("model"), APIResponses.invalid,
            ] + APIResponses.adminRefusals,
            handler: createPost),
        APIRoute(
            method: .PUT, url: .adminPost(nil), summary: "Replace a post's fields", tag: "admin", access: .admin,
            parameters: [.id(of: "post")], requestBody: PostBody.schema,
            responses: [(.ok, "Saved", .reference("CreatorPost")), APIResponses.notFound("post"), APIResponses.invalid]
                + APIResponses.adminRefusals,
            handler: updatePost),
        APIRoute(
            method: .DELETE, url: .adminPost(nil), summary: "Delete a post", tag: "admin", access: .admin,
            parameters: [.id(of: "post")],
            responses: [(.noContent, "Deleted", nil), APIResponses.notFound("post")] + APIResponses.adminRefusals,
            handler: deletePost),
    ]

    // MARK: Reading

    @Sendable static func listModels(req: Request) async throws -> Response {
        let orderValue = (try? req.query.get(String.self, at: "order")) ?? "newest"
        guard let order = CreatorListings.GridOrder(apiValue: orderValue) else {
            throw Refusal.request(.unreadable, .unknownOrder(["newest", "most_posts"]))
        }
        let page = try await CreatorListings.models(
            order: order, page: (try? req.query.get(Int.self, at: "page")) ?? 1,
            search: try? req.query.get(String.self, at: "q"),
            includeWhitelabel: false, on: try req.sql)
        let models = try await CreatorModel.query(on: req.db).filter(\.$id ~~ page.entries.map(\.id)).all()
        let byID = Dictionary(models.map { ($0.id ?? 0, $0) }, uniquingKeysWith: { first, _ in first })
        let links = req.mediaLinks
        return try APICoding.response(
            ModelPageDTO(
                models: page.entries.compactMap { byID[$0.id].map { ModelDTO($0, links: links) } }, page: page.page,
                hasNextPage: page.hasNextPage))
    }

    @Sendable static func showModel(req: Request) async throws -> Response {
        guard
            let (model, feed) = try await CreatorListings.profile(
                of: try req.recordID(), before: try? req.query.get(Int.self, at: "before"), on: try req.sql)
        else { throw Refusal.unknown(.model) }
        let canView = try await MediaAccess.canView(req.signedInUser, on: req.db, now: req.now)
        let links = req.mediaLinks
        return try APICoding.response(
            ModelWithPostsDTO(
                model: ModelDTO(model, links: links),
                posts: feed.posts.map { PostDTO($0, canView: canView, links: links) },
                nextCursor: feed.nextCursor, canViewMedia: canView))
    }

    @Sendable static func showPost(req: Request) async throws -> Response {
        guard let found = try await CreatorListings.post(try req.recordID(), on: req.db) else {
            throw Refusal.unknown(.post)
        }
        let canView = try await MediaAccess.canView(req.signedInUser, on: req.db, now: req.now)
        let links = req.mediaLinks
        return try APICoding.response(
            PostWithModelDTO(
                post: PostDTO(.init(found.post), canView: canView, links: links),
                model: ModelDTO(found.model, links: links)))
    }

    // MARK: Admin

    @Sendable static func createModel(req: Request) async throws -> Response {
        try await saveModel(req, into: CreatorModel(), status: .created)
    }

    @Sendable static func updateModel(req: Request) async throws -> Response {
        guard let model = try await CreatorModel.find(try req.recordID(), on: req.db) else {
            throw Refusal.unknown(.model)
        }
        return try await saveModel(req, into: model, status: .ok)
    }

    static func saveModel(_ req: Request, into model: CreatorModel, status: HTTPResponseStatus) async throws -> Response
    {
        let body = try req.apiBody(ModelBody.self)
        let input = CreatorModelAdministration.Input(
            name: body.name ?? "", bio: body.description ?? "", iconURL: body.iconUrl ?? "",
            bannerURL: body.bannerUrl ?? "",
            isFeatured: body.isFeatured ?? false, isAdvertiser: body.isAdvertiser ?? false, iconUpload: nil,
            bannerUpload: nil)
        try await CreatorModelAdministration.save(input, into: model, on: req.db, store: req.application.objectStore)
        return try APICoding.response(ModelDTO(model, links: req.mediaLinks), status: status)
    }

    @Sendable static func deleteModel(req: Request) async throws -> Response {
        guard let model = try await CreatorModel.find(try req.recordID(), on: req.db) else {
            throw Refusal.unknown(.model)
        }
        let posts = try await CreatorPost.query(on: req.db).filter(\.$model.$id == model.requireID()).count()
        if posts > 0, (try? req.query.get(Bool.self, at: "with_posts")) != true {
            throw Refusal.request(.conflict, .modelHasPosts(posts))
        }
        try await CreatorModelAdministration.delete(model, on: req.db)
        return Response(status: .noContent)
    }

    @Sendable static func createPost(req: Request) async throws -> Response {
        guard let model = try await CreatorModel.find(try req.recordID(), on: req.db) else {
            throw Refusal.unknown(.model)
        }
        return try await savePost(req, into: CreatorPost(), modelID: try model.requireID(), status: .created)
    }

    @Sendable static func updatePost(req: Request) async throws -> Response {
        guard let post = try await CreatorPost.find(try req.recordID(), on: req.db), let modelID = post.$model.id else {
            throw Refusal.unknown(.post)
        }
        return try await savePost(req, into: post, modelID: modelID, status: .ok)
    }

    static func savePost(_ req: Request, into post: CreatorPost, modelID: Int, status: HTTPResponseStatus) async throws
        -> Response
    {
        let body = try req.apiBody(PostBody.self)
        let input = CreatorPostAdministration.Input(
            title: body.title ?? "", contentURL: body.contentUrl ?? "", type: body.type, upload: nil)
        let limits = try await CreatorPostAdministration.Limits.load(on: req.db)
        try await CreatorPostAdministration.save(
            input, into: post, modelID: modelID, limits: limits, on: req.db, store: req.application.objectStore)
        return try APICoding.response(PostDTO(.init(post), canView: true, links: req.mediaLinks), status: status)
    }

    @Sendable static func deletePost(req: Request) async throws -> Response {
        guard let post = try await CreatorPost.find(try req.recordID(), on: req.db) else {
            throw Refusal.unknown(.post)
        }
        try await post.delete(on: req.db)
        return Response(status: .noContent)
    }
}
