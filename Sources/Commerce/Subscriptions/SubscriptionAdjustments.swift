import FluentKit
import Foundation
import Schema

/// An admin's manual changes to subscriptions: grant, extend and expire. Each change and its audit entry
/// (`subscription_audits`) are written in one transaction, so no change goes unrecorded.
public enum SubscriptionAdjustments {
    /// Who made the change, as the audit keeps them.
    public struct Admin: Sendable {
        public let id: Int?
        public let email: String
        public init(id: Int?, email: String) {
            self.id = id
            self.email = email
        }
    }

    public static let dayRange = 1...3650

    public enum Refusal: Error, Equatable, Sendable {
        case unknownUser
        case unknownSubscription
        case daysOutOfRange
        /// Only a running or pending subscription can be expired.
        case alreadyExpired
        /// Only a subscription that renews by itself can have its renewal stopped.
        case renewalNotOn
    }

    /// Gives a user `days` days (of `planID`, when given): added to their running subscription, or a new one.
    @discardableResult
    public static func grant(
        days: Int, planID: Int?, toUser userID: Int, by admin: Admin, note: String?, on database: any Database,
        now: Date = Date()
    ) async throws -> Subscription {
        guard dayRange.contains(days) else { throw Refusal.daysOutOfRange }
        return try await database.transaction { transaction in
            guard try await User.find(userID, on: transaction) != nil else { throw Refusal.unknownUser }
            let granted = try await SubscriptionLifecycle.grant(
                days: days, planID: planID, toUser: userID, reference: "admin:\(admin.email)", on: transaction, now: now
            )
            try await audit(
                granted.previousEnd == nil ? .granted : .extended, granted.subscription, userID: userID, days: days,
                previousEnd: granted.previousEnd, by: admin, note: note, on: transaction)
            return granted.subscription
        }
    }

    /// Adds `days` to one subscription. An expired one runs again from now, since its lost days are gone.
    @discardableResult
    public static func extend(
        subscriptionID: Int, days: Int, by admin: Admin, note: String?, on database: any Database, now: Date = Date()
    ) async throws -> Subscription {
        guard dayRange.contains(days) else { throw Refusal.daysOutOfRange }
        return try await database.transaction { transaction in
            let subscription = try await lockedSubscription(subscriptionID, on: transaction)
            guard let userID = subscription.$user.id else { throw Refusal.unknownSubscription }
            let previousEnd = subscription.endDate
            let base = max(previousEnd ?? now, now)
            subscription.endDate = base.addingTimeInterval(TimeInterval(days) * SubscriptionLifecycle.day)
            if subscription.startDate == nil { subscription.startDate = now }
            // Days given end a past due grace: the member is in on the new end, not the grace's.
            subscription.status = .active
            subscription.graceEndsAt = nil
            try await subscription.save(on: transaction)
            try await SubscriptionLifecycle.refreshUserStatus(userID, on: transaction, now: now)
            try await audit(
                .extended, subscription, userID: userID, days: days, previousEnd: previousEnd, by: admin, note: note,
                on: transaction)
            return subscription
        }
    }

    /// Ends one subscription now. The user keeps access only if another subscription of theirs still runs.
    /// A recurrence its provider holds (a preapproval, a Pix Automático authorisation) is cancelled there first,
    /// as when renewal is turned off, so nothing more is charged for what has ended; its failure changes nothing.
    @discardableResult
    public static func expire(
        subscriptionID: Int, by admin: Admin, note: String?, providers: ScheduledRenewals.Providers = .none,
        on database: any Database, now: Date = Date()
    ) async throws -> Subscription {
        if let subscription = try await Subscription.find(subscriptionID, on: database),
            subscription.status != .expired
        {
            try await ScheduledRenewals.cancelAtProvider(subscription, providers: providers, on: database)
        }
        return try await database.transaction { transaction in
            let subscription = try await lockedSubscription(subscriptionID, on: transaction)
            guard let userID = subscription.$user.id else { throw Refusal.unknownSubscription }
            guard subscription.status != .expired else { throw Refusal.alreadyExpired }
            let previousEnd = subscription.endDate
            if subscription.autoRenew, ScheduledRenewals.isScheduled(subscription) {
                subscription.autoRenew = false
                subscription.cancelledAt = now
            }
            subscription.status = .expired
            subscription.endDate = min(previousEnd ?? now, now)
            subscription.graceEndsAt = nil
            try await subscription.save(on: transaction)
            try await SubscriptionLifecycle.refreshUserStatus(userID, on: transaction, now: now)
            try await audit(
                .expired, subscription, userID: userID, days: nil, previousEnd: previousEnd, by: admin, note: note,
                on: transaction)
            return subscription
        }
    }

    /// Turns a subscription's automatic renewal off, as its member could: access runs to the end and nothing more
    /// is charged. The member may turn it on again from their page.
    @discardableResult
    public static func stopRenewal(
        subscriptionID: Int, by admin: Admin, note: String?, providers: ScheduledRenewals.Providers = .none,
        on database: any Database, now: Date = Date()
    ) async throws -> Subscription {
        // A schedule the provider keeps is cancelled there first; its failure changes nothing here.
        if let subscription = try await Subscription.find(subscriptionID, on: database) {
            try await ScheduledRenewals.cancelAtProvider(subscription, providers: providers, on: database)
        }
        return try await database.transaction { transaction in
            let subscription = try await lockedSubscription(subscriptionID, on: transaction)
            guard let userID = subscription.$user.id else { throw Refusal.unknownSubscription }
            guard subscription.autoRenew, subscription.status != .expired else { throw Refusal.renewalNotOn }
            subscription.autoRenew = false
            subscription.cancelledAt = now
            try await subscription.save(on: transaction)
            try await audit(
                .renewalStopped, subscription, userID: userID, days: nil, previousEnd: subscription.endDate, by: admin,
                note: note, on: transaction)
            return subscription
        }
    }

    /// The subscription, read again after taking its user's lock, so a payment landing at the same moment is
    /// seen rather than overwritten.
    private static func lockedSubscription(_ id: Int, on database: any Database) async throws -> Subscription {
        guard let userID = try await Subscription.find(id, on: database)?.$user.id else {
            throw Refusal.unknownSubscription
        }
        try await SubscriptionLifecycle.lockSubscriptions(of: userID, on: database)
        guard let subscription = try await Subscription.find(id, on: database) else {
            throw Refusal.unknownSubscription
        }
        return subscription
    }

    private static func audit(
        _ action: SubscriptionAuditAction, _ subscription: Subscription, userID: Int, days: Int?, previousEnd: Date?,
        by admin: Admin,
        note: String?, on database: any Database
    ) async throws {
        let entry = SubscriptionAudit()
        entry.$subscription.id = subscription.id
        entry.$user.id = userID
        entry.adminID = admin.id
        entry.adminEmail = admin.email
        entry.action = action
        entry.days = days
        entry.previousEndDate = previousEnd
        entry.newEndDate = subscription.endDate
        let trimmed = note?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        entry.note = trimmed.isEmpty ? nil : String(trimmed.prefix(500))
        try await entry.create(on: database)
    }
}
