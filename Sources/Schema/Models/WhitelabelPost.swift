import FluentKit
import Foundation

/// One post folder inside a whitelabel creator's folder (`whitelabel_posts`).
public final class WhitelabelPost: Model, @unchecked Sendable {
    public static let schema = "whitelabel_posts"

    // managed fields
    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    // data fields
    @Field(key: "folder_name") public var folderName: String
    @OptionalField(key: "title") public var title: String?
    /// The post's media URLs, recomputed by the sync with SQL aggregation.
    @OptionalField(key: "media_cdns") public var mediaCDNs: JSONColumn<[String]>?

    // relationships
    @OptionalParent(key: "whitelabel_model_id") public var model: WhitelabelModel?
    @Children(for: \.$post) public var media: [WhitelabelMedia]

    public init() {}

    public init(id: Int? = nil, modelID: Int?, folderName: String, title: String? = nil, mediaCDNs: [String]? = nil) {
        self.id = id
        self.$model.id = modelID
        self.folderName = folderName
        self.title = title
        self.mediaCDNs = mediaCDNs.map(JSONColumn.init)
    }
}
