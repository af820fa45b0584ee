import FluentKit
import Foundation
import Localization
import Schema

/// What a member sees and decides of their own subscription, on `/conta/assinatura` and at
/// `/api/v1/me/subscription`: its plan and standing, the next charge, renewal turned off (access runs to the end)
/// and back on, the plan the next renewal switches to, and what they paid.
public enum MemberSubscription {
    public enum Problem: String, RefusalReason {
        case noSubscription = "no_subscription"
        case renewsOnlyByHand = "renews_only_by_hand"
        case planNotSwitchable = "plan_not_switchable"
        case notRecurring = "not_recurring"

        public func message(_ copy: Copy) -> String {
            switch self {
            case .noSubscription: copy.memberHasNoSubscription
            case .renewsOnlyByHand: copy.memberRenewsOnlyByHand
            case .planNotSwitchable: copy.memberPlanNotSwitchable
            case .notRecurring: copy.memberSubscriptionNotRecurring
            }
        }

        public var code: String? { rawValue }
    }

    /// The member's subscription as they see it.
    public struct Overview: Sendable {
        public struct NextCharge: Sendable, Equatable {
            /// When the renewal job charges it, at the soonest.
            public let on: Date
            public let amount: Money
            public let method: PaymentMethod
        }

        public let id: Int
        public let planID: Int?
        public let planName: String?
        public let status: SubscriptionStatus
        public let endDate: Date?
        /// While past due: when access stops.
        public let graceEndsAt: Date?
        /// Whether it lets the member in now (`Subscription.grantsAccess`).
        public let grantsAccess: Bool
        /// Whether it is a recurring plan's, which renews by itself or by a reminder.
        public let isRecurring: Bool
        /// Renewal is on and the renewal job charges it (`AutomaticRenewals.renewsByItself`).
        public let renewsByItself: Bool
        /// When the member (or the provider) turned renewal off.
        public let cancelledAt: Date?
        /// Renewal is off, and could be on again: the provider still holds the method.
        public let canResume: Bool
        /// A provider charges it on its own schedule (a preapproval), at the amount the buyer authorised there.
        public let renewsOnProviderSchedule: Bool
        /// The method it renews with, when it renews by itself or could again.
        public let renewalMethod: PaymentMethod?
        public let nextCharge: NextCharge?
        /// The plan the next renewal switches to.
        public let nextPlan: (id: Int, name: String)?

        init(_ subscription: Subscription, nextPlan: Plan?, now: Date) {
            id = subscription.id ?? 0
            planID = subscription.$plan.id
            planName = subscription.plan?.name
            status = subscription.status
            endDate = subscription.endDate
            graceEndsAt = subscription.graceEndsAt
            grantsAccess = subscription.grantsAccess(at: now)
            isRecurring = subscription.billingPeriod != nil
            renewsByItself = grantsAccess && AutomaticRenewals.renewsByItself(subscription)
            cancelledAt = subscription.cancelledAt
            renewsOnProviderSchedule = ScheduledRenewals.isScheduled(subscription)
            canResume = grantsAccess && !subscription.autoRenew && AutomaticRenewals.holdsRenewalMethod(subscription)
            renewalMethod =
                subscription.renewalReference == nil ? nil : subscription.renewalMethod.flatMap(PaymentMethod.init)
            self.nextPlan = nextPlan.flatMap { plan in plan.id.map { ($0, plan.name) } }
            let amount = nextPlan?.price ?? subscription.renewalPrice
            if renewsByItself, let amount, let method = renewalMethod {
                nextCharge = NextCharge(
                    on: MemberSubscription.nextChargeDate(of: subscription, now: now), amount: Money(cents: amount),
                    method: method)
            } else {
                nextCharge = nil
            }
        }
    }

    /// The subscription the member has: the one that lets them in now, else the latest that did. Nil for a
    /// member who never had one.
    public static func current(of userID: Int, on database: any Database, now: Date = Date()) async throws
        -> Overview?
    {
        guard let subscription = try await find(userID, on: database, now: now) else { return nil }
        return try await overview(subscription, on: database, now: now)
    }

    /// Turns renewal off: nothing more is charged, and access runs to the end. Turning it off twice is no error.
    /// A schedule the provider keeps (a preapproval) is cancelled there first, in the same operation: if the
    /// provider doesn't confirm, nothing changes and the refusal says so.
    public static func cancel(
        userID: Int, providers: ScheduledRenewals.Providers = .none, on database: any Database, now: Date = Date()
    ) async throws -> Overview {
        if let running = try await SubscriptionLifecycle.runningSubscription(of: userID, on: database, now: now) {
            try await ScheduledRenewals.cancelAtProvider(running, providers: providers, on: database)
        }
        return try await change(userID, on: database, now: now) { subscription, _ in
            guard subscription.autoRenew else { return }
            // The kept card stays with the provider, so renewal can be turned on again; the renewal job charges
            // only what has `auto_renew` on.
            subscription.autoRenew = false
            subscription.cancelledAt = now
        }
    }

    /// Turns renewal back on, before the end: it continues with no gap. Only a subscription whose provider still
    /// holds a method can; one renewed by hand is refused, naming `renewal`.
    public static func resume(userID: Int, on database: any Database, now: Date = Date()) async throws -> Overview {
        try await change(userID, on: database, now: now) { subscription, _ in
            guard !subscription.autoRenew else { return }
            guard AutomaticRenewals.holdsRenewalMethod(subscription) else {
                throw Refusal(.invalid, fields: ["renewal": Problem.renewsOnlyByHand])
            }
            subscription.autoRenew = true
            subscription.cancelledAt = nil
        }
    }

    /// The recurring plans a member may switch to at the next renewal: on sale here, and paid the way the
    /// subscription renews.
    public static func switchablePlans(for overview: Overview, on database: any Database) async throws -> [Plan] {
        // A provider's schedule charges the amount the buyer authorised there: another plan needs a new one.
        guard overview.grantsAccess, overview.isRecurring, !overview.renewsOnProviderSchedule else { return [] }
        return try await Plan.query(on: database).filter(\.$billing == .recurring).sort(\.$price).all()
            .filter { plan in
                plan.id != overview.planID && plan.checkoutURL == nil
                    && plan.billingPeriod.flatMap(BillingPeriod.init(iso8601:)) != nil
                    && (overview.renewalMethod == .creditCard ? plan.acceptsCard : true)
            }
    }

    /// Chooses the plan the next renewal moves to; the subscription's own plan (or nil) cancels a switch.
    public static func switchPlan(userID: Int, to planID: Int?, on database: any Database, now: Date = Date())
        async throws -> Overview
    {
        try await change(userID, on: database, now: now) { subscription, transaction in
            guard subscription.billingPeriod != nil else {
                throw Refusal(.invalid, fields: ["plan_id": Problem.notRecurring])
            }
            guard let planID, planID != subscription.$plan.id else {
                subscription.nextPlanID = nil
                return
            }
            let current = try await overview(subscription, on: transaction, now: now)
            guard try await switchablePlans(for: current, on: transaction).contains(where: { $0.id == planID }) else {
                throw Refusal(.invalid, fields: ["plan_id": Problem.planNotSwitchable])
            }
            subscription.nextPlanID = planID
        }
    }

    /// A paid checkout of the member's, newest first.
    public struct PaymentRecord: Sendable {
        public let checkoutID: Int
        public let planName: String?
        public let amount: Money
        public let method: PaymentMethod?
        public let paidAt: Date
        public let renewalCycle: Int?
        public let isRefunded: Bool
    }

    /// What the member paid, newest first: each checkout that was paid, refunded ones included.
    public static func payments(of userID: Int, on database: any Database, limit: Int = 120) async throws
        -> [PaymentRecord]
    {
        try await Checkout.query(on: database).filter(\.$user.$id == userID).filter(\.$paidAt != nil)
            .with(\.$plan).sort(\.$paidAt, .descending).sort(\.$id, .descending).limit(limit).all()
            .compactMap { checkout in
                guard let id = checkout.id, let paidAt = checkout.paidAt else { return nil }
                return PaymentRecord(
                    checkoutID: id, planName: checkout.plan?.name, amount: Money(cents: checkout.totalAmount),
                    method: checkout.paymentMethod, paidAt: paidAt, renewalCycle: checkout.renewalCycle,
                    isRefunded: checkout.status != .paid)
            }
    }

    /// The receipt of one of the member's own payments; nil for another's, or one never paid.
    public static func receipt(checkoutID: Int, of userID: Int, on database: any Database) async throws -> Receipt? {
        guard
            let checkout = try await Checkout.query(on: database).filter(\.$id == checkoutID)
                .filter(\.$user.$id == userID).with(\.$plan).first()
        else { return nil }
        return try await Receipt.of(checkout, on: database)
    }

    // MARK: - Rules

    /// The renewal job charges a subscription a day before its end, and a declined one a day after the last try.
    static func nextChargeDate(of subscription: Subscription, now: Date) -> Date {
        let due: Date
        if subscription.renewalMethod == PaymentMethod.pix.rawValue {
            // Pix Automático: the payer's bank pays the cycle on the day it is due, the subscription's end.
            due = subscription.endDate ?? now
        } else if subscription.status == .pastDue {
            due = (subscription.renewalAttemptedAt ?? now).addingTimeInterval(AutomaticRenewals.retryAfter)
        } else {
            due = (subscription.endDate ?? now).addingTimeInterval(-AutomaticRenewals.chargeAhead)
        }
        return max(due, now)
    }

    private static func find(_ userID: Int, on database: any Database, now: Date) async throws -> Subscription? {
        if let running = try await SubscriptionLifecycle.runningSubscription(of: userID, on: database, now: now) {
            return running
        }
        return try await Subscription.query(on: database).filter(\.$user.$id == userID)
            .filter(\.$status != .pending).sort(\.$endDate, .descending).sort(\.$id, .descending).first()
    }

    private static func overview(_ subscription: Subscription, on database: any Database, now: Date) async throws
        -> Overview
    {
        if subscription.$plan.value == nil { try await subscription.$plan.load(on: database) }
        var nextPlan: Plan?
        if let id = subscription.nextPlanID { nextPlan = try await Plan.find(id, on: database) }
        return Overview(subscription, nextPlan: nextPlan, now: now)
    }

    /// Changes the member's running subscription under their lock; a member with none is refused.
    private static func change(
        _ userID: Int, on database: any Database, now: Date,
        _ body: @escaping @Sendable (Subscription, _ transaction: any Database) async throws -> Void
    ) async throws -> Overview {
        try await database.transaction { transaction in
            try await SubscriptionLifecycle.lockSubscriptions(of: userID, on: transaction)
            guard
                let subscription = try await SubscriptionLifecycle.runningSubscription(
                    of: userID, on: transaction, now: now)
            else { throw Refusal(.notFound, reason: Problem.noSubscription) }
            try await body(subscription, transaction)
            try await subscription.save(on: transaction)
            return try await overview(subscription, on: transaction, now: now)
        }
    }
}
