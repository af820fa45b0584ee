import FluentKit
import Foundation
import SQLKit
import Schema

/// How checkouts and subscriptions change state. Every change is one guarded statement, so that a postback
/// delivered twice, or fifty times at once, or out of order, changes things once and never backwards:
/// - a checkout moves pending → paid | failed | abandoned, and leaves paid only by a refund;
/// - paying creates an active subscription, or extends the user's active one from its current end, in the
///   same transaction as the checkout's move to paid;
/// - `users.subscription_status` follows (`UserSubscriptionStatus`).
public enum SubscriptionLifecycle {
    public enum Outcome: Equatable, Sendable {
        /// This call made the change.
        case applied
        /// The checkout was already there, or past it: nothing changed.
        case alreadyApplied
        case unknownCheckout
    }

    /// Days are whole days of 86,400 s: subscriptions are stored in UTC and end at the same time of day.
    static let day: TimeInterval = 86_400

    /// Marks the checkout paid and grants its plan, once. The conditional UPDATE is the gate: concurrent calls
    /// queue on the checkout's row, and only the first finds it unpaid.
    /// - Parameters:
    ///   - mailer: the site's mail for the change (the receipt), queued in the same transaction; nil sends none.
    ///   - renewal: for a recurring plan, what the provider keeps to renew it with; the subscription then
    ///     renews by itself (`AutomaticRenewals`).
    public static func markPaid(
        checkoutID: Int, on database: any Database, now: Date = Date(), mailer: CheckoutMailer? = nil,
        renewal: RenewalMethod? = nil
    ) async throws -> Outcome {
        try await database.transaction { transaction in
            let sql = try sqlDatabase(transaction)
            let won = try await sql.raw(
                """
                UPDATE checkouts SET status = 'paid', paid_at = \(bind: now)
                WHERE id = \(bind: checkoutID) AND status IN ('pending', 'failed', 'abandoned') RETURNING id
                """
            ).all()
            guard !won.isEmpty else {
                return try await Checkout.find(checkoutID, on: transaction) == nil ? .unknownCheckout : .alreadyApplied
            }
            try await mailer?.paid(checkoutID: checkoutID, on: transaction, now: now)
            guard
                let checkout = try await Checkout.query(on: transaction).filter(\.$id == checkoutID).with(\.$plan)
                    .first(),
                let userID = checkout.$user.id, let plan = checkout.plan
            else { return .applied }  // nothing to grant: a checkout without user or plan is only marked paid
            let granted = try await grant(
                plan: plan, toUser: userID, reference: "checkout:\(checkoutID)", on: transaction, now: now)
            if plan.billing == .recurring {
                // The purchase is a cycle of the subscription, so a provider's delivery of it is a repeat.
                checkout.subscriptionID = granted.subscription.id
                checkout.renewalCycle = granted.subscription.cyclesPaid
                try await checkout.save(on: transaction)
                if let renewal {
                    renewal.apply(to: granted.subscription)
                    try await granted.subscription.save(on: transaction)
                }
            }
            return .applied
        }
    }

    /// How much one grant gives: days, or one period of a recurring plan (`BillingPeriod`'s calendar rule).
    public enum Length: Sendable, Equatable {
        case days(Int)
        case period(BillingPeriod)

        /// A one-time plan's `duration` days, or a recurring plan's period.
        public init(of plan: Plan) {
            if plan.billing == .recurring, let period = plan.billingPeriod.flatMap(BillingPeriod.init(iso8601:)) {
                self = .period(period)
            } else {
                self = .days(plan.duration)
            }
        }

        /// The end of this length counted from `start`. One period bought by itself is counted from where the
        /// subscription stands; renewals count from the subscription's anchor instead, so they don't drift.
        public func end(from start: Date) -> Date {
            switch self {
            case .days(let count): start.addingTimeInterval(TimeInterval(count) * SubscriptionLifecycle.day)
            case .period(let period): period.end(ofPeriod: 1, anchoredAt: start)
            }
        }
    }

    /// Gives a user one plan's length (`Length(of:)`): added to the end of their active subscription, or a new one
    /// from now. Remaining days are never lost. Also for an admin's manual grant.
    @discardableResult
    public static func grant(
        plan: Plan, toUser userID: Int, reference: String?, on database: any Database, now: Date = Date()
    ) async throws -> Granted {
        let granted = try await grant(
            Length(of: plan), planID: plan.id, toUser: userID, reference: reference, on: database, now: now)
        guard plan.billing == .recurring else { return granted }
        SubscriptionRenewals.recordPurchase(of: plan, in: granted.subscription, previousEnd: granted.previousEnd)
        try await granted.subscription.save(on: database)
        return granted
    }

    /// The subscription a grant made or extended, and its end before (nil for a new one).
    public struct Granted: Sendable {
        public let subscription: Subscription
        public let previousEnd: Date?
    }

    /// Gives a user `days` days of `planID`, the same way: extended from the end of the running subscription, or
    /// a new one from now. Run inside the caller's transaction.
    public static func grant(
        days count: Int, planID: Int?, toUser userID: Int, reference: String?, on database: any Database,
        now: Date = Date()
    ) async throws -> Granted {
        try await grant(.days(count), planID: planID, toUser: userID, reference: reference, on: database, now: now)
    }

    /// Gives a user `length` of `planID`, the same way. Run inside the caller's transaction.
    public static func grant(
        _ length: Length, planID: Int?, toUser userID: Int, reference: String?, on database: any Database,
        now: Date = Date()
    ) async throws -> Granted {
        let sql = try sqlDatabase(database)
        try await lockSubscriptions(of: userID, on: database)
        let granted: Granted
        var running = try await runningSubscription(of: userID, on: database, now: now)
        if let lapsed = running, lapsed.status == .pastDue, (lapsed.endDate ?? now) <= now {
            // Past due and past its end: paid again, it runs from the payment's date, as a renewal would. The
            // purchase makes a new subscription; the old one ends here.
            lapsed.status = .expired
            lapsed.graceEndsAt = nil
            try await lapsed.save(on: database)
            running = nil
        }
        if let current = running, let end = current.endDate {
            current.endDate = length.end(from: end)
            // Past due before its end: the purchase pays it, and it runs on with no gap.
            current.status = .active
            current.graceEndsAt = nil
            if let planID { current.$plan.id = planID }
            try await current.save(on: database)
            granted = Granted(subscription: current, previousEnd: end)
        } else {
            let subscription = Subscription(
                userID: userID, planID: planID, externalID: reference, startDate: now,
                endDate: length.end(from: now),
                status: .active)
            try await subscription.create(on: database)
            granted = Granted(subscription: subscription, previousEnd: nil)
        }
        try await sql.raw(
            "UPDATE users SET subscription_status = \(bind: UserSubscriptionStatus.active.rawValue) WHERE id = \(bind: userID)"
        ).run()
        return granted
    }

    /// Serialises changes to one user's subscriptions on PostgreSQL (a payment, an admin's change), so two landing
    /// together both count and neither overwrites the other. SQLite runs one writer at a time anyway.
    public static func lockSubscriptions(of userID: Int, on database: any Database) async throws {
        let sql = try sqlDatabase(database)
        if try SQLFlavor(sql) == .postgres {
            _ = try await sql.raw("SELECT id FROM users WHERE id = \(bind: userID) FOR UPDATE").all()
        }
    }

    /// The user's subscription that lets them in now (`Subscription.grantsAccess`: active, or past due within its
    /// grace) and runs longest, if there is one.
    public static func runningSubscription(of userID: Int, on database: any Database, now: Date = Date()) async throws
        -> Subscription?
    {
        try await Subscription.query(on: database)
            .filter(\.$user.$id == userID).filter(\.$status ~~ [.active, .pastDue]).filter(\.$endDate != nil)
            .sort(\.$endDate, .descending).all()
            .first { $0.grantsAccess(at: now) }
    }

    /// Sets a user's `subscription_status` from their subscriptions: active while one runs, else expired if they
    /// ever had one, else none.
    public static func refreshUserStatus(_ userID: Int, on database: any Database, now: Date = Date()) async throws {
        let status: UserSubscriptionStatus
        if try await runningSubscription(of: userID, on: database, now: now) != nil {
            status = .active
        } else if try await Subscription.query(on: database).filter(\.$user.$id == userID).filter(\.$status != .pending)
            .count() > 0
        {
            status = .expired
        } else {
            status = UserSubscriptionStatus.none
        }
        try await sqlDatabase(database).raw(
            "UPDATE users SET subscription_status = \(bind: status.rawValue) WHERE id = \(bind: userID)"
        ).run()
    }

    /// A declined or failed payment. Never moves a paid checkout backwards: a "failed" that arrives after "paid"
    /// is ignored.
    public static func markFailed(checkoutID: Int, on database: any Database) async throws -> Outcome {
        try await move(checkoutID, to: .failed, from: [.pending], on: database)
    }

    /// A refund or chargeback: the checkout leaves paid (to failed, the seed having no refunded state) and the
    /// user's access ends at once.
    public static func refund(
        checkoutID: Int, isChargeback: Bool = false, on database: any Database, now: Date = Date(),
        mailer: CheckoutMailer? = nil
    ) async throws -> Outcome {
        try await database.transaction { transaction in
            let outcome = try await move(checkoutID, to: .failed, from: [.paid], on: transaction)
            if outcome == .applied {
                try await mailer?.refunded(
                    checkoutID: checkoutID, isChargeback: isChargeback, on: transaction, now: now)
            }
            guard outcome == .applied, let userID = try await Checkout.find(checkoutID, on: transaction)?.$user.id
            else { return outcome }
            let sql = try sqlDatabase(transaction)
            try await sql.raw(
                """
                UPDATE subscriptions SET status = 'expired', end_date = \(bind: now), grace_ends_at = NULL, auto_renew = \(bind: false)
                WHERE user_id = \(bind: userID) AND status IN ('active', 'past_due')
                """
            ).run()
            try await sql.raw(
                "UPDATE users SET subscription_status = \(bind: UserSubscriptionStatus.expired.rawValue) WHERE id = \(bind: userID)"
            ).run()
            return .applied
        }
    }

    /// The expiry job: active subscriptions whose end has passed become expired, and their users too unless
    /// another subscription of theirs is still running. Returns how many subscriptions expired.
    @discardableResult
    public static func expireDue(on database: any Database, now: Date = Date()) async throws -> Int {
        try await database.transaction { transaction in
            let sql = try sqlDatabase(transaction)
            // A past-due subscription ends when its grace does; an active one at its end.
            let expired = try await sql.raw(
                """
                UPDATE subscriptions SET status = 'expired', grace_ends_at = NULL
                WHERE (status = 'active' AND end_date IS NOT NULL AND end_date <= \(bind: now))
                   OR (status = 'past_due' AND (grace_ends_at IS NULL OR grace_ends_at <= \(bind: now)))
                RETURNING user_id
                """
            ).all()
            let users = Set(try expired.compactMap { try $0.decode(column: "user_id", as: Int?.self) })
            guard !users.isEmpty else { return 0 }
            try await sql.raw(
                """
                UPDATE users SET subscription_status = \(bind: UserSubscriptionStatus.expired.rawValue)
                WHERE id IN (\(binds: Array(users))) AND NOT EXISTS (
                  SELECT 1 FROM subscriptions s WHERE s.user_id = users.id AND
                """ + SubscriptionAccess.sqlCondition(on: "s", at: now) + ")"
            ).run()
            return expired.count
        }
    }

    /// The abandonment job: pending checkouts older than `minutes` become abandoned. Returns how many.
    @discardableResult
    /// - Parameter mailer: the recovery mail for each, queued in the same transaction; nil sends none.
    public static func abandonStale(
        olderThanMinutes minutes: Int, on database: any Database, now: Date = Date(), mailer: CheckoutMailer? = nil
    ) async throws -> Int {
        let cutoff = now.addingTimeInterval(-TimeInterval(minutes) * 60)
        let abandoned = try await sqlDatabase(database).raw(
            """
            UPDATE checkouts SET status = 'abandoned' WHERE status = 'pending' AND created_at < \(bind: cutoff) RETURNING id
            """
        ).all().map { try $0.decode(column: "id", as: Int.self) }
        if let mailer {
            for checkoutID in abandoned { try await mailer.abandoned(checkoutID: checkoutID, on: database, now: now) }
        }
        return abandoned.count
    }

    private static func move(
        _ checkoutID: Int, to status: CheckoutStatus, from allowed: [CheckoutStatus], on database: any Database
    ) async throws -> Outcome {
        let changed = try await sqlDatabase(database).raw(
            """
            UPDATE checkouts SET status = \(bind: status.rawValue)
            WHERE id = \(bind: checkoutID) AND status IN (\(binds: allowed.map(\.rawValue))) RETURNING id
            """
        ).all()
        if !changed.isEmpty { return .applied }
        return try await Checkout.find(checkoutID, on: database) == nil ? .unknownCheckout : .alreadyApplied
    }

    static func sqlDatabase(_ database: any Database) throws -> any SQLDatabase {
        guard let sql = database as? any SQLDatabase else {
            throw UnsupportedDatabaseError(dialectName: "\(type(of: database))")
        }
        return sql
    }
}
