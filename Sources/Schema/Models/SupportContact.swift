import FluentKit
import Foundation

/// A support channel listed in the site's footer (`support_contacts`).
public final class SupportContact: Model, @unchecked Sendable {
    public static let schema = "support_contacts"

    // managed fields
    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    // data fields
    /// The channel's name as shown, such as "WhatsApp".
    @Field(key: "platform") public var platform: String
    @Field(key: "url") public var url: String
    @Field(key: "is_active") public var isActive: Bool

    public init() {}

    public init(id: Int? = nil, platform: String, url: String, isActive: Bool = true) {
        self.id = id
        self.platform = platform
        self.url = url
        self.isActive = isActive
    }
}
