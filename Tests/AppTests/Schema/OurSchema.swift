/// The tables CreatorFlix adds to the seed's sixteen (our steps from 0014 on), written out by hand like
/// `SeedSchema`, so the migrations are checked against a statement of intent rather than against themselves.
enum OurSchema {
    typealias Column = SeedSchema.Column

    static func requiredTimestamp(defaultNow: Bool = false) -> Column {
        .init(type: .timestamp, isNullable: false, defaultValue: defaultNow ? .now : nil)
    }

    static func count() -> Column { SeedSchema.integer(notNull: true, default: 0) }

    static let tables: [String: [String: Column]] = [
        "auth_tokens": [
            "id": SeedSchema.serial(), "user_id": SeedSchema.integer(notNull: true),
            "kind": SeedSchema.text(notNull: true, default: "session"), "token_hash": SeedSchema.text(notNull: true),
            "created_at": requiredTimestamp(defaultNow: true), "expires_at": requiredTimestamp(),
        ],
        "whitelabel_sync_reports": [
            "id": SeedSchema.serial(), "status": SeedSchema.text(notNull: true, default: "running"),
            "dry_run": SeedSchema.boolean(default: false), "prune": SeedSchema.boolean(default: false),
            "started_at": requiredTimestamp(defaultNow: true), "finished_at": SeedSchema.timestamp(),
            "objects_seen": count(), "models_added": count(), "models_updated": count(), "posts_added": count(),
            "media_added": count(), "media_updated": count(), "models_pruned": count(), "posts_pruned": count(),
            "media_pruned": count(), "keys_skipped": count(), "skipped": SeedSchema.json(), "error": SeedSchema.text(),
        ],
        "sync_locks": [
            "name": SeedSchema.text(notNull: true), "holder": SeedSchema.text(notNull: true),
            "expires_at": requiredTimestamp(),
        ],
        "payment_events": [
            "id": SeedSchema.serial(), "gateway": SeedSchema.text(notNull: true),
            "event_key": SeedSchema.text(notNull: true),
            "charge_id": SeedSchema.text(), "checkout_id": SeedSchema.integer(),
            "verified": SeedSchema.boolean(default: false),
            "status": SeedSchema.text(), "amount": SeedSchema.integer(), "outcome": SeedSchema.text(notNull: true),
            "detail": SeedSchema.text(), "payload": SeedSchema.text(),
            "received_at": requiredTimestamp(defaultNow: true),
        ],
        "subscription_audits": [
            "id": SeedSchema.serial(), "subscription_id": SeedSchema.integer(),
            "user_id": SeedSchema.integer(notNull: true),
            "admin_id": SeedSchema.integer(), "admin_email": SeedSchema.text(),
            "action": SeedSchema.text(notNull: true),
            "days": SeedSchema.integer(), "previous_end_date": SeedSchema.timestamp(),
            "new_end_date": SeedSchema.timestamp(),
            "note": SeedSchema.text(), "created_at": requiredTimestamp(defaultNow: true),
        ],
        "ad_daily_counts": [
            "id": SeedSchema.serial(), "ad_id": SeedSchema.integer(notNull: true),
            "placement": SeedSchema.text(notNull: true, default: ""),
            "day": SeedSchema.text(notNull: true), "impressions": count(), "clicks": count(),
        ],
        "ad_placement_daily_counts": [
            "id": SeedSchema.serial(), "placement": SeedSchema.text(notNull: true),
            "day": SeedSchema.text(notNull: true),
            "serves": count(), "filled_serves": count(), "impressions": count(), "clicks": count(),
        ],
        // Step 0031: each charge the renewal job asked for.
        "renewal_attempts": [
            "id": SeedSchema.serial(), "subscription_id": SeedSchema.integer(notNull: true),
            "cycle": SeedSchema.integer(notNull: true), "amount": SeedSchema.integer(notNull: true),
            "gateway": SeedSchema.text(notNull: true), "charge_id": SeedSchema.text(),
            "outcome": SeedSchema.text(notNull: true), "detail": SeedSchema.text(),
            "attempted_at": requiredTimestamp(defaultNow: true),
        ],
        "account_creations": [
            "id": SeedSchema.serial(), "ip": SeedSchema.text(notNull: true),
            "created_at": requiredTimestamp(defaultNow: true),
        ],
        "auth_failures": [
            "id": SeedSchema.serial(), "ip": SeedSchema.text(notNull: true), "email": SeedSchema.text(notNull: true),
            "created_at": requiredTimestamp(defaultNow: true),
        ],
        // Step 0027: e-mail.
        "email_outbox": [
            "id": SeedSchema.serial(), "kind": SeedSchema.text(notNull: true), "user_id": SeedSchema.integer(),
            "to_address": SeedSchema.text(notNull: true), "to_name": SeedSchema.text(),
            "language": SeedSchema.text(notNull: true), "subject": SeedSchema.text(notNull: true),
            "text_body": SeedSchema.text(notNull: true), "html_body": SeedSchema.text(notNull: true),
            "message_id": SeedSchema.text(notNull: true), "unsubscribe_url": SeedSchema.text(),
            "dedupe_key": SeedSchema.text(), "status": SeedSchema.text(notNull: true, default: "pending"),
            "attempts": count(), "next_attempt_at": requiredTimestamp(defaultNow: true),
            "lease_until": SeedSchema.timestamp(), "last_error": SeedSchema.text(), "sent_at": SeedSchema.timestamp(),
            "created_at": requiredTimestamp(defaultNow: true),
        ],
        "password_reset_requests": [
            "id": SeedSchema.serial(), "ip": SeedSchema.text(notNull: true),
            "created_at": requiredTimestamp(defaultNow: true),
        ],
        "account_tokens": [
            "id": SeedSchema.serial(), "user_id": SeedSchema.integer(notNull: true),
            "purpose": SeedSchema.text(notNull: true), "token_hash": SeedSchema.text(notNull: true),
            "expires_at": requiredTimestamp(), "used_at": SeedSchema.timestamp(),
            "created_at": requiredTimestamp(defaultNow: true),
        ],
    ]

    /// Columns our steps add to the seed's tables (step 0017: what the public catalogue reads).
    static let addedColumns: [String: [String: Column]] = [
        "models": ["post_count": count(), "search_name": SeedSchema.text(notNull: true, default: "")],
        "whitelabel_models": ["search_name": SeedSchema.text(notNull: true, default: "")],
        // Step 0019: the open charge's Pix code, for the payment page.
        // Step 0022: when the payment landed, for revenue by day.
        "checkouts": [
            "payment_code": SeedSchema.text(), "payment_expires_at": SeedSchema.timestamp(),
            "paid_at": SeedSchema.timestamp(),
            // Step 0023: the gateway that charged it.
            "gateway": SeedSchema.text(),
            // Step 0029: the subscription cycle it paid.
            "subscription_id": SeedSchema.integer(), "renewal_cycle": SeedSchema.integer(),
        ],
        // Step 0029: a recurring subscription's terms and cycles, and the cycle a checkout paid.
        "subscriptions": [
            "billing_period": SeedSchema.text(), "renewal_price": SeedSchema.integer(),
            "period_anchor": SeedSchema.timestamp(), "anchor_cycle": count(), "cycles_paid": count(),
            "auto_renew": SeedSchema.boolean(default: false),
            // Step 0030: when a past-due subscription's access stops.
            "grace_ends_at": SeedSchema.timestamp(),
            // Step 0031: what it renews with, and when the renewal job last tried.
            "renewal_gateway": SeedSchema.text(), "renewal_method": SeedSchema.text(),
            "renewal_reference": SeedSchema.text(), "renewal_attempted_at": SeedSchema.timestamp(),
            // Step 0032: when renewal was turned off, and the plan the next renewal switches to.
            "cancelled_at": SeedSchema.timestamp(), "next_plan_id": SeedSchema.integer(),
        ],
        // Step 0028: one-time or recurring, the period, the first period's price.
        "plans": [
            "billing": SeedSchema.text(notNull: true, default: "one_time"), "billing_period": SeedSchema.text(),
            "first_period_price": SeedSchema.integer(),
        ],
        // Step 0020: Mercado Pago's webhook secret, sealed like `secret_key`.
        // Step 0033: an API Pix PSP's settings, and the client certificate for its mutual TLS, sealed.
        // Step 0034: the payment methods it takes, each at one gateway.
        "payment_gateways": [
            "webhook_secret": SeedSchema.text(), "settings": SeedSchema.text(),
            "client_certificate": SeedSchema.text(), "takes_card": SeedSchema.boolean(default: false),
            "takes_pix": SeedSchema.boolean(default: false),
        ],
        // Step 0027: the member's language, address standing and consent to the mail they may stop.
        "users": [
            "language": SeedSchema.text(), "email_confirmed_at": SeedSchema.timestamp(),
            "email_bouncing_since": SeedSchema.timestamp(),
            "wants_renewal_reminders": SeedSchema.boolean(default: true),
            "wants_recovery_emails": SeedSchema.boolean(default: true),
        ],
    ]

    /// Every table's expected columns: the seed's, with ours added, and our own tables.
    static var allColumns: [String: [String: Column]] {
        SeedSchema.tables.merging(tables, uniquingKeysWith: { seed, _ in seed })
            .merging(
                addedColumns,
                uniquingKeysWith: { table, added in table.merging(added, uniquingKeysWith: { old, _ in old }) })
    }

    static let uniqueColumnSets: Set<[String]> = [
        ["auth_tokens", "token_hash"],
        ["sync_locks", "name"],
        ["payment_events", "gateway", "event_key"],
        ["ad_daily_counts", "ad_id", "placement", "day"],
        ["ad_placement_daily_counts", "day", "placement"],
        ["email_outbox", "message_id"],
        ["email_outbox", "dedupe_key"],
        ["account_tokens", "token_hash"],
        // checkouts (subscription_id, renewal_cycle) is a unique index (SQLite can't add a constraint to a table
        // that exists), proven by SubscriptionRenewalsTests.
    ]

    static let foreignKeys: Set<SeedSchema.ForeignKey> = [
        // Deleting a user signs them out everywhere.
        .init(table: "auth_tokens", column: "user_id", referencedTable: "users", cascades: true),
        // A checkout that money moved for keeps its postback history.
        .init(table: "payment_events", column: "checkout_id", referencedTable: "checkouts", cascades: false),
        // An admin's manual changes go with the subscriber (and the subscription) they were about.
        .init(
            table: "subscription_audits", column: "subscription_id", referencedTable: "subscriptions", cascades: true),
        .init(table: "subscription_audits", column: "user_id", referencedTable: "users", cascades: true),
        // An ad's daily counts go with it, like its events.
        .init(table: "ad_daily_counts", column: "ad_id", referencedTable: "ads", cascades: true),
        // A deleted account takes its mail and its tokens with it.
        .init(table: "email_outbox", column: "user_id", referencedTable: "users", cascades: true),
        .init(table: "account_tokens", column: "user_id", referencedTable: "users", cascades: true),
        // A subscription's renewal history goes with it.
        .init(table: "renewal_attempts", column: "subscription_id", referencedTable: "subscriptions", cascades: true),
    ]

    /// Every table the migrations leave, by name: the seed's, ours and Fluent's migration log.
    static var allTableNames: Set<String> {
        Set(SeedSchema.tables.keys).union(tables.keys).union(["_fluent_migrations"])
    }
}
