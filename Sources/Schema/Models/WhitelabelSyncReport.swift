import FluentKit
import Foundation

/// One run of the whitelabel sync: its live progress, then its outcome (`whitelabel_sync_reports`, our step 0015).
public final class WhitelabelSyncReport: Model, @unchecked Sendable {
    public static let schema = "whitelabel_sync_reports"

    /// Skipped keys of one reason: how many, and the first few as examples.
    public struct SkippedKeys: Codable, Sendable, Equatable {
        public var count: Int
        public var examples: [String]

        public init(count: Int = 0, examples: [String] = []) {
            self.count = count
            self.examples = examples
        }
    }

    // managed fields
    @ID(custom: "id", generatedBy: .database) public var id: Int?

    // data fields
    @Enum(key: "status") public var status: WhitelabelSyncStatus
    @Field(key: "dry_run") public var isDryRun: Bool
    @Field(key: "prune") public var prunes: Bool
    @Field(key: "started_at") public var startedAt: Date
    @OptionalField(key: "finished_at") public var finishedAt: Date?
    @Field(key: "objects_seen") public var objectsSeen: Int
    @Field(key: "models_added") public var modelsAdded: Int
    @Field(key: "models_updated") public var modelsUpdated: Int
    @Field(key: "posts_added") public var postsAdded: Int
    @Field(key: "media_added") public var mediaAdded: Int
    @Field(key: "media_updated") public var mediaUpdated: Int
    @Field(key: "models_pruned") public var modelsPruned: Int
    @Field(key: "posts_pruned") public var postsPruned: Int
    @Field(key: "media_pruned") public var mediaPruned: Int
    @Field(key: "keys_skipped") public var keysSkipped: Int
    /// Reason → count and examples.
    @OptionalField(key: "skipped") public var skipped: JSONColumn<[String: SkippedKeys]>?
    @OptionalField(key: "error") public var error: String?

    public init() {}

    public init(isDryRun: Bool, prunes: Bool, startedAt: Date) {
        self.status = .running
        self.isDryRun = isDryRun
        self.prunes = prunes
        self.startedAt = startedAt
        self.objectsSeen = 0
        self.modelsAdded = 0
        self.modelsUpdated = 0
        self.postsAdded = 0
        self.mediaAdded = 0
        self.mediaUpdated = 0
        self.modelsPruned = 0
        self.postsPruned = 0
        self.mediaPruned = 0
        self.keysSkipped = 0
    }
}
