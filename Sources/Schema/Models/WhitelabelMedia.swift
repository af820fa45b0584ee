import FluentKit
import Foundation

/// One media object of the bucket, identified by its key (`whitelabel_media`).
public final class WhitelabelMedia: Model, @unchecked Sendable {
    public static let schema = "whitelabel_media"

    // managed fields
    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    // data fields
    @Field(key: "s3_key") public var s3Key: String
    @OptionalField(key: "url") public var url: String?
    @OptionalEnumeratedColumn(key: "type") public var type: MediaType?

    // relationships
    @OptionalParent(key: "whitelabel_post_id") public var post: WhitelabelPost?

    public init() {}

    public init(id: Int? = nil, postID: Int?, s3Key: String, url: String? = nil, type: MediaType?) {
        self.id = id
        self.$post.id = postID
        self.s3Key = s3Key
        self.url = url
        self.type = type
    }
}
