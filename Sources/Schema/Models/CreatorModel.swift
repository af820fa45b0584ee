import FluentKit
import Foundation

/// A creator of the site's own catalogue (`models`). The seed calls creators "models"; the Swift name adds
/// "Creator" so it can't be mistaken for Fluent's `Model`.
public final class CreatorModel: Model, @unchecked Sendable {
    public static let schema = "models"

    // managed fields
    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    // data fields
    @Field(key: "name") public var name: String
    /// The seed's `description`; Fluent's models already use `description` for debugging output.
    @OptionalField(key: "description") public var bio: String?
    @OptionalField(key: "icon_url") public var iconURL: String?
    @OptionalField(key: "banner_url") public var bannerURL: String?
    /// Shown in the home page's featured strip.
    @Field(key: "is_featured") public var isFeatured: Bool
    /// A partner creator, shown with a badge.
    @Field(key: "is_advertiser") public var isAdvertiser: Bool
    /// Ours (step 0017), kept by `CatalogueBookkeeping`: the number of the model's posts.
    @Field(key: "post_count") public var postCount: Int
    /// Ours (step 0017), kept by `CatalogueBookkeeping`: the name as search compares it.
    @Field(key: "search_name") public var searchName: String

    // relationships
    @Children(for: \.$model) public var posts: [CreatorPost]

    public init() {}

    public init(
        id: Int? = nil, name: String, bio: String? = nil, iconURL: String? = nil, bannerURL: String? = nil,
        isFeatured: Bool = false, isAdvertiser: Bool = false
    ) {
        self.id = id
        self.name = name
        self.bio = bio
        self.iconURL = iconURL
        self.bannerURL = bannerURL
        self.isFeatured = isFeatured
        self.isAdvertiser = isAdvertiser
        self.postCount = 0
        self.searchName = SearchName.folded(name)
    }
}
