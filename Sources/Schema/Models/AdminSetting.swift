import FluentKit

/// One key–value setting that operators change in the admin panel (`admin_settings`).
public final class AdminSetting: Model, @unchecked Sendable {
    public static let schema = "admin_settings"

    // managed fields
    /// The setting's key, such as `site_name`.
    @ID(custom: "key", generatedBy: .user) public var id: String?

    // data fields
    @Field(key: "value") public var value: String

    public init() {}

    public init(key: String, value: String) {
        self.id = key
        self.value = value
    }
}
