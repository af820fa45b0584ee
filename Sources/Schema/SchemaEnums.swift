// The values of every enumerated column, defined once. The Fluent models use these types, the PostgreSQL
// CHECK constraints are built from `allCases`, and validation and views read them from here too.

/// `users.role`.
public enum UserRole: String, Codable, CaseIterable, Sendable {
    case admin
    case user
}

/// `users.subscription_status`: a summary of the user's subscriptions, kept in step with `subscriptions`.
public enum UserSubscriptionStatus: Int, Codable, CaseIterable, Sendable {
    case none = 0
    case active = 1
    case expired = 2
}

/// `plans.billing` (step 0028): sold once for `duration` days, or renewed every `billing_period`.
public enum PlanBilling: String, Codable, CaseIterable, Sendable {
    case oneTime = "one_time"
    case recurring
}

/// `subscriptions.status`.
public enum SubscriptionStatus: String, Codable, CaseIterable, Sendable {
    case active
    case expired
    case pending
    /// A renewal failed (step 0030): access runs on until `grace_ends_at`, then the subscription expires, unless a
    /// payment comes first.
    case pastDue = "past_due"
}

/// `subscription_audits.action`: what an admin did to a subscription by hand.
public enum SubscriptionAuditAction: String, Codable, CaseIterable, Sendable {
    case granted
    case extended
    case expired
    /// An admin turned a subscription's automatic renewal off (step 0032).
    case renewalStopped = "renewal_stopped"
}

/// `renewal_attempts.outcome`: what became of a charge the renewal job asked for.
public enum RenewalAttemptOutcome: String, Codable, CaseIterable, Sendable {
    case paid
    case declined
    /// The provider is still deciding and will say by postback.
    case pending
    /// The provider could not be asked, or refused the request: nothing was charged, and it is tried again.
    case unreachable
}

/// `posts.type` and `whitelabel_media.type`.
public enum MediaType: String, Codable, CaseIterable, Sendable {
    case image
    case video
}

/// `whitelabel_models.status`: new models wait for moderation; only active ones are public.
public enum WhitelabelModelStatus: String, Codable, CaseIterable, Sendable {
    case new
    case active
    case hidden
}

/// `checkouts.status`.
public enum CheckoutStatus: String, Codable, CaseIterable, Sendable {
    case pending
    case paid
    case failed
    case abandoned
}

/// `checkouts.payment_method`.
public enum PaymentMethod: String, Codable, CaseIterable, Sendable {
    case pix
    case creditCard = "credit_card"
}

/// `ads.type`.
public enum AdType: String, Codable, CaseIterable, Sendable {
    case diamond
    case diamondBlock = "diamond_block"
    case banner
    case spot
    case hero
}

/// `ads.placement`: the twelve places on the site where an ad can appear.
public enum AdPlacement: String, Codable, CaseIterable, Sendable {
    case homeTop = "home_top"
    case homeMiddle = "home_middle"
    case homeBottom = "home_bottom"
    case modelsGrid = "models_grid"
    case feedModel = "feed_model"
    case modelProfile = "model_profile"
    case modelSidebar = "model_sidebar"
    case sidebar
    case login
    case register
    case postDetail = "post_detail"
    case footer
}

/// `ads.status`.
public enum AdStatus: String, Codable, CaseIterable, Sendable {
    case active
    case paused
    case draft
}

/// `auth_tokens.kind`: how a signed-in user presents the token.
public enum AuthTokenKind: String, Codable, CaseIterable, Sendable {
    /// A browser session, in an HttpOnly cookie.
    case session
    /// A JSON API bearer token.
    case api
}

/// `whitelabel_sync_reports.status`.
public enum WhitelabelSyncStatus: String, Codable, CaseIterable, Sendable {
    case running
    case succeeded
    case failed
}

/// `email_outbox.kind`: which message a row is. Transactional kinds always go out; the others only to members who
/// haven't unsubscribed from their category and whose address isn't bouncing.
public enum MailKind: String, Codable, CaseIterable, Sendable {
    case passwordReset = "password_reset"
    case welcome
    case pixWaiting = "pix_waiting"
    case receipt
    case refund
    case recovery
    case renewalReminder = "renewal_reminder"
    /// A renewal's charge was declined: access runs on through the grace (step 0031).
    case renewalDeclined = "renewal_declined"
    case saleNotification = "sale_notification"
    case test
}

/// `email_outbox.status`: a row's way from queued to delivered, or to given up.
public enum MailStatus: String, Codable, CaseIterable, Sendable {
    /// Waiting for its `next_attempt_at`.
    case pending
    /// Claimed by a sender until `lease_until`; past that, it is due again.
    case sending
    case sent
    /// Refused for good (a 5xx to RCPT, or out of attempts).
    case failed
    /// Not sent, on purpose: the member unsubscribed or the address bounces.
    case suppressed
}

/// `account_tokens.purpose`: what a token sent by e-mail opens, once.
public enum AccountTokenPurpose: String, Codable, CaseIterable, Sendable {
    case passwordReset = "password_reset"
    case emailConfirmation = "email_confirmation"
}

// What the site reads where a database adopted with `migrate --keep-values` holds a value outside these cases.
extension PlanBilling: EnumeratedColumnValue { public static var readingOfAnUnknownValue: Self { .oneTime } }
extension UserRole: EnumeratedColumnValue { public static var readingOfAnUnknownValue: Self { .user } }
extension SubscriptionStatus: EnumeratedColumnValue { public static var readingOfAnUnknownValue: Self { .expired } }
extension MediaType: EnumeratedColumnValue { public static var readingOfAnUnknownValue: Self { .image } }
extension WhitelabelModelStatus: EnumeratedColumnValue { public static var readingOfAnUnknownValue: Self { .hidden } }
extension CheckoutStatus: EnumeratedColumnValue { public static var readingOfAnUnknownValue: Self { .failed } }
extension AdType: EnumeratedColumnValue { public static var readingOfAnUnknownValue: Self { .banner } }
/// An ad holding any unknown value is never served (`AdServingCache`), so its placement's reading shows nowhere.
extension AdPlacement: EnumeratedColumnValue { public static var readingOfAnUnknownValue: Self { .sidebar } }
extension AdStatus: EnumeratedColumnValue { public static var readingOfAnUnknownValue: Self { .paused } }
