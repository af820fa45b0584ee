import FluentKit
import Foundation

/// A person with an account: a subscriber, a buyer or an admin (`users`).
public final class User: Model, @unchecked Sendable {
    public static let schema = "users"

    // managed fields
    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    // data fields
    @OptionalField(key: "name") public var name: String?
    @Field(key: "email") public var email: String
    /// A bcrypt hash, never the password itself.
    @Field(key: "password") public var passwordHash: String
    @EnumeratedColumn(key: "role") public var role: UserRole
    @Field(key: "subscription_status") public var subscriptionStatusCode: Int
    /// The language the member's e-mail is written in (`SiteLanguage`'s raw value); nil before they chose one.
    @OptionalField(key: "language") public var language: String?
    @OptionalField(key: "email_confirmed_at") public var emailConfirmedAt: Date?
    /// Set when a server refused the address for good: no more mail the member may stop goes there.
    @OptionalField(key: "email_bouncing_since") public var emailBouncingSince: Date?
    @OptionalField(key: "wants_renewal_reminders") public var wantsRenewalReminders: Bool?
    @OptionalField(key: "wants_recovery_emails") public var wantsRecoveryEmails: Bool?

    // relationships
    @Children(for: \.$user) public var subscriptions: [Subscription]
    @Children(for: \.$user) public var checkouts: [Checkout]

    public init() {}

    public init(
        id: Int? = nil, name: String?, email: String, passwordHash: String, role: UserRole = .user,
        subscriptionStatus: UserSubscriptionStatus = .none
    ) {
        self.id = id
        self.name = name
        self.email = email
        self.passwordHash = passwordHash
        self.role = role
        self.subscriptionStatusCode = subscriptionStatus.rawValue
    }

    /// The summary in `subscription_status`; nil for a code that no `UserSubscriptionStatus` has.
    public var subscriptionStatus: UserSubscriptionStatus? {
        get { UserSubscriptionStatus(rawValue: subscriptionStatusCode) }
        set { subscriptionStatusCode = (newValue ?? .none).rawValue }
    }
}
