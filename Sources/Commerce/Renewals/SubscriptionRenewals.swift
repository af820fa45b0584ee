import FluentKit
import Foundation
import Localization
import Payments
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
        /// A cycle at or below the last one paid, delivered late: recorded as paid, extending nothing.
        case recorded
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
        /// Whom it was charged to, kept on the cycle's checkout like a purchase's buyer.
        public var customer: Customer?

        public init(
            cycle: Int, amountCents: Int, method: PaymentMethod, gateway: String?, chargeID: String?,
            customer: Customer? = nil
        ) {
            self.customer = customer
            self.cycle = cycle
            self.amountCents = amountCents
            self.method = method
            self.gateway = gateway
            self.chargeID = chargeID
        }
    }

    /// The end of the last paid cycle by the calendar rule, if the subscription has recurring terms.
    static func anchoredEnd(of subscription: Subscription) -> Date? {
        guard let period = subscription.billingPeriod.flatMap(BillingPeriod.init(iso8601:)),
            let anchor = subscription.periodAnchor, subscription.cyclesPaid - subscription.anchorCycle >= 1
        else { return nil }
        return period.end(ofPeriod: subscription.cyclesPaid - subscription.anchorCycle, anchoredAt: anchor)
    }

    /// Whether the subscription ends where its cycles say. An admin's extension or a one-time plan bought on top
    /// moves the end by other means; the next cycle then counts from that end, so those days aren't absorbed.
    /// A second's tolerance: the databases keep times to the microsecond (PostgreSQL) or the millisecond.
    static func isOnItsAnchor(_ subscription: Subscription) -> Bool {
        guard let anchored = anchoredEnd(of: subscription), let end = subscription.endDate else { return false }
        return abs(anchored.timeIntervalSince(end)) < 1
    }

    /// What a purchase of a recurring plan does to the subscription it made or extended: the plan's terms as
    /// they are now (a later change to the plan leaves them alone), and the purchase as the next cycle.
    /// - A subscription already on these terms, ending where its cycles say, goes on from its anchor: bought on
    ///   31 January and again each month, it ends 28 February, 31 March, 30 April.
    /// - Otherwise the purchase is the first cycle of a fresh anchor at `previousEnd` (or the start of a new one).
    /// A purchase of a one-time plan leaves the subscription's terms as they were.
    public static func recordPurchase(of plan: Plan, in subscription: Subscription, previousEnd: Date?) {
        guard plan.billing == .recurring, let period = plan.billingPeriod.flatMap(BillingPeriod.init(iso8601:))
        else { return }
        let continues =
            previousEnd != nil && subscription.billingPeriod == period.iso8601
            && anchoredEnd(of: subscription).map { abs($0.timeIntervalSince(previousEnd ?? $0)) < 1 } == true
        subscription.renewalPrice = plan.price
        // Buying a plan by hand is the member's latest choice: a switch chosen before it is dropped.
        subscription.nextPlanID = nil
        if continues, let anchor = subscription.periodAnchor {
            subscription.cyclesPaid += 1
            subscription.endDate = period.end(
                ofPeriod: subscription.cyclesPaid - subscription.anchorCycle, anchoredAt: anchor)
        } else {
            subscription.billingPeriod = period.iso8601
            subscription.periodAnchor = previousEnd ?? subscription.startDate
            subscription.anchorCycle = subscription.cyclesPaid
            subscription.cyclesPaid += 1
        }
    }

    /// Applies a paid cycle, in one transaction that records it as a paid checkout and queues its receipt.
    /// `now` is when it was paid.
    public static func applyPaid(
        _ payment: Payment, toSubscription subscriptionID: Int, on database: any Database, now: Date = Date(),
        mailer: CheckoutMailer? = nil
    ) async throws -> Outcome {
        do {
            return try await apply(payment, to: subscriptionID, on: database, now: now, mailer: mailer)
        } catch let error where DatabaseConstraintViolation(error)?.kind == .unique {
            // A backstop: the member's lock serialises deliveries, and the first records the cycle.
            return .alreadyApplied
        }
    }

    private static func apply(
        _ payment: Payment, to subscriptionID: Int, on database: any Database, now: Date, mailer: CheckoutMailer?
    ) async throws -> Outcome {
        try await database.transaction { transaction in
            guard let unlocked = try await Subscription.find(subscriptionID, on: transaction),
                let userID = unlocked.$user.id
            else { return .notRecurring }
            // Read again under the member's lock: what another delivery changed meanwhile is what this one sees.
            try await SubscriptionLifecycle.lockSubscriptions(of: userID, on: transaction)
            guard let subscription = try await Subscription.find(subscriptionID, on: transaction),
                let period = subscription.billingPeriod.flatMap(BillingPeriod.init(iso8601:)),
                subscription.periodAnchor != nil, payment.cycle >= 1
            else { return .notRecurring }
            let recorded = try await Checkout.query(on: transaction).filter(\.$subscriptionID == subscriptionID)
                .filter(\.$renewalCycle == payment.cycle).count()
            guard recorded == 0, payment.cycle > 1 || subscription.cyclesPaid == 0 else { return .alreadyApplied }
            // The plan the member chose takes effect with the cycle it is paid for; a late cycle switches nothing.
            let switchTo =
                payment.cycle > subscription.cyclesPaid ? try await nextPlan(of: subscription, on: transaction) : nil

            let checkout = Checkout(
                userID: userID, planID: switchTo?.plan.id ?? subscription.$plan.id, externalID: payment.chargeID,
                status: .paid,
                paymentMethod: payment.method, totalAmount: payment.amountCents)
            checkout.gateway = payment.gateway
            checkout.paidAt = now
            checkout.subscriptionID = subscriptionID
            checkout.renewalCycle = payment.cycle
            if let customer = payment.customer {
                checkout.customerName = customer.name
                checkout.customerEmail = customer.email
                checkout.customerDocument = customer.cpf.digits
                checkout.customerPhone = customer.phone.digits
            }
            try await checkout.create(on: transaction)
            try await mailer?.paid(checkoutID: try checkout.requireID(), on: transaction, now: now)
            // A cycle at or below the last one paid (delivered after a later one) is recorded and extends nothing.
            guard payment.cycle > subscription.cyclesPaid else { return .recorded }

            let end = subscription.endDate ?? now
            if end <= now || subscription.status == .expired {
                // Lapsed: reactivated from the payment's date, this cycle the first of a fresh anchor.
                subscription.periodAnchor = now
                subscription.anchorCycle = payment.cycle - 1
            } else if !isOnItsAnchor(subscription) || (switchTo.map { $0.period != period } ?? false) {
                // Off its anchor, or moving to another period's plan: the new cycles count from this end.
                subscription.periodAnchor = end
                subscription.anchorCycle = subscription.cyclesPaid
            }
            var cyclePeriod = period
            if let switchTo {
                subscription.$plan.id = switchTo.plan.id
                subscription.billingPeriod = switchTo.period.iso8601
                subscription.renewalPrice = switchTo.plan.price
                cyclePeriod = switchTo.period
            }
            subscription.nextPlanID = nil
            // Active, or past due before its end (a retry that succeeded early): no day already paid is lost.
            subscription.cyclesPaid = payment.cycle
            subscription.endDate = cyclePeriod.end(
                ofPeriod: payment.cycle - subscription.anchorCycle, anchoredAt: subscription.periodAnchor ?? now)
            subscription.status = .active
            subscription.graceEndsAt = nil
            try await subscription.save(on: transaction)
            try await SubscriptionLifecycle.refreshUserStatus(userID, on: transaction, now: now)
            return .extended(until: subscription.endDate ?? now)
        }
    }

    /// The recurring plan the member chose for the next renewal (`next_plan_id`), while it can still be sold on
    /// these terms; nil when none was chosen, or the plan was since made one-time.
    public static func nextPlan(of subscription: Subscription, on database: any Database) async throws
        -> (plan: Plan, period: BillingPeriod)?
    {
        guard let id = subscription.nextPlanID, id != subscription.$plan.id,
            let plan = try await Plan.find(id, on: database), plan.billing == .recurring,
            let period = plan.billingPeriod.flatMap(BillingPeriod.init(iso8601:))
        else { return nil }
        return (plan, period)
    }

    public enum DeclineOutcome: Sendable, Equatable {
        /// The subscription is past due; its member keeps access until this moment.
        case pastDue(graceUntil: Date)
        /// The cycle was paid, or the subscription was already past due or over: nothing changed.
        case unchanged
        case notRecurring
    }

    /// A renewal of the next cycle that the provider declined: an active subscription becomes past due, with
    /// access for `graceDays` days past its end, when the expiry job ends it unless a payment comes first
    /// (`applyPaid`). A second decline doesn't lengthen the grace; a decline of any other cycle changes nothing.
    public static func renewalDeclined(
        cycle: Int, ofSubscription subscriptionID: Int, graceDays: Int, on database: any Database, now: Date = Date()
    ) async throws -> DeclineOutcome {
        try await database.transaction { transaction in
            guard let subscription = try await Subscription.find(subscriptionID, on: transaction),
                let userID = subscription.$user.id, subscription.billingPeriod != nil
            else { return .notRecurring }
            try await SubscriptionLifecycle.lockSubscriptions(of: userID, on: transaction)
            guard let fresh = try await Subscription.find(subscriptionID, on: transaction),
                cycle == fresh.cyclesPaid + 1, fresh.status == .active
            else { return .unchanged }
            // The grace runs from the end of the last paid cycle, whenever the decline arrives.
            let grace = (fresh.endDate ?? now).addingTimeInterval(TimeInterval(max(0, graceDays)) * 86_400)
            fresh.status = .pastDue
            fresh.graceEndsAt = grace
            try await fresh.save(on: transaction)
            try await SubscriptionLifecycle.refreshUserStatus(userID, on: transaction, now: now)
            return .pastDue(graceUntil: grace)
        }
    }
}
