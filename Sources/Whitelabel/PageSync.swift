import FluentKit
import Foundation
import ObjectStorage
import SQLKit
import Schema

/// Reads what the database has for one page, works out the difference, and (unless dry) writes it.
struct PageSync: Sendable {
    let run: SyncRun
    let sql: any SQLDatabase
    let write: Bool
    let now: Date
    var dryRunMemory: DryRunMemory? = nil

    var options: WhitelabelSync.Options { run.options }

    struct ModelRow: Sendable {
        let id: Int
        let folderName: String
        var pictures: [BucketLayout.ModelPicture: String?]
    }

    func apply(
        media: [SyncRun.MediaObject], pictures: [(model: String, picture: BucketLayout.ModelPicture, key: String)],
        pruneRange: KeyRange?
    ) async throws -> PageOutcome {
        var outcome = PageOutcome()
        var touchedPosts = Set<Int>()
        var touchedModels = Set<Int>()

        let folders = Array(Set(media.map(\.model) + pictures.map(\.model)))
        let (models, newFolders) = try await syncModels(folders, outcome: &outcome)
        outcome.modelsUpdated = try await syncPictures(pictures, of: models, addedFolders: newFolders)
        let posts = try await syncPosts(of: media, models: models, outcome: &outcome, touchedModels: &touchedModels)
        try await syncMedia(media, models: models, posts: posts, outcome: &outcome, touchedPosts: &touchedPosts)

        // Media that vanished from this page's stretch of keys.
        if let pruneRange, let through = pruneRange.through {
            let pruned = try await pruneMedia(after: pruneRange.after, through: through, keeping: media.map(\.key))
            outcome.mediaPruned = pruned.count
            touchedPosts.formUnion(pruned)
        }

        if write {
            try await recount(
                posts: touchedPosts, models: touchedModels, synced: Array(models.values), outcome: &outcome)
        }
        return outcome
    }

    // MARK: Sections of a page

    /// The page's models by folder, with the folders that are new; new ones are added (a dry run numbers them below
    /// zero, so their posts count as new too).
    func syncModels(
        _ folders: [String], outcome: inout PageOutcome
    ) async throws -> (models: [String: ModelRow], newFolders: [String]) {
        var models = try await modelRows(folders)
        let newFolders = folders.filter { models[$0] == nil }
        outcome.modelsAdded = dryRunMemory?.firstSight(models: newFolders).count ?? newFolders.count
        if write, !newFolders.isEmpty {
            let insert = sql.insert(into: "whitelabel_models").columns("folder_name", "search_name", "last_synced_at")
            for folder in newFolders {
                _ = insert.values(SQLBind(folder), SQLBind(SearchName.folded(folder)), SQLBind(now))
            }
            try await insert.ignoringConflicts(with: "folder_name").run()
            models.merge(try await modelRows(newFolders)) { old, _ in old }
        } else if !write {
            for (offset, folder) in newFolders.enumerated() {
                models[folder] = ModelRow(id: -1 - offset, folderName: folder, pictures: [:])
            }
        }
        return (models, newFolders)
    }

    /// The models' pictures, set from the bucket unless an admin put a URL of their own there. Returns how many
    /// models changed, not counting those added on this page: they get their pictures as part of being added, in a
    /// real run and a dry run alike.
    func syncPictures(
        _ pictures: [(model: String, picture: BucketLayout.ModelPicture, key: String)], of models: [String: ModelRow],
        addedFolders: [String]
    ) async throws -> Int {
        var firstPicture: [String: String] = [:]
        for picture in pictures where firstPicture["\(picture.model)\u{0}\(picture.picture.rawValue)"] == nil {
            firstPicture["\(picture.model)\u{0}\(picture.picture.rawValue)"] = picture.key
        }
        var updatedModels = Set<Int>()
        for picture in BucketLayout.ModelPicture.allCases {
            for (model, row) in models {
                guard let key = firstPicture["\(model)\u{0}\(picture.rawValue)"] else { continue }
                let current = row.pictures[picture] ?? nil
                let isAdminURL = current.map(MediaAddress.isURL) ?? false
                guard current != key, !isAdminURL else { continue }
                updatedModels.insert(row.id)
                if write, row.id > 0 {
                    try await sql.raw(
                        "UPDATE whitelabel_models SET \(ident: picture.rawValue + "_url") = \(bind: key) WHERE id = \(bind: row.id)"
                    ).run()
                }
            }
        }
        let addedIDs = Set(addedFolders.compactMap { models[$0]?.id })
        return updatedModels.subtracting(addedIDs).filter { $0 > 0 }.count
    }

    /// The page's posts by "modelID\0folder", the new ones added.
    func syncPosts(
        of media: [SyncRun.MediaObject], models: [String: ModelRow], outcome: inout PageOutcome,
        touchedModels: inout Set<Int>
    ) async throws -> [String: Int] {
        let pageModels = media.compactMap { models[$0.model].map { ($0.id, $0.folderName) } }
        var posts = try await postRows(pageModels, folders: Set(media.map(\.post)))
        var newPosts: [(modelID: Int, folder: String)] = []
        var seenPairs = Set<String>()
        for object in media {
            guard let model = models[object.model] else { continue }
            let pair = "\(model.id)\u{0}\(object.post)"
            if posts[pair] == nil, seenPairs.insert(pair).inserted { newPosts.append((model.id, object.post)) }
        }
        outcome.postsAdded =
            dryRunMemory.map { memory in
                newPosts.filter { post in
                    let model = models.values.first { $0.id == post.modelID }?.folderName ?? ""
                    return memory.firstSight(post: "\(model)\u{0}\(post.folder)")
                }.count
            } ?? newPosts.count
        if write, !newPosts.isEmpty {
            let insert = sql.insert(into: "whitelabel_posts").columns("whitelabel_model_id", "folder_name", "title")
            for post in newPosts {
                _ = insert.values(SQLBind(post.modelID), SQLBind(post.folder), SQLBind(post.folder))
            }
            try await insert.ignoringConflicts(with: ["whitelabel_model_id", "folder_name"]).run()
            posts = try await postRows(pageModels, folders: Set(media.map(\.post)))
            touchedModels.formUnion(newPosts.map(\.modelID))
        }
        return posts
    }

    /// The page's media, added or moved to its post, URL or type.
    func syncMedia(
        _ media: [SyncRun.MediaObject], models: [String: ModelRow], posts: [String: Int], outcome: inout PageOutcome,
        touchedPosts: inout Set<Int>
    ) async throws {
        let existing = try await mediaRows(media.map(\.key))
        var changes: [(key: String, postID: Int, url: String?, type: MediaType)] = []
        for object in media {
            guard let model = models[object.model] else { continue }
            let postID = posts["\(model.id)\u{0}\(object.post)"] ?? -1
            let url = options.cdnBaseURL.map { CDNURL.for(key: object.key, base: $0) }
            if let current = existing[object.key] {
                guard current.postID != postID || current.url != url || current.type != object.type else { continue }
                outcome.mediaUpdated += 1
                touchedPosts.insert(current.postID)
            } else {
                outcome.mediaAdded += 1
            }
            touchedPosts.insert(postID)
            changes.append((object.key, postID, url, object.type))
        }
        guard write, !changes.isEmpty else { return }
        let insert = sql.insert(into: "whitelabel_media").columns("whitelabel_post_id", "s3_key", "url", "type")
        for change in changes {
            _ = insert.values(
                SQLBind(change.postID), SQLBind(change.key), SQLBind(change.url), SQLBind(change.type.rawValue))
        }
        try await insert.onConflict(with: "s3_key") { conflict in
            conflict.set(excludedValueOf: "whitelabel_post_id").set(excludedValueOf: "url").set(excludedValueOf: "type")
        }.run()
    }

    /// The touched posts' and models' derived columns again, the posts left without media gone, and every model of
    /// the page stamped as synced now.
    func recount(
        posts touchedPosts: Set<Int>, models touchedModels: Set<Int>, synced: [ModelRow], outcome: inout PageOutcome
    ) async throws {
        var touchedPosts = touchedPosts, touchedModels = touchedModels
        touchedPosts.remove(-1)
        let emptied = try await recomputePosts(Array(touchedPosts))
        outcome.postsPruned += emptied.postsDeleted
        touchedModels.formUnion(emptied.modelIDs)
        try await recomputeModels(Array(touchedModels))
        for chunk in Self.chunks(synced.map(\.id).filter { $0 > 0 }) {
            try await sql.raw(
                "UPDATE whitelabel_models SET last_synced_at = \(bind: now) WHERE id IN (\(binds: chunk))"
            ).run()
        }
    }

    /// After the last page: media beyond the last key, posts left without media, models not in the bucket.
    func pruneTail(after lastKey: String?, seenModels: Set<String>) async throws -> PageOutcome {
        var outcome = PageOutcome()
        let pruned = try await pruneMedia(after: lastKey, through: nil, keeping: [])
        outcome.mediaPruned = pruned.count
        var emptiedModels = Set<Int>()
        if write {
            let emptied = try await recomputePosts(Array(Set(pruned)))
            outcome.postsPruned = emptied.postsDeleted
            emptiedModels = emptied.modelIDs
        }
        // Models whose folder the listing no longer has. Few enough to read whole; deleted in chunks of ids.
        var gone: [Int] = []
        for row in try await sql.raw("SELECT id, folder_name FROM whitelabel_models").all()
        where !seenModels.contains(try row.decode(column: "folder_name", as: String.self)) {
            gone.append(try row.decode(column: "id", as: Int.self))
        }
        outcome.modelsPruned = gone.count
        if write {
            for chunk in Self.chunks(gone) {
                try await sql.raw("DELETE FROM whitelabel_models WHERE id IN (\(binds: chunk))").run()
            }
            try await recomputeModels(Array(emptiedModels.subtracting(gone)))
        }
        return outcome
    }

    // MARK: Reads

    func modelRows(_ folders: [String]) async throws -> [String: ModelRow] {
        guard !folders.isEmpty else { return [:] }
        var rows: [String: ModelRow] = [:]
        for row in try await sql.raw(
            """
            SELECT id, folder_name, icon_url, banner_url, thumbnail_url FROM whitelabel_models
            WHERE folder_name IN (\(binds: folders))
            """
        ).all() {
            let folder = try row.decode(column: "folder_name", as: String.self)
            rows[folder] = ModelRow(
                id: try row.decode(column: "id", as: Int.self), folderName: folder,
                pictures: [
                    .icon: try row.decode(column: "icon_url", as: String?.self),
                    .banner: try row.decode(column: "banner_url", as: String?.self),
                    .thumbnail: try row.decode(column: "thumbnail_url", as: String?.self),
                ])
        }
        return rows
    }

    /// Posts by "modelID\0folder".
    func postRows(_ models: [(Int, String)], folders: Set<String>) async throws -> [String: Int] {
        let modelIDs = Array(Set(models.map(\.0).filter { $0 > 0 }))
        guard !modelIDs.isEmpty, !folders.isEmpty else { return [:] }
        var rows: [String: Int] = [:]
        for row in try await sql.raw(
            """
            SELECT id, whitelabel_model_id, folder_name FROM whitelabel_posts
            WHERE whitelabel_model_id IN (\(binds: modelIDs)) AND folder_name IN (\(binds: Array(folders)))
            """
        ).all() {
            let key =
                "\(try row.decode(column: "whitelabel_model_id", as: Int.self))\u{0}\(try row.decode(column: "folder_name", as: String.self))"
            rows[key] = try row.decode(column: "id", as: Int.self)
        }
        return rows
    }

    func mediaRows(_ keys: [String]) async throws -> [String: (postID: Int, url: String?, type: MediaType?)] {
        guard !keys.isEmpty else { return [:] }
        var rows: [String: (postID: Int, url: String?, type: MediaType?)] = [:]
        for row in try await sql.raw(
            """
            SELECT s3_key, whitelabel_post_id, url, type FROM whitelabel_media WHERE s3_key IN (\(binds: keys))
            """
        ).all() {
            rows[try row.decode(column: "s3_key", as: String.self)] = (
                try row.decode(column: "whitelabel_post_id", as: Int?.self) ?? -1,
                try row.decode(column: "url", as: String?.self),
                try row.decode(column: "type", as: String?.self).flatMap(MediaType.init(rawValue:))
            )
        }
        return rows
    }

    // MARK: Writes

    /// Deletes (or, dry, counts) media under the prefix in (after, through] that the page did not list.
    /// Returns the posts they belonged to.
    func pruneMedia(after: String?, through: String?, keeping kept: [String]) async throws -> [Int] {
        var conditions: [SQLQueryString] = []
        if !options.prefix.isEmpty {
            // SQL counts code points, as unicodeScalars does (Swift's count would count grapheme clusters).
            conditions.append(
                "substr(s3_key, 1, \(unsafeRaw: String(options.prefix.unicodeScalars.count))) = \(bind: options.prefix)"
            )
        }
        if let after { conditions.append("\(unsafeRaw: run.keyColumn) > \(bind: after)") }
        if let through { conditions.append("\(unsafeRaw: run.keyColumn) <= \(bind: through)") }
        if !kept.isEmpty { conditions.append("s3_key NOT IN (\(binds: kept))") }
        let whereClause =
            conditions.isEmpty
            ? SQLQueryString("1 = 1") : conditions.dropFirst().reduce(conditions[0]) { "\($0) AND \($1)" }
        let rows =
            write
            ? try await sql.raw("DELETE FROM whitelabel_media WHERE \(whereClause) RETURNING whitelabel_post_id").all()
            : try await sql.raw("SELECT whitelabel_post_id FROM whitelabel_media WHERE \(whereClause)").all()
        return try rows.map { try $0.decode(column: "whitelabel_post_id", as: Int?.self) ?? -1 }
    }

    /// Recomputes `media_cdns` of these posts, deletes the ones left without media, and returns how many went and
    /// which models they belonged to.
    /// Id lists for `IN (…)`, 1,000 at a time: a big prune can touch more rows than SQLite binds in one statement.
    static func chunks(_ ids: [Int]) -> [[Int]] {
        stride(from: 0, to: ids.count, by: 1000).map { Array(ids[$0..<min($0 + 1000, ids.count)]) }
    }

    func recomputePosts(_ postIDs: [Int]) async throws -> (postsDeleted: Int, modelIDs: Set<Int>) {
        var deletedCount = 0
        var models = Set<Int>()
        for chunk in Self.chunks(Array(Set(postIDs.filter { $0 > 0 }))) {
            let result = try await recomputePostChunk(chunk)
            deletedCount += result.postsDeleted
            models.formUnion(result.modelIDs)
        }
        return (deletedCount, models)
    }

    private func recomputePostChunk(_ ids: [Int]) async throws -> (postsDeleted: Int, modelIDs: Set<Int>) {
        guard !ids.isEmpty else { return (0, []) }
        let aggregate =
            run.isPostgres
            ? "(SELECT coalesce(jsonb_agg(m.s3_key ORDER BY m.s3_key COLLATE \"C\"), '[]'::jsonb) FROM whitelabel_media m WHERE m.whitelabel_post_id = whitelabel_posts.id)"
            : "(SELECT coalesce(json_group_array(s3_key), '[]') FROM (SELECT m.s3_key FROM whitelabel_media m WHERE m.whitelabel_post_id = whitelabel_posts.id ORDER BY m.s3_key))"
        try await sql.raw(
            "UPDATE whitelabel_posts SET media_cdns = \(unsafeRaw: aggregate) WHERE id IN (\(binds: ids))"
        ).run()
        let deleted = try await sql.raw(
            """
            DELETE FROM whitelabel_posts WHERE id IN (\(binds: ids))
            AND NOT EXISTS (SELECT 1 FROM whitelabel_media m WHERE m.whitelabel_post_id = whitelabel_posts.id)
            RETURNING whitelabel_model_id
            """
        ).all()
        var models = Set<Int>()
        for row in try await sql.raw(
            "SELECT DISTINCT whitelabel_model_id FROM whitelabel_posts WHERE id IN (\(binds: ids))"
        ).all() {
            if let id = try row.decode(column: "whitelabel_model_id", as: Int?.self) { models.insert(id) }
        }
        for row in deleted {
            if let id = try row.decode(column: "whitelabel_model_id", as: Int?.self) { models.insert(id) }
        }
        return (deleted.count, models)
    }

    func recomputeModels(_ modelIDs: [Int]) async throws {
        for chunk in Self.chunks(Array(Set(modelIDs.filter { $0 > 0 }))) { try await recomputeModelChunk(chunk) }
    }

    private func recomputeModelChunk(_ ids: [Int]) async throws {
        guard !ids.isEmpty else { return }
        try await sql.raw(
            """
            UPDATE whitelabel_models SET post_count =
              (SELECT count(*) FROM whitelabel_posts p WHERE p.whitelabel_model_id = whitelabel_models.id)
            WHERE id IN (\(binds: ids))
            """
        ).run()
    }
}
