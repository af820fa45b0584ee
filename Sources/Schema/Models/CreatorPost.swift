import FluentKit
import Foundation

/// An image or video of a creator (`posts`).
public final class CreatorPost: Model, @unchecked Sendable {
    public static let schema = "posts"

    // managed fields
    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    // data fields
    @OptionalField(key: "title") public var title: String?
    @Field(key: "content_url") public var contentURL: String
    @EnumeratedColumn(key: "type") public var type: MediaType

    // relationships
    @OptionalParent(key: "model_id") public var model: CreatorModel?

    public init() {}

    public init(id: Int? = nil, modelID: Int?, title: String? = nil, contentURL: String, type: MediaType) {
        self.id = id
        self.$model.id = modelID
        self.title = title
        self.contentURL = contentURL
        self.type = type
    }
}
