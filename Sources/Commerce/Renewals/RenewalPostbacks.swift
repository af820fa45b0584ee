import FluentKit
import Foundation
import Payments
import SQLKit
import Schema
import Site

/// The reference a renewal's charge carries at its provider: `sub<subscription>c<cycle>`, so that the provider's
/// word about a charge names what it pays, whichever way it arrives.
public struct RenewalReference: Sendable, Equatable, CustomStringConvertible {
    public var subscriptionID: Int
    public var cycle: Int

    public init(subscriptionID: Int, cycle: Int) {
        self.subscriptionID = subscriptionID
        self.cycle = cycle
    }

    public init?(_ text: String) {
        guard text.hasPrefix("sub"), let separator = text.firstIndex(of: "c"),
            let subscription = Int(text[text.index(text.startIndex, offsetBy: 3)..<separator]),
            let cycle = Int(text[text.index(after: separator)...]), subscription > 0, cycle > 0
        else { return nil }
        self.init(subscriptionID: subscription, cycle: cycle)
    }

    public var description: String { "sub\(subscriptionID)c\(cycle)" }
}

/// A provider's confirmed word about a renewal's charge, which no checkout holds until it is paid: one the
/// renewal job asked for and left pending (`renewal_attempts.charge_id`), or one the provider made by itself
/// for a subscription it renews, named by its `RenewalReference`. `PostbackProcessor` brings here what matches
/// no checkout; the event is already claimed under its key, so each applies once.
enum RenewalPostbacks {
    typealias Applied = (outcome: PostbackProcessor.Outcome, checkoutID: Int?, detail: String?)

    /// What the charge pays: a subscription's cycle, at the amount it must cost.
    struct Match {
        var subscription: Subscription
        var cycle: Int
        var amountCents: Int
    }

    /// Applies the charge if it is a renewal's; nil when it is none.
    static func apply(
        _ state: ChargeState, gateway: String, on database: any Database, now: Date, mailer: CheckoutMailer?
    ) async throws -> Applied? {
        let attempts = try await RenewalAttempt.query(on: database).filter(\.$gateway == gateway)
            .filter(\.$chargeID == state.chargeID).sort(\.$id, .descending).all()
        let match: Match
        switch try await self.match(state, attempt: attempts.first, gateway: gateway, on: database) {
        case nil: return nil
        case .failure(let refusal): return (.unknownCharge, nil, refusal.description)
        case .success(let found): match = found
        }
        let subscriptionID = try match.subscription.requireID()
        let named = "renewal cycle \(match.cycle) of subscription \(subscriptionID)"
        switch state.status {
        case .paid:
            guard state.amountCents == match.amountCents else {
                return (
                    .amountMismatch, nil,
                    "paid \(state.amountCents.map(String.init) ?? "no amount") cents for \(named), which costs \(match.amountCents)"
                )
            }
            func paidBefore(by recorded: Checkout) -> Applied {
                guard recorded.externalID == state.chargeID else {
                    return (
                        .unknownCharge, nil,
                        "payment \(state.chargeID) for \(named), which payment \(recorded.externalID ?? "?") settled: refund it"
                    )
                }
                return (.alreadyApplied, recorded.id, nil)
            }
            if let recorded = try await cycleCheckout(subscriptionID, match.cycle, on: database) {
                return paidBefore(by: recorded)
            }
            let outcome = try await SubscriptionRenewals.applyPaid(
                .init(
                    cycle: match.cycle, amountCents: match.amountCents,
                    method: match.subscription.renewalMethod.flatMap(PaymentMethod.init) ?? .creditCard,
                    gateway: gateway, chargeID: state.chargeID,
                    customer: try await AutomaticRenewals.customer(of: match.subscription, database)),
                toSubscription: subscriptionID, on: database, now: now, mailer: mailer)
            try await settleAttempts(attempts, as: .paid, on: database)
            if attempts.isEmpty, outcome != .alreadyApplied, outcome != .notRecurring {
                try await recordProviderCharge(match, state, gateway: gateway, .paid, on: database, now: now)
            }
            let recorded = try await cycleCheckout(subscriptionID, match.cycle, on: database)
            switch outcome {
            case .extended(let until):
                return (.applied, recorded?.id, "\(named) paid; it runs until \(until.ISO8601Format())")
            case .recorded: return (.applied, recorded?.id, "\(named) paid late; recorded, extending nothing")
            case .alreadyApplied:
                // Another delivery got there first, with this payment or with another one.
                return recorded.map(paidBefore(by:)) ?? (.alreadyApplied, nil, nil)
            case .notRecurring: return (.unknownCharge, nil, "subscription \(subscriptionID) has no recurring terms")
            }
        case .failed:
            let graceDays = try await SiteSettings.count(.graceDays, on: database)
            let outcome = try await SubscriptionRenewals.renewalDeclined(
                cycle: match.cycle, ofSubscription: subscriptionID, graceDays: graceDays, on: database, now: now)
            try await settleAttempts(attempts, as: .declined, on: database)
            if attempts.isEmpty {
                try await recordProviderCharge(match, state, gateway: gateway, .declined, on: database, now: now)
            }
            guard case .pastDue(let graceUntil) = outcome else {
                return (.noChange, nil, "\(named) declined; the subscription was paid, past due or over already")
            }
            try await mailer?.renewalDeclined(
                match.subscription, cycle: match.cycle, amountCents: match.amountCents, accessUntil: graceUntil,
                on: database, now: now)
            return (.applied, nil, "\(named) declined; past due, with access until \(graceUntil.ISO8601Format())")
        case .pending, .refunded, .chargedBack:
            // A refund of a renewal that was paid finds its checkout; one never paid has nothing to undo.
            return (.noChange, nil, "a \(state.status.rawValue) \(named), never paid")
        }
    }

    /// What the charge pays, from the renewal job's attempt or else the reference; a failure names why a
    /// renewal's charge can't be applied. Nil when it is no renewal's.
    static func match(
        _ state: ChargeState, attempt: RenewalAttempt?, gateway: String, on database: any Database
    ) async throws -> Result<Match, RefusedRenewal>? {
        if let attempt {
            guard let subscription = try await subscription(attempt.subscriptionID, on: database) else {
                return .failure(.init("subscription \(attempt.subscriptionID) of charge \(state.chargeID) is gone"))
            }
            // Renewal off since the job asked (turned off, refunded, expired): a charge still paid isn't ours to
            // keep, and must not let the member back in.
            guard subscription.autoRenew else {
                return .failure(
                    .init(
                        "charge \(state.chargeID) of subscription \(attempt.subscriptionID), which renews no more: "
                            + "refund it"))
            }
            return .success(Match(subscription: subscription, cycle: attempt.cycle, amountCents: attempt.amount))
        }
        // A charge that names its cycle (`sub<ID>c<cycle>`) is matched by it, below, whatever recurrence it is of.
        if let recurrence = state.recurrenceID, state.reference.flatMap(RenewalReference.init) == nil {
            // A cycle the provider charged on its own schedule: the next one, at the terms it was authorised for.
            guard
                let subscription = try await Subscription.query(on: database).filter(\.$renewalGateway == gateway)
                    .filter(\.$renewalReference == recurrence).with(\.$plan).first()
            else {
                return .failure(.init("no subscription renews through \(gateway)'s recurrence \(recurrence)"))
            }
            // Renewal off here (turned off, refunded, charged back): what the provider still charged isn't ours
            // to keep, and must not let the member back in.
            guard subscription.autoRenew else {
                return .failure(
                    .init(
                        "charge \(state.chargeID) of \(gateway)'s recurrence \(recurrence), whose subscription "
                            + "\(subscription.id ?? 0) renews no more: refund it, and cancel the recurrence there"))
            }
            return .success(
                Match(
                    subscription: subscription, cycle: subscription.cyclesPaid + 1,
                    amountCents: subscription.renewalPrice ?? 0))
        }
        guard let reference = state.reference.flatMap(RenewalReference.init) else { return nil }
        // Only the gateway that renews the subscription may speak for it.
        guard let subscription = try await subscription(reference.subscriptionID, on: database),
            subscription.renewalGateway == gateway
        else {
            return .failure(.init("no subscription of \(gateway) renews as \(reference) (charge \(state.chargeID))"))
        }
        let next = subscription.cyclesPaid + 1
        guard reference.cycle <= next else {
            return .failure(
                .init("charge \(state.chargeID) is for cycle \(reference.cycle); the next one due is \(next)"))
        }
        // The amount the job asked for this cycle, else what it would ask: the chosen plan's price, or the terms'.
        let asked = try await RenewalAttempt.query(on: database).filter(\.$subscriptionID == reference.subscriptionID)
            .filter(\.$cycle == reference.cycle).filter(\.$gateway == gateway).sort(\.$id, .descending).first()
        var price = asked?.amount ?? subscription.renewalPrice ?? 0
        if asked == nil, reference.cycle == next {
            price = try await AutomaticRenewals.nextCharge(of: subscription, on: database).amountCents
        }
        return .success(Match(subscription: subscription, cycle: reference.cycle, amountCents: price))
    }

    /// A recurrence the provider reports changed: one paused or cancelled (by the buyer in their bank or at the
    /// provider, or by us) turns its subscription's renewal off, keeping access to the end; a paused one authorised
    /// again turns it back on. Recorded under `RecurrenceState.changeKey` (its status and, where the provider says,
    /// when it changed), so each change applies once, and a pause, a resume and a second pause are three.
    static func recurrenceChanged(
        _ id: String, gateway: any PaymentProvider, payload: String, on database: any Database, now: Date
    ) async throws -> PostbackProcessor.Outcome {
        let state: RecurrenceState
        do {
            state = try await gateway.fetchRecurrence(id: id)
        } catch PaymentProviderError.refused(status: 404, let message) {
            try await PostbackProcessor.record(
                gateway: gateway.name, key: "unfound:" + UUID().uuidString, event: nil, verified: true,
                outcome: .unknownCharge, detail: "the provider has no recurrence \(id): \(message)", payload: payload,
                on: database)
            return .unknownCharge
        } catch {
            try await PostbackProcessor.record(
                gateway: gateway.name, key: "unconfirmed:" + UUID().uuidString, event: nil, verified: true,
                outcome: .providerUnavailable, detail: "\(error)", payload: payload, on: database)
            return .providerUnavailable
        }
        // Nothing renews through it yet (its charge's postback is still on its way): recorded without claiming
        // the event, so the same news, sent again or found by the renewal job, still turns renewal off later.
        let renewing = try await Subscription.query(on: database).filter(\.$renewalGateway == gateway.name)
            .filter(\.$renewalReference == state.id).count()
        guard state.status == .active || state.status == .pending || renewing > 0 else {
            try await PostbackProcessor.record(
                gateway: gateway.name, key: "unmatched:" + UUID().uuidString, event: nil, verified: true,
                outcome: .unknownCharge,
                detail:
                    "\(gateway.name)'s recurrence \(state.id) is \(state.providerStatus); no subscription renews through it yet",
                payload: payload, on: database)
            return .unknownCharge
        }
        return try await PostbackProcessor.once(
            state.changeKey, gateway: gateway.name, recording: nil, resourceID: state.id, payload: payload,
            on: database
        ) { transaction in
            let (outcome, detail) =
                state.status == .active
                ? try await resumeRenewal(of: state, gateway: gateway.name, on: transaction)
                : try await stopRenewal(of: state, gateway: gateway.name, on: transaction, now: now)
            return (outcome, nil, detail)
        }
    }

    /// A paused recurrence authorised again (the buyer resumed it at Mercado Pago) turns its subscription's renewal
    /// back on, while the subscription lasts. Only the provider's pause turns renewal off with the recurrence
    /// still able to charge: the member's and the admin's cancels, and a refund's, cancel it there for good, so
    /// an authorised one with renewal off here was paused. An expired subscription isn't brought back: its next
    /// cycle's payment is refused "refund it", as for any charge after the end.
    static func resumeRenewal(
        of state: RecurrenceState, gateway: String, on database: any Database
    ) async throws -> (PostbackProcessor.Outcome, String) {
        let named = "\(gateway)'s recurrence \(state.id) is \(state.providerStatus)"
        guard
            let found = try await Subscription.query(on: database).filter(\.$renewalGateway == gateway)
                .filter(\.$renewalReference == state.id).first(),
            let userID = found.$user.id
        else { return (.noChange, named) }
        try await SubscriptionLifecycle.lockSubscriptions(of: userID, on: database)
        guard let subscription = try await Subscription.find(found.id, on: database), !subscription.autoRenew,
            subscription.status == .active || subscription.status == .pastDue
        else { return (.noChange, named) }
        subscription.autoRenew = true
        subscription.cancelledAt = nil
        try await subscription.save(on: database)
        return (.applied, named + " again; subscription \(subscription.id ?? 0) renews through it again")
    }

    /// A recurrence that charges nothing more turns its subscription's renewal off.
    static func stopRenewal(
        of state: RecurrenceState, gateway: String, on database: any Database, now: Date
    ) async throws -> (PostbackProcessor.Outcome, String) {
        let named = "\(gateway)'s recurrence \(state.id) is \(state.providerStatus)"
        guard state.status == .stopped || state.status == .paused else { return (.noChange, named) }
        guard
            let found = try await Subscription.query(on: database).filter(\.$renewalGateway == gateway)
                .filter(\.$renewalReference == state.id).first(),
            let userID = found.$user.id
        else { return (.unknownCharge, named + "; no subscription renews through it") }
        try await SubscriptionLifecycle.lockSubscriptions(of: userID, on: database)
        guard let subscription = try await Subscription.find(found.id, on: database), subscription.autoRenew else {
            return (.alreadyApplied, named + "; its subscription's renewal was off already")
        }
        subscription.autoRenew = false
        subscription.cancelledAt = now
        try await subscription.save(on: database)
        return (.applied, named + "; subscription \(subscription.id ?? 0) renews no more")
    }

    struct RefusedRenewal: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    static func subscription(_ id: Int, on database: any Database) async throws -> Subscription? {
        try await Subscription.query(on: database).filter(\.$id == id).with(\.$plan).first()
    }

    /// The checkout that records a paid cycle (unique per subscription and cycle).
    static func cycleCheckout(_ subscriptionID: Int, _ cycle: Int, on database: any Database) async throws
        -> Checkout?
    {
        try await Checkout.query(on: database).filter(\.$subscriptionID == subscriptionID)
            .filter(\.$renewalCycle == cycle).first()
    }

    /// A charge the provider made by itself (a preapproval's cycle, or the sandbox's simulated one) is a
    /// `renewal_attempts` row too, so revenue counts every renewal and every decline.
    static func recordProviderCharge(
        _ match: Match, _ state: ChargeState, gateway: String, _ outcome: RenewalAttemptOutcome,
        on database: any Database, now: Date
    ) async throws {
        try await RenewalAttempt(
            subscriptionID: try match.subscription.requireID(), cycle: match.cycle, amount: match.amountCents,
            gateway: gateway, chargeID: state.chargeID, outcome: outcome, detail: "charged by the provider",
            attemptedAt: now
        ).create(on: database)
    }

    /// The job's pending attempts for this charge take the provider's answer, for the admin to read.
    static func settleAttempts(
        _ attempts: [RenewalAttempt], as outcome: RenewalAttemptOutcome, on database: any Database
    ) async throws {
        for attempt in attempts where attempt.outcome == .pending {
            attempt.outcome = outcome
            try await attempt.save(on: database)
        }
    }
}
