import FluentKit
import Foundation
import Localization
import SQLKit
import Schema

/// Paid cycles of a recurring subscription. Cycle 1 is the purchase; each later one is a renewal a provider
/// charged. A cycle is applied once, by the checkout that records it (unique per subscription and cycle, step
/// 0029): a delivery repeated, late, out of order, or fifty at once extends the subscription once.
///
/// The end of cycle `n` is `BillingPeriod.end(ofPeriod: n - anchorCycle, anchoredAt: periodAnchor)`, the
/// calendar rule, so thirteen monthly renewals end on the anchor's day of each month. A subscription whose end
/// has passed when a cycle is paid is reactivated from that payment: it is anchored afresh at the payment.
public enum SubscriptionRenewals {
    public enum Outcome: Sendable, Equatable {
        /// The cycle was applied; the subscription now ends at this moment.
        case extended(until: Date)
        /// This cycle was applied before; nothing changed.
        case alreadyApplied
        /// The subscription has no recurring terms or doesn't exist; nothing changed.
        case notRecurring
    }

    /// A paid cycle as the provider reports it.
    public struct Payment: Sendable {
        public var cycle: Int
        public var amountCents: Int
        public var method: PaymentMethod
        public var gateway: String?
        /// The provider's charge id.
        public var chargeID: String?

        public init(cycle: Int, amountCents: Int, method: PaymentMethod, gateway: String?, chargeID: String?) {
            self.cycle = cycle
            self.amountCents = amountCents
            self.method = method
            self.gateway = gateway
            self.chargeID = chargeID
        }
    }

    /// What a purchase of a recurring plan does to the subscription it made or extended from `start`: the
    /// plan's terms as they are now (a later change to the plan leaves them alone), and the purchase as the next
    /// cycle, anchored at `start`. A purchase of a one-time plan leaves the subscription's terms as they were.
    public static func recordPurchase(of plan: Plan, in subscription: Subscription, from start: Date) {
        guard plan.billing == .recurring, let period = plan.billingPeriod.flatMap(BillingPeriod.init(iso8601:))
        else { return }
        subscription.billingPeriod = period.iso8601
        subscription.renewalPrice = plan.price
        subscription.periodAnchor = start
        subscription.anchorCycle = subscription.cyclesPaid
        subscription.cyclesPaid += 1
    }

    /// Applies a paid cycle, in one transaction that records it as a paid checkout. `now` is when it was paid.
    public static func applyPaid(
        _ payment: Payment, toSubscription subscriptionID: Int, on database: any Database, now: Date = Date()
    ) async throws -> Outcome {
        do {
            return try await apply(payment, to: subscriptionID, on: database, now: now)
        } catch let error where DatabaseConstraintViolation(error)?.kind == .unique {
            // SQLite reads before it takes the write lock: a second delivery in flight meets the unique cycle.
            return .alreadyApplied
        }
    }

    private static func apply(_ payment: Payment, to subscriptionID: Int, on database: any Database, now: Date)
        async throws -> Outcome
    {
        try await database.transaction { transaction in
            guard let subscription = try await Subscription.find(subscriptionID, on: transaction),
                let userID = subscription.$user.id,
                let period = subscription.billingPeriod.flatMap(BillingPeriod.init(iso8601:)),
                let anchor = subscription.periodAnchor, payment.cycle >= 1
            else { return .notRecurring }
            try await SubscriptionLifecycle.lockSubscriptions(of: userID, on: transaction)
            let recorded = try await Checkout.query(on: transaction).filter(\.$subscriptionID == subscriptionID)
                .filter(\.$renewalCycle == payment.cycle).count()
            guard recorded == 0, payment.cycle > 1 || subscription.cyclesPaid == 0 else { return .alreadyApplied }

            let checkout = Checkout(
                userID: userID, planID: subscription.$plan.id, externalID: payment.chargeID, status: .paid,
                paymentMethod: payment.method, totalAmount: payment.amountCents)
            checkout.gateway = payment.gateway
            checkout.paidAt = now
            checkout.subscriptionID = subscriptionID
            checkout.renewalCycle = payment.cycle
            try await checkout.create(on: transaction)

            let lapsed = subscription.status != .active || (subscription.endDate ?? now) <= now
            if lapsed {
                // Reactivated from the payment's date (expired, or past due in its grace): this cycle is the
                // first of a fresh anchor.
                subscription.periodAnchor = now
                subscription.anchorCycle = payment.cycle - 1
                subscription.endDate = period.end(ofPeriod: 1, anchoredAt: now)
                subscription.status = .active
                subscription.graceEndsAt = nil
            } else {
                // A cycle delivered after a later one ends before the current end, and changes nothing more.
                let end = period.end(ofPeriod: payment.cycle - subscription.anchorCycle, anchoredAt: anchor)
                subscription.endDate = max(subscription.endDate ?? end, end)
            }
            subscription.cyclesPaid = max(subscription.cyclesPaid, payment.cycle)
            try await subscription.save(on: transaction)
            try await SubscriptionLifecycle.refreshUserStatus(userID, on: transaction, now: now)
            return .extended(until: subscription.endDate ?? now)
        }
    }

    public enum DeclineOutcome: Sendable, Equatable {
        /// The subscription is past due; its member keeps access until this moment.
        case pastDue(graceUntil: Date)
        /// The cycle was paid, or the subscription was already past due or over: nothing changed.
        case unchanged
        case notRecurring
    }

    /// A renewal of `cycle` that the provider declined: an active subscription becomes past due, with access for
    /// `graceDays` days past its end (or past `now`, if the end has gone), when the expiry job ends it unless a
    /// payment comes first (`applyPaid`, from the payment's date). A second decline doesn't lengthen the grace.
    public static func renewalDeclined(
        cycle: Int, ofSubscription subscriptionID: Int, graceDays: Int, on database: any Database, now: Date = Date()
    ) async throws -> DeclineOutcome {
        try await database.transaction { transaction in
            guard let subscription = try await Subscription.find(subscriptionID, on: transaction),
                let userID = subscription.$user.id, subscription.billingPeriod != nil
            else { return .notRecurring }
            try await SubscriptionLifecycle.lockSubscriptions(of: userID, on: transaction)
            guard let fresh = try await Subscription.find(subscriptionID, on: transaction),
                cycle > fresh.cyclesPaid, fresh.status == .active
            else { return .unchanged }
            let from = max(fresh.endDate ?? now, now)
            let grace = from.addingTimeInterval(TimeInterval(max(0, graceDays)) * 86_400)
            fresh.status = .pastDue
            fresh.graceEndsAt = grace
            try await fresh.save(on: transaction)
            try await SubscriptionLifecycle.refreshUserStatus(userID, on: transaction, now: now)
            return .pastDue(graceUntil: grace)
        }
    }
}
