/// The seed's schema (`shared/seed/000_…txt`, "Core Components"), written out by hand from the seed's text so
/// the migrations are checked against it, not against themselves.
enum SeedSchema {
    enum ColumnType: String, Sendable {
        case serial, text, integer, boolean, timestamp, json
    }

    enum Default: Equatable, Sendable, CustomStringConvertible {
        case now
        case boolean(Bool)
        case integer(Int)
        case text(String)

        var description: String {
            switch self {
            case .now: "now()"
            case .boolean(let value): "\(value)"
            case .integer(let value): "\(value)"
            case .text(let value): "'\(value)'"
            }
        }
    }

    struct Column: Equatable, Sendable, CustomStringConvertible {
        let type: ColumnType
        let isNullable: Bool
        let defaultValue: Default?

        var description: String {
            "\(type.rawValue)\(isNullable ? "" : " not null")\(defaultValue.map { " default \($0)" } ?? "")"
        }
    }

    struct ForeignKey: Hashable, Sendable {
        let table: String
        let column: String
        let referencedTable: String
        let cascades: Bool
    }

    static func serial() -> Column { .init(type: .serial, isNullable: false, defaultValue: nil) }
    static func text(notNull: Bool = false, default value: String? = nil) -> Column {
        .init(type: .text, isNullable: !notNull, defaultValue: value.map { .text($0) })
    }
    static func integer(notNull: Bool = false, default value: Int? = nil) -> Column {
        .init(type: .integer, isNullable: !notNull, defaultValue: value.map { .integer($0) })
    }
    static func boolean(default value: Bool) -> Column {
        .init(type: .boolean, isNullable: true, defaultValue: .boolean(value))
    }
    static func timestamp(defaultNow: Bool = false) -> Column {
        .init(type: .timestamp, isNullable: true, defaultValue: defaultNow ? .now : nil)
    }
    static func json() -> Column { .init(type: .json, isNullable: true, defaultValue: nil) }

    static let tables: [String: [String: Column]] = [
        "users": [
            "id": serial(), "name": text(), "email": text(notNull: true), "password": text(notNull: true),
            "role": text(default: "user"), "subscription_status": integer(default: 0),
            "created_at": timestamp(defaultNow: true),
        ],
        "plans": [
            "id": serial(), "name": text(notNull: true), "price": integer(notNull: true),
            "duration": integer(notNull: true), "benefits": json(), "cta_text": text(), "checkout_url": text(),
            "accepts_pix": boolean(default: true), "accepts_card": boolean(default: true),
        ],
        "payment_gateways": [
            "id": serial(), "name": text(notNull: true), "public_key": text(), "secret_key": text(),
            "postback_url": text(), "is_active": boolean(default: false),
        ],
        "subscriptions": [
            "id": serial(), "user_id": integer(), "plan_id": integer(), "external_id": text(),
            "start_date": timestamp(), "end_date": timestamp(), "status": text(default: "pending"),
            "created_at": timestamp(defaultNow: true),
        ],
        "models": [
            "id": serial(), "name": text(notNull: true), "description": text(), "icon_url": text(),
            "banner_url": text(), "is_featured": boolean(default: false), "is_advertiser": boolean(default: false),
            "created_at": timestamp(defaultNow: true),
        ],
        "posts": [
            "id": serial(), "model_id": integer(), "title": text(), "content_url": text(notNull: true),
            "type": text(notNull: true), "created_at": timestamp(defaultNow: true),
        ],
        "admin_settings": [
            "key": .init(type: .text, isNullable: false, defaultValue: nil), "value": text(notNull: true),
        ],
        "whitelabel_models": [
            "id": serial(), "folder_name": text(notNull: true), "thumbnail_url": text(), "icon_url": text(),
            "banner_url": text(), "post_count": integer(default: 0), "status": text(default: "new"),
            "last_synced_at": timestamp(defaultNow: true), "created_at": timestamp(defaultNow: true),
        ],
        "whitelabel_posts": [
            "id": serial(), "whitelabel_model_id": integer(), "folder_name": text(notNull: true), "title": text(),
            "media_cdns": json(), "created_at": timestamp(defaultNow: true),
        ],
        "whitelabel_media": [
            "id": serial(), "whitelabel_post_id": integer(), "s3_key": text(notNull: true), "url": text(),
            "type": text(), "created_at": timestamp(defaultNow: true),
        ],
        "support_contacts": [
            "id": serial(), "platform": text(notNull: true), "url": text(notNull: true),
            "is_active": boolean(default: true), "updated_at": timestamp(defaultNow: true),
        ],
        "checkouts": [
            "id": serial(), "user_id": integer(), "plan_id": integer(), "external_id": text(),
            "status": text(default: "pending"), "payment_method": text(), "order_bump": boolean(default: false),
            "order_bump_ids": json(), "total_amount": integer(notNull: true), "customer_name": text(),
            "customer_email": text(), "customer_document": text(), "customer_phone": text(),
            "created_at": timestamp(defaultNow: true), "updated_at": timestamp(defaultNow: true),
        ],
        "ads": [
            "id": serial(), "name": text(notNull: true), "type": text(default: "banner"),
            "placement": text(default: "home_top"), "status": text(default: "draft"), "title": text(notNull: true),
            "subtitle": text(), "cta_text": text(), "image_url": text(), "link": text(notNull: true),
            "category": text(), "impressions": integer(default: 0), "clicks": integer(default: 0),
            "priority": integer(default: 0), "start_date": timestamp(), "end_date": timestamp(),
            "created_at": timestamp(defaultNow: true), "updated_at": timestamp(defaultNow: true),
        ],
        "impressions": [
            "id": serial(), "ad_id": integer(), "placement": text(), "user_agent": text(), "ip": text(),
            "created_at": timestamp(defaultNow: true),
        ],
        "clicks": [
            "id": serial(), "ad_id": integer(), "placement": text(), "user_agent": text(), "ip": text(),
            "created_at": timestamp(defaultNow: true),
        ],
        "order_bumps": [
            "id": serial(), "name": text(notNull: true), "description": text(), "price": integer(notNull: true),
            "is_active": boolean(default: true), "image_url": text(), "display_order": integer(default: 0),
            "created_at": timestamp(defaultNow: true),
        ],
    ]

    static let uniqueColumnSets: Set<[String]> = [
        ["users", "email"],
        ["payment_gateways", "name"],
        ["whitelabel_models", "folder_name"],
        ["whitelabel_posts", "whitelabel_model_id", "folder_name"],
        ["whitelabel_media", "s3_key"],
    ]

    static let foreignKeys: Set<ForeignKey> = [
        .init(table: "subscriptions", column: "user_id", referencedTable: "users", cascades: false),
        .init(table: "subscriptions", column: "plan_id", referencedTable: "plans", cascades: false),
        .init(table: "posts", column: "model_id", referencedTable: "models", cascades: false),
        .init(
            table: "whitelabel_posts", column: "whitelabel_model_id", referencedTable: "whitelabel_models",
            cascades: true),
        .init(
            table: "whitelabel_media", column: "whitelabel_post_id", referencedTable: "whitelabel_posts", cascades: true
        ),
        .init(table: "checkouts", column: "user_id", referencedTable: "users", cascades: false),
        .init(table: "checkouts", column: "plan_id", referencedTable: "plans", cascades: false),
        .init(table: "impressions", column: "ad_id", referencedTable: "ads", cascades: true),
        .init(table: "clicks", column: "ad_id", referencedTable: "ads", cascades: true),
    ]

    /// The access paths of the seed's services, as leading index columns per table.
    static let accessPathIndexes: [(table: String, leadingColumns: [String])] = [
        ("ads", ["placement", "status"]),
        ("impressions", ["ad_id", "created_at"]),
        ("clicks", ["ad_id", "created_at"]),
        ("posts", ["model_id", "created_at"]),
        // Ours (step 0022): postbacks by charge, checkouts by date and by status, subscriptions by end.
        ("checkouts", ["external_id"]),
        ("checkouts", ["created_at"]),
        ("checkouts", ["status", "created_at"]),
        ("checkouts", ["paid_at"]),
        ("subscriptions", ["status", "end_date"]),
    ]
}
