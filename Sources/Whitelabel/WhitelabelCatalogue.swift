import FluentKit
import Foundation
import SQLKit
import Schema

/// Reading the whitelabel catalogue: pages of models with their pictures, and a model's posts with their media.
/// Each page is a fixed, small number of queries, whatever its size.
public enum WhitelabelCatalogue {
    public enum ModelOrder: String, Sendable, CaseIterable {
        /// Newest first. Ids grow with every insert; created_at would tie, since one sync statement inserts many
        /// models with the same now().
        case newest
        case mostPosts = "most_posts"
    }

    public struct ModelCard: Sendable, Equatable {
        public let id: Int
        public let folderName: String
        public let status: WhitelabelModelStatus
        public let postCount: Int
        public let iconURL: String?
        public let bannerURL: String?
        /// The model's own thumbnail (a picture or an admin's URL), shown to everyone.
        public let thumbnailURL: String?
        /// The first image of the model's newest post: the fallback thumbnail, which is media and so for
        /// subscribers only.
        public let firstImageKey: String?

        public init(
            id: Int, folderName: String, status: WhitelabelModelStatus, postCount: Int, iconURL: String?,
            bannerURL: String?,
            thumbnailURL: String?, firstImageKey: String?
        ) {
            self.id = id
            self.folderName = folderName
            self.status = status
            self.postCount = postCount
            self.iconURL = iconURL
            self.bannerURL = bannerURL
            self.thumbnailURL = thumbnailURL
            self.firstImageKey = firstImageKey
        }
    }

    public struct ModelPage: Sendable {
        public let models: [ModelCard]
        public let page: Int
        public let hasNextPage: Bool
    }

    public static let modelsPerPage = 24

    /// One page of models of `status` (or all), in one query: the fallback thumbnail is a correlated subquery.
    public static func models(
        on sql: any SQLDatabase, status: WhitelabelModelStatus?, order: ModelOrder, page: Int,
        perPage: Int = modelsPerPage
    ) async throws -> ModelPage {
        let page = min(max(1, page), 100_000)
        let orderBy = order == .newest ? "m.id DESC" : "m.post_count DESC, m.id DESC"
        let filter: SQLQueryString = status.map { "WHERE m.status = \(bind: $0.rawValue)" } ?? ""
        let rows = try await sql.raw(
            """
            SELECT m.id, m.folder_name, m.status, m.post_count, m.icon_url, m.banner_url, m.thumbnail_url,
              (SELECT md.s3_key FROM whitelabel_posts p JOIN whitelabel_media md ON md.whitelabel_post_id = p.id
               WHERE p.whitelabel_model_id = m.id AND md.type = 'image'
               ORDER BY p.id DESC, md.id ASC LIMIT 1) AS first_image_key
            FROM whitelabel_models m \(filter)
            ORDER BY \(unsafeRaw: orderBy)
            LIMIT \(unsafeRaw: String(perPage + 1)) OFFSET \(unsafeRaw: String((page - 1) * perPage))
            """
        ).all()
        let cards = try rows.map { row in
            ModelCard(
                id: try row.decode(column: "id", as: Int.self),
                folderName: try row.decode(column: "folder_name", as: String.self),
                status: try row.decode(column: "status", as: String?.self).map {
                    WhitelabelModelStatus(rawValue: $0) ?? .readingOfAnUnknownValue
                } ?? .new,
                postCount: try row.decode(column: "post_count", as: Int?.self) ?? 0,
                iconURL: try row.decode(column: "icon_url", as: String?.self),
                bannerURL: try row.decode(column: "banner_url", as: String?.self),
                thumbnailURL: try row.decode(column: "thumbnail_url", as: String?.self),
                firstImageKey: try row.decode(column: "first_image_key", as: String?.self))
        }
        return ModelPage(models: Array(cards.prefix(perPage)), page: page, hasNextPage: cards.count > perPage)
    }

    public struct PostWithMedia: Sendable, Equatable {
        public struct Media: Sendable, Equatable {
            public let key: String
            public let url: String?
            public let type: MediaType
        }
        public let id: Int
        public let folderName: String
        public let title: String?
        public let media: [Media]
    }

    public struct PostPage: Sendable {
        public let posts: [PostWithMedia]
        /// Pass as `before` for the next page; nil on the last.
        public let nextCursor: Int?
    }

    public static let postsPerPage = 12

    /// A model's posts, newest first, after the keyset cursor `before` (a post id): two queries, posts then their
    /// media, never OFFSET. Ordered by (created_at, id), which step 0017's index serves: ordered by id alone,
    /// PostgreSQL may walk the primary key backwards through every newer post of other models.
    public static func posts(
        of modelID: Int, before: Int?, on sql: any SQLDatabase, perPage: Int = postsPerPage
    ) async throws -> PostPage {
        let cursor: SQLQueryString =
            before.map {
                "AND (created_at, id) < (SELECT created_at, id FROM whitelabel_posts WHERE id = \(bind: $0))"
            } ?? ""
        let postRows = try await sql.raw(
            """
            SELECT id, folder_name, title FROM whitelabel_posts
            WHERE whitelabel_model_id = \(bind: modelID) \(cursor)
            ORDER BY created_at DESC, id DESC LIMIT \(unsafeRaw: String(perPage + 1))
            """
        ).all()
        let posts = try postRows.prefix(perPage).map { row in
            (
                id: try row.decode(column: "id", as: Int.self),
                folder: try row.decode(column: "folder_name", as: String.self),
                title: try row.decode(column: "title", as: String?.self)
            )
        }
        var media: [Int: [PostWithMedia.Media]] = [:]
        if !posts.isEmpty {
            for row in try await sql.raw(
                """
                SELECT whitelabel_post_id, s3_key, url, type FROM whitelabel_media
                WHERE whitelabel_post_id IN (\(binds: posts.map(\.id))) ORDER BY id
                """
            ).all() {
                guard let type = MediaType(rawValue: try row.decode(column: "type", as: String?.self) ?? "") else {
                    continue
                }
                media[try row.decode(column: "whitelabel_post_id", as: Int.self), default: []].append(
                    .init(
                        key: try row.decode(column: "s3_key", as: String.self),
                        url: try row.decode(column: "url", as: String?.self), type: type))
            }
        }
        return PostPage(
            posts: posts.map {
                PostWithMedia(id: $0.id, folderName: $0.folder, title: $0.title, media: media[$0.id] ?? [])
            },
            nextCursor: postRows.count > perPage ? posts.last?.id : nil)
    }
}
