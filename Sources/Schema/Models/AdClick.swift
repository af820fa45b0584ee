import FluentKit
import Foundation

/// One click on an ad (`clicks`).
public final class AdClick: Model, @unchecked Sendable {
    public static let schema = "clicks"

    // managed fields
    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    // data fields
    @OptionalField(key: "placement") public var placement: String?
    @OptionalField(key: "user_agent") public var userAgent: String?
    @OptionalField(key: "ip") public var ip: String?

    // relationships
    @OptionalParent(key: "ad_id") public var ad: Ad?

    public init() {}

    public init(id: Int? = nil, adID: Int?, placement: String?, userAgent: String? = nil, ip: String? = nil) {
        self.id = id
        self.$ad.id = adID
        self.placement = placement
        self.userAgent = userAgent
        self.ip = ip
    }
}
