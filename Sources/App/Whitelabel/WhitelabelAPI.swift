import APISchema
import Accounts
import Fluent
import Localization
import SQLKit
import Schema
import Vapor
import Whitelabel

/// `/api/v1/whitelabel` (the catalogue, for anyone; media URLs for subscribers only) and
/// `/api/v1/admin/whitelabel` (moderation, syncs).
enum WhitelabelAPI {

    struct ModelDTO: Content {
        let id: Int
        let folderName: String
        let status: WhitelabelModelStatus
        let postCount: Int
        let iconUrl: String?
        let bannerUrl: String?
        /// The model's thumbnail, else (for viewers who may see media) the first image of its newest post.
        let thumbnailUrl: String?

        init(_ card: WhitelabelCatalogue.ModelCard, canView: Bool, links: MediaLinks) {
            id = card.id
            folderName = card.folderName
            status = card.status
            postCount = card.postCount
            iconUrl = card.iconURL.flatMap { links.url(for: $0) }
            bannerUrl = card.bannerURL.flatMap { links.url(for: $0) }
            thumbnailUrl = (card.thumbnailURL ?? (canView ? card.firstImageKey : nil)).flatMap { links.url(for: $0) }
        }

        static let schema = JSONSchema.object([
            .init("id", .integer), .init("folder_name", .string),
            .init("status", .enumeration(WhitelabelModelStatus.self)),
            .init("post_count", .integer), .init("icon_url", .nullable(.string)),
            .init("banner_url", .nullable(.string)),
            .init("thumbnail_url", .nullable(.string)),
        ])
    }

    struct ModelPageDTO: Content {
        let models: [ModelDTO]
        let page: Int
        let hasNextPage: Bool
        /// Whether this caller may open media (a subscriber or an admin).
        let canViewMedia: Bool
        static let schema = JSONSchema.object([
            .init("models", .array(.reference("WhitelabelModel"))), .init("page", .integer),
            .init("has_next_page", .boolean), .init("can_view_media", .boolean),
        ])
    }

    struct PostPageDTO: Content {
        struct Post: Content {
            struct Media: Content {
                let type: MediaType
                /// Nil unless the caller may open media.
                let url: String?
            }
            let id: Int
            let folderName: String
            let title: String?
            let media: [Media]
        }
        let posts: [Post]
        let nextCursor: Int?
        let canViewMedia: Bool
        static let schema = JSONSchema.object([
            .init(
                "posts",
                .array(
                    .object([
                        .init("id", .integer), .init("folder_name", .string), .init("title", .nullable(.string)),
                        .init(
                            "media",
                            .array(
                                .object([
                                    .init("type", .enumeration(MediaType.self)),
                                    .init("url", .nullable(.string(description: "Absent unless can_view_media."))),
                                ]))),
                    ]))),
            .init("next_cursor", .nullable(.integer(description: "Pass as `before` for the next page."))),
            .init("can_view_media", .boolean),
        ])
    }

    struct ModelChangesBody: Content {
        var status: WhitelabelModelStatus?
        var iconUrl: String?
        var bannerUrl: String?
        var thumbnailUrl: String?
        static let schema = JSONSchema.object(
            [
                .init("status", .enumeration(WhitelabelModelStatus.self)),
                .init("icon_url", .string(description: "An https URL or a bucket key; empty clears it.")),
                .init("banner_url", .string), .init("thumbnail_url", .string),
            ], required: [])
    }

    struct BulkStatusBody: Content {
        var ids: [Int]?
        var status: WhitelabelModelStatus?
        static let schema = JSONSchema.object([
            .init("ids", .array(.integer)), .init("status", .enumeration(WhitelabelModelStatus.self)),
        ])
    }

    struct SyncBody: Content {
        var prune: Bool?
        static let schema = JSONSchema.object([.init("prune", .boolean)], required: [])
    }

    struct ReportDTO: Content {
        let id: Int
        let status: WhitelabelSyncStatus
        let dryRun: Bool
        let prune: Bool
        let startedAt: Date
        let finishedAt: Date?
        let objectsSeen, modelsAdded, modelsUpdated, postsAdded, mediaAdded, mediaUpdated: Int
        let modelsPruned, postsPruned, mediaPruned, keysSkipped: Int
        let skipped: [String: WhitelabelSyncReport.SkippedKeys]?
        let error: String?

        init(_ report: WhitelabelSyncReport) {
            id = report.id ?? 0
            status = report.status
            dryRun = report.isDryRun
            prune = report.prunes
            startedAt = report.startedAt
            finishedAt = report.finishedAt
            objectsSeen = report.objectsSeen
            modelsAdded = report.modelsAdded
            modelsUpdated = report.modelsUpdated
            postsAdded = report.postsAdded
            mediaAdded = report.mediaAdded
            mediaUpdated = report.mediaUpdated
            modelsPruned = report.modelsPruned
            postsPruned = report.postsPruned
            mediaPruned = report.mediaPruned
            keysSkipped = report.keysSkipped
            skipped = report.skipped?.value
            error = report.error
        }

        static let schema = JSONSchema.object([
            .init("id", .integer), .init("status", .enumeration(WhitelabelSyncStatus.self)), .init("dry_run", .boolean),
            .init("prune", .boolean), .init("started_at", .dateTime), .init("finished_at", .nullable(.dateTime)),
            .init("objects_seen", .integer), .init("models_added", .integer), .init("models_updated", .integer),
            .init("posts_added", .integer), .init("media_added", .integer), .init("media_updated", .integer),
            .init("models_pruned", .integer), .init("posts_pruned", .integer), .init("media_pruned", .integer),
            .init("keys_skipped", .integer),
            .init(
                "skipped",
                .nullable(.dictionary(.object([.init("count", .integer), .init("examples", .array(.string))])))),
            .init("error", .nullable(.string)),
        ])
    }

    static let operations: [APIRoute] = [
        APIRoute(
            method: .GET, url: .whitelabelModels, summary: "Active models, newest or with most posts first, 24 a page",
            tag: "whitelabel", access: .anyone,
            parameters: [
                .init(
                    name: "order", location: .query, schema: .enumeration(WhitelabelCatalogue.ModelOrder.self),
                    description: "newest (default) or most_posts."),
                .init(name: "page", location: .query, schema: .integer, description: "From 1."),
            ],
            responses: [(.ok, "A page of models", ModelPageDTO.schema)], handler: listModels),
        APIRoute(
            method: .GET, url: .whitelabelModelPosts(nil),
            summary: "A model's posts with their media, newest first, by keyset",
            tag: "whitelabel", access: .anyone,
            parameters: [
                .id(of: "model"),
                .init(
                    name: "before", location: .query, schema: .integer,
                    description: "The next_cursor of the previous page."),
            ],
            responses: [(.ok, "A page of posts", PostPageDTO.schema), APIResponses.notFound("model")],
            handler: listPosts),
        APIRoute(
            method: .GET, url: .adminWhitelabelModels, summary: "Models of any status, for moderation", tag: "admin",
            access: .admin,
            parameters: [
                .init(
                    name: "status", location: .query, schema: .enumeration(WhitelabelModelStatus.self),
                    description: "Only this status."),
                .init(name: "page", location: .query, schema: .integer, description: "From 1."),
            ],
            responses: [(.ok, "A page of models", ModelPageDTO.schema)] + APIResponses.adminRefusals,
            handler: adminListModels),
        APIRoute(
            method: .PATCH, url: .adminWhitelabelModel(nil), summary: "Change a model's status or pictures",
            tag: "admin",
            access: .admin, parameters: [.id(of: "model")], requestBody: ModelChangesBody.schema,
            responses: [
                (.ok, "Changed", .reference("WhitelabelModel")), APIResponses.notFound("model"),
                (.unprocessableEntity, "A picture is not valid", .reference("Error")),
            ]
                + APIResponses.adminRefusals,
            handler: updateModel),
        APIRoute(
            method: .POST, url: .adminWhitelabelModelsStatus, summary: "Set the status of several models at once",
            tag: "admin",
            access: .admin, requestBody: BulkStatusBody.schema,
            responses: [
                (.ok, "How many changed", JSONSchema.object([.init("changed", .integer)])),
                (.unprocessableEntity, "No ids or no status", .reference("Error")),
            ] + APIResponses.adminRefusals,
            handler: bulkStatus),
        APIRoute(
            method: .POST, url: .adminWhitelabelSync, summary: "Start a sync in the background", tag: "admin",
            access: .admin,
            requestBody: SyncBody.schema,
            responses: [
                (.accepted, "Started; follow it in sync-reports", JSONSchema.object([.init("started", .boolean)]))
            ] + APIResponses.adminRefusals,
            handler: startSync),
        APIRoute(
            method: .GET, url: .adminWhitelabelSyncReports, summary: "The latest sync reports, newest first",
            tag: "admin",
            access: .admin, responses: [(.ok, "Reports", .array(ReportDTO.schema))] + APIResponses.adminRefusals,
            handler: reports),
    ]

    @Sendable static func listModels(req: Request) async throws -> Response {
        let order =
            (try? req.query.get(String.self, at: "order")).flatMap(WhitelabelCatalogue.ModelOrder.init(rawValue:))
            ?? .newest
        let page = try await WhitelabelCatalogue.models(
            on: try req.sql, status: .active, order: order, page: (try? req.query.get(Int.self, at: "page")) ?? 1)
        let canView = try await MediaAccess.canView(req.signedInUser, on: req.db, now: req.now)
        return try APICoding.response(
            ModelPageDTO(
                models: page.models.map { ModelDTO($0, canView: canView, links: req.mediaLinks) }, page: page.page,
                hasNextPage: page.hasNextPage, canViewMedia: canView))
    }

    @Sendable static func listPosts(req: Request) async throws -> Response {
        guard let model = try await WhitelabelModel.find(try req.recordID(), on: req.db),
            model.status == .active || req.signedInUser?.isAdmin == true
        else { throw Refusal.unknown(.model) }
        let canView = try await MediaAccess.canView(req.signedInUser, on: req.db, now: req.now)
        let page = try await WhitelabelCatalogue.posts(
            of: try model.requireID(), before: try? req.query.get(Int.self, at: "before"), on: try req.sql)
        let links = req.mediaLinks
        return try APICoding.response(
            PostPageDTO(
                posts: page.posts.map { post in
                    .init(
                        id: post.id, folderName: post.folderName, title: post.title,
                        media: post.media.map { media in
                            .init(type: media.type, url: canView ? links.url(for: media.url ?? media.key) : nil)
                        })
                },
                nextCursor: page.nextCursor, canViewMedia: canView))
    }

    @Sendable static func adminListModels(req: Request) async throws -> Response {
        let status = (try? req.query.get(String.self, at: "status")).flatMap(WhitelabelModelStatus.init(rawValue:))
        let page = try await WhitelabelCatalogue.models(
            on: try req.sql, status: status, order: .newest, page: (try? req.query.get(Int.self, at: "page")) ?? 1,
            perPage: 50)
        return try APICoding.response(
            ModelPageDTO(
                models: page.models.map { ModelDTO($0, canView: true, links: req.mediaLinks) }, page: page.page,
                hasNextPage: page.hasNextPage, canViewMedia: true))
    }

    @Sendable static func updateModel(req: Request) async throws -> Response {
        guard let model = try await WhitelabelModel.find(try req.recordID(), on: req.db) else {
            throw Refusal.unknown(.model)
        }
        let body = try req.apiBody(ModelChangesBody.self)
        var fields: [String: any RefusalReason] = [:]
        func picture(_ value: String?, _ field: String, _ keyPath: ReferenceWritableKeyPath<WhitelabelModel, String?>) {
            guard let value else { return }
            do { model[keyPath: keyPath] = try WhitelabelModeration.normalizedPicture(value) } catch {
                fields[field] = RequestProblem.pictureNotValid
            }
        }
        picture(body.iconUrl, "icon_url", \.iconURL)
        picture(body.bannerUrl, "banner_url", \.bannerURL)
        picture(body.thumbnailUrl, "thumbnail_url", \.thumbnailURL)
        guard fields.isEmpty else {
            throw Refusal.invalid(fields)
        }
        if let status = body.status { model.status = status }
        try await model.save(on: req.db)
        let card = WhitelabelCatalogue.ModelCard(
            id: try model.requireID(), folderName: model.folderName, status: model.status, postCount: model.postCount,
            iconURL: model.iconURL, bannerURL: model.bannerURL, thumbnailURL: model.thumbnailURL, firstImageKey: nil)
        return try APICoding.response(ModelDTO(card, canView: true, links: req.mediaLinks))
    }

    @Sendable static func bulkStatus(req: Request) async throws -> Response {
        let body = try req.apiBody(BulkStatusBody.self)
        guard let status = body.status, let ids = body.ids, !ids.isEmpty else {
            var missing: [String: any RefusalReason] = [:]
            if body.ids?.isEmpty ?? true { missing["ids"] = RequestProblem.required }
            if body.status == nil {
                missing["status"] = RequestProblem.notOneOf(WhitelabelModelStatus.allCases.map(\.rawValue))
            }
            throw Refusal.invalid(missing)
        }
        let changed = try await WhitelabelModeration.setStatus(status, of: ids, on: req.db)
        return try APICoding.response(["changed": changed])
    }

    @Sendable static func startSync(req: Request) async throws -> Response {
        let body = (try? req.apiBody(SyncBody.self)) ?? SyncBody()
        WhitelabelSyncRunner.start(on: req.application, prune: body.prune ?? false)
        return try APICoding.response(["started": true], status: .accepted)
    }

    @Sendable static func reports(req: Request) async throws -> Response {
        let reports = try await WhitelabelSyncReport.query(on: req.db).sort(\.$startedAt, .descending).sort(
            \.$id, .descending
        )
        .limit(20).all()
        return try APICoding.response(reports.map(ReportDTO.init))
    }
}
