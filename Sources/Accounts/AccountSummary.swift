import FluentKit
import Foundation
import Schema

/// What the account page and `GET /api/v1/me` show about a user: who they are and where their subscription
/// stands, from `users.subscription_status` and the `subscriptions` rows.
public struct AccountSummary: Sendable {
    public enum Standing: Equatable, Sendable {
        case active(until: Date?)
        case expired(on: Date?)
        case pending
        case none
    }

    public struct SubscriptionRow: Sendable {
        public let planName: String?
        public let status: SubscriptionStatus
        public let startDate: Date?
        public let endDate: Date?
        /// While past due: when access stops.
        public let graceEndsAt: Date?

        public init(
            planName: String?, status: SubscriptionStatus, startDate: Date?, endDate: Date?, graceEndsAt: Date? = nil
        ) {
            self.planName = planName
            self.status = status
            self.startDate = startDate
            self.endDate = endDate
            self.graceEndsAt = graceEndsAt
        }

        /// Until when it lets its member in, if it does at `now` (`Subscription.grantsAccess`'s rule).
        func access(at now: Date) -> Date?? {
            switch status {
            case .active: endDate.map { $0 > now } ?? true ? .some(endDate) : nil
            case .pastDue: graceEndsAt.map { $0 > now } ?? false ? .some(graceEndsAt) : nil
            case .expired, .pending: nil
            }
        }
    }

    public let name: String?
    public let email: String
    public let role: UserRole
    public let memberSince: Date?
    public let standing: Standing
    /// Newest first.
    public let subscriptions: [SubscriptionRow]
    /// The mail the member may stop, and whether they take it.
    public var wantsRenewalReminders = true
    public var wantsRecoveryEmails = true

    public static func load(for user: User, on database: any Database, now: Date = Date()) async throws
        -> AccountSummary
    {
        let userID = try user.requireID()
        let subscriptions = try await Subscription.query(on: database)
            .filter(\.$user.$id == userID)
            .with(\.$plan)
            .sort(\.$createdAt, .descending).sort(\.$id, .descending)
            .all()
        let rows = subscriptions.map {
            SubscriptionRow(
                planName: $0.plan?.name, status: $0.status, startDate: $0.startDate, endDate: $0.endDate,
                graceEndsAt: $0.graceEndsAt)
        }
        var summary = AccountSummary(
            name: user.name, email: user.email, role: user.role, memberSince: user.createdAt,
            standing: standing(summaryCode: user.subscriptionStatus, subscriptions: rows, now: now),
            subscriptions: rows)
        summary.wantsRenewalReminders = user.wantsRenewalReminders ?? true
        summary.wantsRecoveryEmails = user.wantsRecoveryEmails ?? true
        return summary
    }

    /// A subscription counts as active only while its end date is ahead: the summary column may lag behind the
    /// clock until the expiry job has run, and the page must not promise access that has run out.
    public static func standing(summaryCode: UserSubscriptionStatus?, subscriptions: [SubscriptionRow], now: Date)
        -> Standing
    {
        // Active until its end, or past due until its grace ends: the latest of those moments.
        let live = subscriptions.compactMap { $0.access(at: now) }
        if !live.isEmpty {
            return .active(until: live.contains(nil) ? nil : live.compactMap { $0 }.max())
        }
        // An account marked active by an operator, with no subscription rows behind it.
        if summaryCode == .active, subscriptions.isEmpty { return .active(until: nil) }
        if subscriptions.contains(where: { $0.status == .pending }) { return .pending }
        let ended = subscriptions.filter { $0.status != .pending }
        if let last = ended.compactMap(\.endDate).max() { return .expired(on: last) }
        if summaryCode == .expired || !ended.isEmpty { return .expired(on: nil) }
        return .none
    }
}
