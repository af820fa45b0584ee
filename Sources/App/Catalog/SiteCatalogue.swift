import Fluent
import SQLKit
import Schema
import Vapor

/// The catalogue as visitors browse it: the site's own creators and the active whitelabel ones together, a
/// creator's feed and single posts. Every read is one query of fixed shape, whatever the page size, so a page's
/// query count doesn't grow with its content (`CataloguePageQueryCountTests`).
enum SiteCatalogue {
    /// The order of the models grid. The raw values are the `ordem` query values of the pages.
    enum GridOrder: String, Sendable, CaseIterable {
        case newest = "recentes"
        case mostPosts = "populares"

        /// The API's spelling, shared with the whitelabel API.
        var apiValue: String { self == .newest ? "newest" : "most_posts" }
        init?(apiValue: String) { self.init(rawValue: apiValue == "most_posts" ? "populares" : apiValue == "newest" ? "recentes" : "") }
    }

    /// Which catalogue a model comes from; its page lives at a different address.
    enum Source: String, Sendable, Codable {
        case own
        case whitelabel
    }

    struct ModelEntry: Sendable, Equatable {
        let source: Source
        let id: Int
        let name: String
        /// Icon (own) or thumbnail (whitelabel): an https URL or a store key. Pictures of models are public.
        let picture: String?
        let postCount: Int
        let isAdvertiser: Bool

        var path: String { source == .own ? SiteURL.creatorModel(id).path : SiteURL.catalogueModel(id).path }
    }

    struct ModelPage: Sendable {
        let entries: [ModelEntry]
        let page: Int
        let hasNextPage: Bool
    }

    static let gridPageSize = 24
    /// Offset paging reads `page × size` rows per branch; deeper than this, search narrows better than paging.
    static let maximumGridPage = 400

    /// One page of models, newest or with most posts first: both catalogues, or only the site's own.
    /// Each side is cut to the rows the page can need, in its own index order, before the two are merged.
    static func models(
        order: GridOrder, page: Int, search: String? = nil, includeWhitelabel: Bool = true, on sql: any SQLDatabase,
        perPage: Int = gridPageSize
    ) async throws -> ModelPage {
        let page = min(max(1, page), maximumGridPage)
        let needed = page * perPage + 1
        let search = search?.trimmingCharacters(in: .whitespacesAndNewlines)
        let nameFilter: SQLQueryString = search.map { $0.isEmpty ? "" : "AND search_name LIKE \(bind: SearchName.containsPattern($0)) ESCAPE '\\'" } ?? ""
        // Ids grow with every insert, so id order is creation order on each side; the merge compares created_at.
        let sideOrder: SQLQueryString = order == .newest ? "id DESC" : "post_count DESC, id DESC"
        let mergedOrder: SQLQueryString = order == .newest
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
        let rows = try await sql.raw("""
            SELECT source, id, name, picture, post_count, is_advertiser FROM (\(sides)) AS entries
            ORDER BY \(mergedOrder) LIMIT \(unsafeRaw: String(perPage + 1)) OFFSET \(unsafeRaw: String((page - 1) * perPage))
            """).all()
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

    static let featuredLimit = 12

    /// The home page's featured strip: the site's own models an admin featured, newest first.
    static func featured(on database: any Database, limit: Int = featuredLimit) async throws -> [CreatorModel] {
        try await CreatorModel.query(on: database).filter(\.$isFeatured == true).sort(\.$id, .descending).limit(limit).all()
    }

    struct PostCard: Sendable {
        let post: CreatorPost
        let model: CreatorModel
    }

    static let newestPostsLimit = 8

    /// The newest posts across the site's own models, with their model, in one query.
    static func newestPosts(on database: any Database, limit: Int = newestPostsLimit) async throws -> [PostCard] {
        let posts = try await CreatorPost.query(on: database).join(CreatorModel.self, on: \CreatorPost.$model.$id == \CreatorModel.$id)
            .sort(\.$id, .descending).limit(limit).all()
        return try posts.map { PostCard(post: $0, model: try $0.joined(CreatorModel.self)) }
    }

    struct Feed: Sendable {
        let posts: [CreatorPost]
        /// Pass as `before` for the next page; nil on the last.
        let nextCursor: Int?
    }

    static let feedPageSize = 12

    /// A model's posts, newest first, after the keyset cursor `before` (a post id), on the (model_id, id) index:
    /// a deep page costs what the first does, which OFFSET could not promise.
    static func feed(of modelID: Int, before: Int?, on database: any Database, perPage: Int = feedPageSize) async throws -> Feed {
        let query = CreatorPost.query(on: database).filter(\.$model.$id == modelID)
        if let before { query.filter(\.$id < before) }
        let posts = try await query.sort(\.$id, .descending).limit(perPage + 1).all()
        let page = Array(posts.prefix(perPage))
        return Feed(posts: page, nextCursor: posts.count > perPage ? page.last?.id : nil)
    }

    /// A post with its model, or nil when either is gone.
    static func post(_ id: Int, on database: any Database) async throws -> (post: CreatorPost, model: CreatorModel)? {
        guard let post = try await CreatorPost.query(on: database).filter(\.$id == id).with(\.$model).first(),
            let model = post.model
        else { return nil }
        return (post, model)
    }
}

extension Request {
    /// The SQL view of the request's database; both supported databases are SQL databases.
    var sql: any SQLDatabase {
        get throws {
            guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError, reason: "The database does not speak SQL.") }
            return sql
        }
    }
}
