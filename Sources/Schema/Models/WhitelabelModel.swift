import FluentKit
import Foundation

/// A creator of the whitelabel catalogue, one top-level folder of the content provider's bucket
/// (`whitelabel_models`). The sync inserts new folders as `new`; operators choose which become `active`.
public final class WhitelabelModel: Model, @unchecked Sendable {
    public static let schema = "whitelabel_models"

    // managed fields
    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    // data fields
    @Field(key: "folder_name") public var folderName: String
    @OptionalField(key: "thumbnail_url") public var thumbnailURL: String?
    @OptionalField(key: "icon_url") public var iconURL: String?
    @OptionalField(key: "banner_url") public var bannerURL: String?
    /// Recomputed by the sync with SQL aggregation.
    @Field(key: "post_count") public var postCount: Int
    @EnumeratedColumn(key: "status") public var status: WhitelabelModelStatus
    @OptionalField(key: "last_synced_at") public var lastSyncedAt: Date?
    /// Ours (step 0017), kept by `CatalogueBookkeeping` and the sync: the name as search compares it.
    @Field(key: "search_name") public var searchName: String

    // relationships
    @Children(for: \.$model) public var posts: [WhitelabelPost]

    public init() {}

    public init(
        id: Int? = nil, folderName: String, thumbnailURL: String? = nil, iconURL: String? = nil,
        bannerURL: String? = nil, postCount: Int = 0, status: WhitelabelModelStatus = .new, lastSyncedAt: Date? = nil
    ) {
        self.id = id
        self.folderName = folderName
        self.thumbnailURL = thumbnailURL
        self.iconURL = iconURL
        self.bannerURL = bannerURL
        self.postCount = postCount
        self.status = status
        self.lastSyncedAt = lastSyncedAt
        self.searchName = SearchName.folded(folderName)
    }
}
