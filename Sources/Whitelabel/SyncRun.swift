import FluentKit
import Foundation
import ObjectStorage
import SQLKit
import Schema

/// One sync's work, page by page. See `WhitelabelSync` for the rules.
struct SyncRun: Sendable {
    let sql: any SQLDatabase
    let database: any Database
    let store: any ObjectStore
    let options: WhitelabelSync.Options
    let lock: SyncLock

    var isPostgres: Bool { sql.flavor == .postgres }

    /// `s3_key` compared byte by byte, as S3 orders keys (PostgreSQL's default collation would not).
    var keyColumn: String { isPostgres ? "s3_key COLLATE \"C\"" : "s3_key" }

    /// A page's media, as the bucket has them.
    struct MediaObject: Sendable {
        let key: String
        let model: String
        let post: String
        let type: MediaType
    }

    func perform(into report: inout SyncReport, afterPage: (SyncReport) async throws -> Void) async throws {
        let runStarted = Date()
        let dryRunMemory = DryRunMemory()
        var previousLastKey: String?
        var seenModels = Set<String>()
        for try await page in store.pages(prefix: options.prefix, pageSize: options.pageSize) {
            // A program shutting down stops the sync between pages; the next one takes up where it left off.
            try Task.checkCancellation()
            report.objectsSeen += page.objects.count
            var media: [MediaObject] = []
            var pictures: [(model: String, picture: BucketLayout.ModelPicture, key: String)] = []
            for object in page.objects {
                switch BucketLayout.classify(object.key, prefix: options.prefix) {
                case .media(let model, let post, let type):
                    media.append(.init(key: object.key, model: model, post: post, type: type))
                case .modelPicture(let model, let picture): pictures.append((model, picture, object.key))
                case .skipped(let reason): report.skip(object.key, because: reason)
                }
            }
            seenModels.formUnion(media.map(\.model))
            seenModels.formUnion(pictures.map(\.model))
            let range = KeyRange(after: previousLastKey, through: page.objects.last?.key)
            let (pageMedia, pagePictures) = (media, pictures)
            let outcome: PageOutcome
            if options.dryRun {
                outcome = try await PageSync(
                    run: self, sql: sql, write: false, now: runStarted, dryRunMemory: dryRunMemory
                )
                .apply(media: media, pictures: pictures, pruneRange: options.prune ? range : nil)
            } else {
                outcome = try await database.transaction { transaction in
                    guard let sql = transaction as? any SQLDatabase else { throw SyncStoreError.notSQL }
                    return try await PageSync(run: self, sql: sql, write: true, now: runStarted)
                        .apply(media: pageMedia, pictures: pagePictures, pruneRange: options.prune ? range : nil)
                }
            }
            outcome.add(to: &report)
            previousLastKey = page.objects.last?.key ?? previousLastKey
            try await lock.refresh()
            try await afterPage(report)
        }
        if options.prune {
            let (lastKey, models) = (previousLastKey, seenModels)
            let outcome: PageOutcome
            if options.dryRun {
                outcome = try await PageSync(run: self, sql: sql, write: false, now: runStarted)
                    .pruneTail(after: previousLastKey, seenModels: seenModels)
            } else {
                outcome = try await database.transaction { transaction in
                    guard let sql = transaction as? any SQLDatabase else { throw SyncStoreError.notSQL }
                    return try await PageSync(run: self, sql: sql, write: true, now: runStarted)
                        .pruneTail(after: lastKey, seenModels: models)
                }
            }
            outcome.add(to: &report)
        }
    }
}

/// What a dry run would have written on earlier pages, so a model or post that spans pages counts once.
final class DryRunMemory: @unchecked Sendable {
    private let lock = NSLock()
    private var models = Set<String>()
    private var posts = Set<String>()

    /// Those of `folders` not yet counted, which are now counted.
    func firstSight(models folders: [String]) -> [String] {
        lock.withLock { folders.filter { models.insert($0).inserted } }
    }

    func firstSight(post: String) -> Bool {
        lock.withLock { posts.insert(post).inserted }
    }
}

/// The keys one page covers: after the previous page's last key, up to and including this page's last.
struct KeyRange: Sendable {
    let after: String?
    let through: String?
}

/// What one page changed.
struct PageOutcome: Sendable {
    var modelsAdded = 0
    var modelsUpdated = 0
    var postsAdded = 0
    var mediaAdded = 0
    var mediaUpdated = 0
    var modelsPruned = 0
    var postsPruned = 0
    var mediaPruned = 0

    func add(to report: inout SyncReport) {
        report.modelsAdded += modelsAdded
        report.modelsUpdated += modelsUpdated
        report.postsAdded += postsAdded
        report.mediaAdded += mediaAdded
        report.mediaUpdated += mediaUpdated
        report.modelsPruned += modelsPruned
        report.postsPruned += postsPruned
        report.mediaPruned += mediaPruned
    }
}
