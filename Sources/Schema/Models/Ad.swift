import FluentKit
import Foundation

/// An ad campaign in one placement (`ads`). `impressions` and `clicks` count its event rows.
public final class Ad: Model, @unchecked Sendable {
    public static let schema = "ads"

    // managed fields
    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    // data fields
    /// The operator's name for the campaign; visitors see `title`.
    @Field(key: "name") public var name: String
    @EnumeratedColumn(key: "type") public var type: AdType
    @EnumeratedColumn(key: "placement") public var placement: AdPlacement
    @EnumeratedColumn(key: "status") public var status: AdStatus
    @Field(key: "title") public var title: String
    @OptionalField(key: "subtitle") public var subtitle: String?
    @OptionalField(key: "cta_text") public var ctaText: String?
    @OptionalField(key: "image_url") public var imageURL: String?
    @Field(key: "link") public var link: String
    @OptionalField(key: "category") public var category: String?
    @Field(key: "impressions") public var impressions: Int
    @Field(key: "clicks") public var clicks: Int
    /// Higher is served first.
    @Field(key: "priority") public var priority: Int
    @OptionalField(key: "start_date") public var startDate: Date?
    @OptionalField(key: "end_date") public var endDate: Date?

    // relationships
    @Children(for: \.$ad) public var impressionEvents: [AdImpression]
    @Children(for: \.$ad) public var clickEvents: [AdClick]

    public init() {}

    public init(
        id: Int? = nil, name: String, type: AdType = .banner, placement: AdPlacement = .homeTop,
        status: AdStatus = .draft, title: String, subtitle: String? = nil, ctaText: String? = nil,
        imageURL: String? = nil, link: String, category: String? = nil, priority: Int = 0, startDate: Date? = nil,
        endDate: Date? = nil
    ) {
        self.id = id
        self.name = name
        self.type = type
        self.placement = placement
        self.status = status
        self.title = title
        self.subtitle = subtitle
        self.ctaText = ctaText
        self.imageURL = imageURL
        self.link = link
        self.category = category
        self.impressions = 0
        self.clicks = 0
        self.priority = priority
        self.startDate = startDate
        self.endDate = endDate
    }
}
