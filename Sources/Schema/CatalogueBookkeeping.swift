import FluentKit
import SQLKit

/// Keeps the columns the public catalogue reads (step 0017) true on every write made through Fluent: the
/// folded search names, and a creator's post count after a post is created, moved or deleted. Raw SQL writers
/// (the whitelabel sync) keep them themselves.
public enum CatalogueBookkeeping {
    public static var middleware: [any AnyModelMiddleware] {
        [CreatorModelNames(), WhitelabelModelNames(), CreatorPostCounts()]
    }

    /// Recounts in the statement itself, so the count can't drift whatever ran before.
    public static func recountPosts(ofModel modelID: Int, on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw(
            """
            UPDATE models SET post_count = (SELECT count(*) FROM posts WHERE posts.model_id = models.id)
            WHERE id = \(bind: modelID)
            """
        ).run()
    }

    struct CreatorModelNames: AsyncModelMiddleware {
        func create(model: CreatorModel, on db: any Database, next: any AnyAsyncModelResponder) async throws {
            model.searchName = SearchName.folded(model.name)
            if model.$postCount.value == nil { model.postCount = 0 }
            try await next.create(model, on: db)
        }

        func update(model: CreatorModel, on db: any Database, next: any AnyAsyncModelResponder) async throws {
            model.searchName = SearchName.folded(model.name)
            try await next.update(model, on: db)
        }
    }

    struct WhitelabelModelNames: AsyncModelMiddleware {
        func create(model: WhitelabelModel, on db: any Database, next: any AnyAsyncModelResponder) async throws {
            model.searchName = SearchName.folded(model.folderName)
            try await next.create(model, on: db)
        }

        func update(model: WhitelabelModel, on db: any Database, next: any AnyAsyncModelResponder) async throws {
            model.searchName = SearchName.folded(model.folderName)
            try await next.update(model, on: db)
        }
    }

    struct CreatorPostCounts: AsyncModelMiddleware {
        func create(model: CreatorPost, on db: any Database, next: any AnyAsyncModelResponder) async throws {
            try await next.create(model, on: db)
            if let modelID = model.$model.id { try await recountPosts(ofModel: modelID, on: db) }
        }

        func update(model: CreatorPost, on db: any Database, next: any AnyAsyncModelResponder) async throws {
            // A post moved to another creator changes two counts.
            let before = try await CreatorPost.find(model.id, on: db)?.$model.id
            try await next.update(model, on: db)
            for modelID in Set([before ?? nil, model.$model.id].compactMap { $0 }) {
                try await recountPosts(ofModel: modelID, on: db)
            }
        }

        func delete(model: CreatorPost, force: Bool, on db: any Database, next: any AnyAsyncModelResponder) async throws
        {
            try await next.delete(model, force: force, on: db)
            if let modelID = model.$model.id { try await recountPosts(ofModel: modelID, on: db) }
        }
    }
}
