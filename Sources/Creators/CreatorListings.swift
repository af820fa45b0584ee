import FluentKit
import Foundation
import SQLKit
import Schema

/// The lists visitors browse: the site's own creators and the active whitelabel ones together, a
/// creator's feed and single posts. Every read is one query of fixed shape, whatever the page size, so a page's
/// query count doesn't grow with its content (`CataloguePageQueryCountTests`).
public enum CreatorListings {
    /// The order of the models grid. The raw values are the `ordem` query values of the pages.
    public enum GridOrder: String, Sendable, CaseIterable {
        case newest = "recentes"
        case mostPosts = "populares"

        /// The API's spelling, shared with the whitelabel API.
        public var apiValue: String { self == .newest ? "newest" : "most_posts" }
        public init?(apiValue: String) {
            self.init(rawValue: apiValue == "most_posts" ? "populares" : apiValue == "newest" ? "recentes" : "")
        }
    }

    /// Which catalogue a model comes from; its page lives at a different address.
    public enum Source: String, Sendable, Codable {
        case own
        case whitelabel
    }

    public struct ModelEntry: Sendable, Equatable {
        public let source: Source
        public let id: Int
        public let name: String
        /// Icon (own) or thumbnail (whitelabel): an https URL or a store key. Pictures of models are public.
        public let picture: String?
        public let postCount: Int
        public let isAdvertiser: Bool

        public init(source: Source, id: Int, name: String, picture: String?, postCount: Int, isAdvertiser: Bool) {
            self.source = source
            self.id = id
            self.name = name
            self.picture = picture
            self.postCount = postCount
            self.isAdvertiser = isAdvertiser
        }
    }

    public struct ModelPage: Sendable {
        public let entries: [ModelEntry]
        public let page: Int
        public let hasNextPage: Bool
    }

    public static let gridPageSize = 24
    /// Offset paging reads `page × size` rows per branch; deeper than this, search narrows better than paging.
    public static let maximumGridPage = 400

    /// One page of models, newest or with most posts first: both catalogues, or only the site's own.
    /// Each side is cut to the rows the page can need, in its own index order, before the two are merged.
    public static func models(
        order: GridOrder, page: Int, search: String? = nil, includeWhitelabel: Bool = true, on sql: any SQLDatabase,
        perPage: Int = gridPageSize
    ) async throws -> ModelPage {
        let page = min(max(1, page), maximumGridPage)
        let needed = page * perPage + 1
        let search = search?.trimmingCharacters(in: .whitespacesAndNewlines)
        let nameFilter: SQLQueryString =
            search.map { $0.isEmpty ? "" : "AND " + SearchName.condition(matching: $0) } ?? ""
        // Ids grow with every insert, so id order is creation order on each side; the merge compares created_at.
        let sideOrder: SQLQueryString = order == .newest ? "id DESC" : "post_count DESC, id DESC"
        let mergedOrder: SQLQueryString =
            order == .newest
            ? "created_at DESC, source ASC, id DESC" : "post_count DESC, created_at DESC, source ASC, id DESC"
        let own: SQLQueryString = """
            SELECT * FROM (SELECT 'own' AS source, id, name, icon_url AS picture, post_count, is_advertiser, created_at
              FROM models WHERE 1 = 1 \(nameFilter) ORDER BY \(sideOrder) LIMIT \(unsafeRaw: String(needed))) AS own_side
            """
        let whitelabel: SQLQueryString = """
            SELECT * FROM (SELECT 'whitelabel' AS source, id, folder_name AS name,
              COALESCE(thumbnail_url, icon_url) AS picture, post_count, (1 = 0) AS is_advertiser, created_at
              FROM whitelabel_models WHERE status = 'active' \(nameFilter)
              ORDER BY \(sideOrder) LIMIT \(unsafeRaw: String(needed))) AS whitelabel_side
            """
        let sides: SQLQueryString = includeWhitelabel ? own + " UNION ALL " + whitelabel : own
        let rows = try await sql.raw(
            """
            SELECT source, id, name, picture, post_count, is_advertiser FROM (\(sides)) AS entries
            ORDER BY \(mergedOrder) LIMIT \(unsafeRaw: String(perPage + 1)) OFFSET \(unsafeRaw: String((page - 1) * perPage))
            """
        ).all()
        let entries = try rows.map { row in
            ModelEntry(
                source: Source(rawValue: try row.decode(column: "source", as: String.self)) ?? .own,
                id: try row.decode(column: "id", as: Int.self),
                name: try row.decode(column: "name", as: String.self),
                picture: try row.decode(column: "picture", as: String?.self),
                postCount: try row.decode(column: "post_count", as: Int?.self) ?? 0,
                isAdvertiser: try row.decode(column: "is_advertiser", as: Bool?.self) ?? false)
        }
        return ModelPage(entries: Array(entries.prefix(perPage)), page: page, hasNextPage: entries.count > perPage)
    }

    public static let featuredLimit = 12

    /// The home page's featured strip: the site's own models an admin featured, newest first.
    public static func featured(on database: any Database, limit: Int = featuredLimit) async throws -> [CreatorModel] {
        try await CreatorModel.query(on: database).filter(\.$isFeatured == true).sort(\.$id, .descending).limit(limit)
            .all()
    }

    /// A post as lists show it. Read with SQL rather than as a Fluent model: decoding a Fluent model goes
    /// through reflection, which cost a model page more than its queries did (bench/catalog).
    public struct PostSummary: Sendable, Equatable {
        public let id: Int
        public let modelID: Int
        public let title: String?
        public let type: MediaType
        /// An https URL or a store key; shown only to viewers who may open it.
        public let contentURL: String
        public let createdAt: Date?

        public static let columns: SQLQueryString = "p.id, p.model_id, p.title, p.type, p.content_url, p.created_at"

        public init(_ post: CreatorPost) {
            id = post.id ?? 0
            modelID = post.$model.id ?? 0
            title = post.title
            type = post.type
            contentURL = post.contentURL
            createdAt = post.createdAt
        }

        public init(row: any SQLRow) throws {
            id = try row.decode(column: "id", as: Int.self)
            modelID = try row.decode(column: "model_id", as: Int?.self) ?? 0
            title = try row.decode(column: "title", as: String?.self)
            type = MediaType(rawValue: try row.decode(column: "type", as: String.self)) ?? .image
            contentURL = try row.decode(column: "content_url", as: String.self)
            createdAt = try row.decode(column: "created_at", as: Date?.self)
        }
    }

    public struct PostCard: Sendable {
        public let post: PostSummary
        public let modelName: String
        public let modelIcon: String?
    }

    public static let newestPostsLimit = 8

    /// The newest posts across the site's own models, with their model's name and icon, in one query. Newest by
    /// id, which grows with every insert and has the primary key's index; created_at has no index of its own.
    public static func newestPosts(on sql: any SQLDatabase, limit: Int = newestPostsLimit) async throws -> [PostCard] {
        try await sql.raw(
            """
            SELECT \(PostSummary.columns), m.name AS model_name, m.icon_url AS model_icon
            FROM posts p JOIN models m ON m.id = p.model_id ORDER BY p.id DESC LIMIT \(unsafeRaw: String(limit))
            """
        ).all().map { row in
            PostCard(
                post: try PostSummary(row: row), modelName: try row.decode(column: "model_name", as: String.self),
                modelIcon: try row.decode(column: "model_icon", as: String?.self))
        }
    }

    public struct Feed: Sendable {
        public let posts: [PostSummary]
        /// Pass as `before` for the next page; nil on the last.
        public let nextCursor: Int?

        /// From up to `perPage + 1` rows: the extra one only says that another page follows.
        public init(page rows: [PostSummary], perPage: Int) {
            posts = Array(rows.prefix(perPage))
            nextCursor = rows.count > perPage ? posts.last?.id : nil
        }
    }

    public static let feedPageSize = 12

    /// A model's posts, newest first, after the post `before` (the keyset cursor), on the (model_id, created_at,
    /// id) index: a deep page costs what the first does, which OFFSET could not promise. The order is by
    /// creation time, not by id alone: a plan ordered by id alone can walk the primary key backwards through
    /// every newer post of other models, which PostgreSQL chose for a creator whose posts are old.
    public static func feed(of modelID: Int, before: Int?, on sql: any SQLDatabase, perPage: Int = feedPageSize)
        async throws -> Feed
    {
        let posts = try await sql.raw(feedQuery(of: modelID, before: before, perPage: perPage)).all().map(
            PostSummary.init(row:))
        return Feed(page: posts, perPage: perPage)
    }

    private static func feedQuery(of modelID: Int, before: Int?, perPage: Int) -> SQLQueryString {
        // Row values compare (created_at, id) as one key, which both databases read off the index.
        let cursor: SQLQueryString =
            before.map {
                "AND (p.created_at, p.id) < (SELECT created_at, id FROM posts WHERE id = \(bind: $0))"
            } ?? ""
        return """
            SELECT \(PostSummary.columns) FROM posts p WHERE p.model_id = \(bind: modelID) \(cursor)
            ORDER BY p.created_at DESC, p.id DESC LIMIT \(unsafeRaw: String(perPage + 1))
            """
    }

    /// A model and a page of its feed in one query (the model's columns ride on each post row), or nil when there
    /// is no such model. The profile page's only read besides the site frame.
    public static func profile(
        of modelID: Int, before: Int?, on sql: any SQLDatabase, perPage: Int = feedPageSize
    ) async throws -> (model: CreatorModel, feed: Feed)? {
        let rows = try await sql.raw(
            """
            SELECT m.id AS m_id, m.name AS m_name, m.description AS m_description, m.icon_url AS m_icon_url,
              m.banner_url AS m_banner_url, m.is_featured AS m_is_featured, m.is_advertiser AS m_is_advertiser,
              m.post_count AS m_post_count, m.created_at AS m_created_at, feed.*
            FROM models m LEFT JOIN (\(feedQuery(of: modelID, before: before, perPage: perPage))) AS feed ON 1 = 1
            WHERE m.id = \(bind: modelID) ORDER BY feed.created_at DESC, feed.id DESC
            """
        ).all()
        guard let first = rows.first else { return nil }
        let model = CreatorModel(
            id: try first.decode(column: "m_id", as: Int.self),
            name: try first.decode(column: "m_name", as: String.self),
            bio: try first.decode(column: "m_description", as: String?.self),
            iconURL: try first.decode(column: "m_icon_url", as: String?.self),
            bannerURL: try first.decode(column: "m_banner_url", as: String?.self),
            isFeatured: try first.decode(column: "m_is_featured", as: Bool.self),
            isAdvertiser: try first.decode(column: "m_is_advertiser", as: Bool.self))
        model.postCount = try first.decode(column: "m_post_count", as: Int.self)
        model.createdAt = try first.decode(column: "m_created_at", as: Date?.self)
        // A model without posts comes back as one row whose post columns are null.
        let posts = try rows.filter { try $0.decode(column: "id", as: Int?.self) != nil }.map(PostSummary.init(row:))
        return (model, Feed(page: posts, perPage: perPage))
    }

    /// A post with its model, or nil when either is gone.
    public static func post(_ id: Int, on database: any Database) async throws -> (
        post: CreatorPost, model: CreatorModel
    )? {
        guard let post = try await CreatorPost.query(on: database).filter(\.$id == id).with(\.$model).first(),
            let model = post.model
        else { return nil }
        return (post, model)
    }
}
