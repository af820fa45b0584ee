import FluentKit
import Foundation
import Payments
import SQLKit
import Schema

/// What a subscription renews with: the provider's handle on the buyer's consent to be charged each cycle
/// (`subscriptions.renewal_*`, step 0031).
public struct RenewalMethod: Sendable, Equatable {
    public var gateway: String
    public var method: PaymentMethod
    /// A card the provider keeps (`Charge.savedCardToken`).
    public var reference: String

    public init(gateway: String, method: PaymentMethod, reference: String) {
        self.gateway = gateway
        self.method = method
        self.reference = reference
    }

    /// Sets it on a subscription, which then renews by itself.
    func apply(to subscription: Subscription) {
        subscription.renewalGateway = gateway
        subscription.renewalMethod = method.rawValue
        subscription.renewalReference = reference
        subscription.renewalAttemptedAt = nil
        subscription.autoRenew = true
    }
}

/// The `renew-subscriptions` job: charges the kept card of each recurring subscription that renews by itself, a
/// day before its end, and again once a day through its grace after a decline.
/// - Each subscription is claimed first, by a guarded UPDATE of `renewal_attempted_at`, so no transaction is held
///   over the provider's call and a second instance, or a rerun, charges nothing in the meantime.
/// - Paid: the cycle is applied once (`SubscriptionRenewals.applyPaid`), with a receipt. Declined: the
///   subscription is past due (`renewalDeclined`), with one notice. A provider that can't be asked is asked
///   again an hour later. Every charge asked for is a `renewal_attempts` row.
public enum AutomaticRenewals {
    /// How long before its end a subscription is charged: a decline then still leaves the member a day's notice.
    public static let chargeAhead: TimeInterval = 86_400
    /// A claimed subscription isn't charged again for this long: a declined card is tried once a day.
    public static let retryAfter: TimeInterval = 86_400
    /// A provider that couldn't be asked is asked again after this long.
    public static let retryUnreachableAfter: TimeInterval = 3_600
    /// How long before its end a Pix Automático cycle is charged: the arrangement takes a cycle's charge 2 to 10
    /// days before it is due, and a week leaves days to retry a PSP that is down.
    public static let pixChargeAhead: TimeInterval = 7 * 86_400
    /// Subscriptions read at once.
    static let page = 200
    /// Subscriptions charged at once on PostgreSQL: a provider answers in a few hundred milliseconds, and 100,000
    /// renewals one after another would take hours.
    public static let concurrency = 8

    /// Runs `body` on each item, at most `width` at once, and returns the results in any order.
    static func concurrently<Result: Sendable>(
        _ items: [Int], width: Int, _ body: @escaping @Sendable (Int) async throws -> Result
    ) async throws -> [Result] {
        try await withThrowingTaskGroup(of: Result.self) { group in
            var results: [Result] = []
            var next = items.makeIterator()
            for _ in 0..<max(width, 1) {
                guard let item = next.next() else { break }
                group.addTask { try await body(item) }
            }
            while let result = try await group.next() {
                results.append(result)
                if let item = next.next() { group.addTask { try await body(item) } }
            }
            return results
        }
    }

    public struct Round: Sendable, Equatable {
        public var renewed = 0
        public var declined = 0
        /// Charges the provider couldn't be asked for, or left pending; tried again later.
        public var deferred = 0

        public var total: Int { renewed + declined + deferred }
    }

    /// Whether the renewal job charges this subscription by itself: the methods it can charge today. The same
    /// terms as the first lines of `renewDue`'s query, which must change with it.
    public static func renewsByItself(_ subscription: Subscription) -> Bool {
        subscription.autoRenew && holdsRenewalMethod(subscription)
    }

    /// Whether the provider holds a method the job can charge, on or off: what renewal needs to be turned on. A
    /// kept card, or a Pix Automático recurrence at a gateway that takes them.
    public static func holdsRenewalMethod(_ subscription: Subscription) -> Bool {
        subscription.renewalReference != nil && subscription.billingPeriod != nil && subscription.renewalPrice != nil
            && (subscription.renewalMethod == PaymentMethod.creditCard.rawValue
                || (subscription.renewalMethod == PaymentMethod.pix.rawValue
                    && subscription.renewalGateway.flatMap(PaymentProviders.Kind.init(rawValue:))?.acceptsRecurringPix
                        == true))
            // A provider's own schedule, once cancelled there, is gone: turning renewal on again needs a new one.
            && (subscription.autoRenew || !ScheduledRenewals.isScheduled(subscription))
    }

    /// Runs one round at `now`. `providers` are the configured gateways' providers by name; a subscription
    /// whose gateway isn't among them waits.
    public static func renewDue(
        providers: [any PaymentProvider], graceDays: Int, on database: any Database, now: Date = Date(),
        mailer: CheckoutMailer? = nil
    ) async throws -> Round {
        // A provider that charges on its own schedule is never asked: its postbacks bring each cycle.
        let byName = Dictionary(
            providers.filter { !$0.schedulesRenewals }.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        guard !byName.isEmpty else { return Round() }
        let pixGateways = PaymentProviders.Kind.allCases.filter(\.acceptsRecurringPix).map(\.rawValue)
        let sql = try SubscriptionLifecycle.sqlDatabase(database)
        var round = Round()
        var cursor = 0
        while true {
            let due = try await sql.raw(
                """
                SELECT id FROM subscriptions
                WHERE auto_renew = \(bind: true)
                  AND renewal_reference IS NOT NULL AND renewal_gateway IN (\(binds: byName.keys.sorted()))
                  AND billing_period IS NOT NULL AND renewal_price IS NOT NULL
                  AND ((renewal_method = \(bind: PaymentMethod.creditCard.rawValue)
                      AND ((status = 'active' AND end_date <= \(bind: now.addingTimeInterval(chargeAhead)))
                        OR (status = 'past_due' AND grace_ends_at > \(bind: now))))
                    -- A Pix Automático cycle is asked for once, a week ahead; a declined one is final (the job
                    -- commands no retentativa), and the subscription waits out its grace.
                    OR (renewal_method = \(bind: PaymentMethod.pix.rawValue) AND renewal_gateway IN (\(binds: pixGateways))
                      AND ((status = 'active' AND end_date <= \(bind: now.addingTimeInterval(pixChargeAhead)))
                        -- Past due while its cycle's charge is open (its news lost): asked about, in its grace.
                        OR (status = 'past_due' AND grace_ends_at > \(bind: now) AND EXISTS (
                          SELECT 1 FROM renewal_attempts WHERE renewal_attempts.subscription_id = subscriptions.id
                            AND renewal_attempts.outcome = \(bind: RenewalAttemptOutcome.pending.rawValue))))))
                  AND (renewal_attempted_at IS NULL OR renewal_attempted_at <= \(bind: now.addingTimeInterval(-retryAfter)))
                  AND id > \(bind: cursor)
                ORDER BY id LIMIT \(bind: page)
                """
            ).all().map { try $0.decode(column: "id", as: Int.self) }
            // Several at once on PostgreSQL: each waits on its provider, and the claims keep them apart. SQLite
            // takes one writer at a time anyway.
            let width = try SQLFlavor(sql) == .postgres ? concurrency : 1
            let outcomes = try await concurrently(due, width: width) { id -> RenewalAttemptOutcome? in
                guard try await claim(id, on: sql, now: now),
                    let subscription = try await Subscription.query(on: database).filter(\.$id == id).with(\.$plan)
                        .first(),
                    let provider = subscription.renewalGateway.flatMap({ byName[$0] })
                else { return nil }
                do {
                    return try await renew(
                        subscription, with: provider, graceDays: graceDays, on: database, now: now, mailer: mailer)
                } catch {
                    // One subscription's failure (a deadlock, a constraint) doesn't stop the round: it is asked
                    // again within the hour. A charge taken is on record as paid before it is applied.
                    try? await release(id, on: database, now: now)
                    return .unreachable
                }
            }
            for outcome in outcomes {
                switch outcome {
                case .paid?: round.renewed += 1
                case .declined?: round.declined += 1
                case .pending?, .unreachable?: round.deferred += 1
                case nil: break
                }
            }
            guard due.count == page, let last = due.last else { return round }
            cursor = last
        }
    }

    /// Takes the subscription for this round, unless another instance took it first.
    static func claim(_ id: Int, on sql: any SQLDatabase, now: Date) async throws -> Bool {
        try await !sql.raw(
            """
            UPDATE subscriptions SET renewal_attempted_at = \(bind: now)
            WHERE id = \(bind: id)
              AND (renewal_attempted_at IS NULL OR renewal_attempted_at <= \(bind: now.addingTimeInterval(-retryAfter)))
            RETURNING id
            """
        ).all().isEmpty
    }

    /// Charges the next cycle of a claimed subscription and applies the answer.
    static func renew(
        _ subscription: Subscription, with provider: any PaymentProvider, graceDays: Int, on database: any Database,
        now: Date, mailer: CheckoutMailer?
    ) async throws -> RenewalAttemptOutcome {
        let id = try subscription.requireID()
        let next = try await nextCharge(of: subscription, on: database)
        let cycle = next.reference.cycle
        let amount = next.amountCents
        func record(_ outcome: RenewalAttemptOutcome, chargeID: String?, detail: String?) async throws {
            try await RenewalAttempt(
                subscriptionID: id, cycle: cycle, amount: amount, gateway: provider.name, chargeID: chargeID,
                outcome: outcome, detail: detail, attemptedAt: now
            ).create(on: database)
        }
        // A charge paid before whose cycle wasn't applied (the database failed in between): applied now, never
        // charged twice. `applyPaid` applies a cycle once, so this is safe to repeat.
        if let paid = try await RenewalAttempt.query(on: database).filter(\.$subscriptionID == id)
            .filter(\.$cycle == cycle).filter(\.$outcome == .paid).first()
        {
            _ = try await SubscriptionRenewals.applyPaid(
                .init(
                    cycle: cycle, amountCents: paid.amount, method: .creditCard, gateway: paid.gateway,
                    chargeID: paid.chargeID, customer: try await customer(of: subscription, database)),
                toSubscription: id, on: database, now: now, mailer: mailer)
            return .paid
        }
        if subscription.renewalMethod == PaymentMethod.pix.rawValue {
            return try await renewByPix(
                subscription, next, with: provider, graceDays: graceDays, on: database, now: now, mailer: mailer,
                record: record)
        }
        guard let token = subscription.renewalReference, let customer = try await customer(of: subscription, database)
        else {
            // Nothing to charge with: asked again tomorrow, by when an admin may have mended the data.
            try await record(.unreachable, chargeID: nil, detail: "no CPF and mobile on record for this subscription")
            return .unreachable
        }
        let charge: Charge
        do {
            charge = try await provider.createCharge(
                ChargeRequest(
                    reference: RenewalReference(subscriptionID: id, cycle: cycle).description, amountCents: amount,
                    method: .savedCard(token: token),
                    customer: customer, description: next.planName ?? subscription.plan?.name ?? "Renovação"))
        } catch let failure as PaymentProviderError {
            try await release(id, on: database, now: now)
            try await record(.unreachable, chargeID: nil, detail: "\(failure)")
            return .unreachable
        }
        switch charge.status {
        case .paid:
            // Recorded before it is applied, so the money taken is on record whatever happens next.
            try await record(.paid, chargeID: charge.id, detail: nil)
            _ = try await SubscriptionRenewals.applyPaid(
                .init(
                    cycle: cycle, amountCents: amount, method: .creditCard, gateway: provider.name,
                    chargeID: charge.id, customer: customer),
                toSubscription: id, on: database, now: now, mailer: mailer)
            return .paid
        case .failed, .refunded, .chargedBack:
            let outcome = try await SubscriptionRenewals.renewalDeclined(
                cycle: cycle, ofSubscription: id, graceDays: graceDays, on: database, now: now)
            if case .pastDue(let graceUntil) = outcome {
                try await mailer?.renewalDeclined(
                    subscription, cycle: cycle, amountCents: amount, accessUntil: graceUntil, on: database, now: now)
            }
            try await record(.declined, chargeID: charge.id, detail: nil)
            return .declined
        case .pending:
            // The provider will say by postback; until then the claim holds for a day.
            try await record(.pending, chargeID: charge.id, detail: nil)
            return .pending
        }
    }

    /// Asks the PSP for a Pix Automático cycle's charge, due the day the subscription ends: the payer's bank pays
    /// it that day, and its postback settles the cycle (`RenewalPostbacks`). A cycle whose charge is open
    /// already is asked about, not charged again. A recurrence the payer ended in their bank turns renewal off.
    static func renewByPix(
        _ subscription: Subscription, _ next: NextCharge, with provider: any PaymentProvider, graceDays: Int,
        on database: any Database, now: Date, mailer: CheckoutMailer?,
        record: (RenewalAttemptOutcome, _ chargeID: String?, _ detail: String?) async throws -> Void
    ) async throws -> RenewalAttemptOutcome {
        let id = try subscription.requireID()
        if let pending = next.pendingChargeID {
            // A provider whose postbacks state the charge in full (the sandbox) has nothing to be asked.
            guard provider.confirmsPostbacksByFetching else { return .pending }
            do {
                _ = try await PostbackProcessor.reconcile(
                    chargeID: pending, gateway: provider, on: database, now: now, mailer: mailer)
            } catch let failure as PaymentProviderError {
                try await release(id, on: database, now: now)
                try await record(.unreachable, pending, "asking about the open charge: \(failure)")
                return .unreachable
            }
            let settled = try await RenewalAttempt.query(on: database).filter(\.$subscriptionID == id)
                .filter(\.$cycle == next.reference.cycle).filter(\.$chargeID == pending).sort(\.$id, .descending)
                .first()
            return settled?.outcome ?? .pending
        }
        // Past due without an open charge: its cycle was declined, and nothing is charged again.
        guard subscription.status == .active else { return .pending }
        guard let recurrence = subscription.renewalReference, let end = subscription.endDate,
            let customer = try await customer(of: subscription, database)
        else {
            try await record(.unreachable, nil, "no recurrence, end date, or CPF and mobile on record")
            return .unreachable
        }
        let charge: Charge
        do {
            charge = try await provider.createCharge(
                ChargeRequest(
                    reference: next.reference.description, amountCents: next.amountCents,
                    method: .recurringPix(recurrenceID: recurrence, dueDate: end), customer: customer,
                    description: next.planName ?? subscription.plan?.name ?? "Renovação"))
        } catch PaymentProviderError.refused(status: 409, let message) {
            // Not APROVADA: the payer cancelled or refused it in their bank, or it expired.
            _ = try await RenewalPostbacks.recurrenceChanged(
                recurrence, gateway: provider, payload: "the renewal job found it unable to charge: \(message)",
                on: database, now: now)
            try await record(.declined, nil, message)
            return .declined
        } catch PaymentProviderError.refused(status: 422, let message) {
            // A cycle that can't be asked for as it is (its window missed, above what the payer authorised): no
            // retry would change that, so it is a decline, with its notice and the member's link to pay.
            let outcome = try await SubscriptionRenewals.renewalDeclined(
                cycle: next.reference.cycle, ofSubscription: id, graceDays: graceDays, on: database, now: now)
            if case .pastDue(let graceUntil) = outcome {
                try await mailer?.renewalDeclined(
                    subscription, cycle: next.reference.cycle, amountCents: next.amountCents, accessUntil: graceUntil,
                    on: database, now: now)
            }
            try await record(.declined, nil, message)
            return .declined
        } catch let failure as PaymentProviderError {
            try await release(id, on: database, now: now)
            try await record(.unreachable, nil, "\(failure)")
            return .unreachable
        }
        try await record(charge.status == .pending ? .pending : .unreachable, charge.id, nil)
        return .pending
    }

    /// The charge that pays a subscription's next cycle.
    public struct NextCharge: Sendable, Equatable {
        public var reference: RenewalReference
        public var amountCents: Int
        /// The plan it buys when the member switched to another (`applyPaid` switches to it).
        public var planName: String?
        /// The job's charge for it that the provider left pending, which its postback settles.
        public var pendingChargeID: String?
    }

    /// What the next cycle costs: the price of the plan the member switched to, else the subscription's terms.
    public static func nextCharge(of subscription: Subscription, on database: any Database) async throws -> NextCharge {
        let id = try subscription.requireID()
        let cycle = subscription.cyclesPaid + 1
        let switchTo = try await SubscriptionRenewals.nextPlan(of: subscription, on: database)
        let pending = try await RenewalAttempt.query(on: database).filter(\.$subscriptionID == id)
            .filter(\.$cycle == cycle).filter(\.$outcome == .pending).sort(\.$id, .descending).first()
        return NextCharge(
            reference: RenewalReference(subscriptionID: id, cycle: cycle),
            amountCents: switchTo?.plan.price ?? subscription.renewalPrice ?? 0, planName: switchTo?.plan.name,
            pendingChargeID: pending?.chargeID)
    }

    /// Lets the subscription be claimed again after `retryUnreachableAfter` rather than a day.
    static func release(_ id: Int, on database: any Database, now: Date) async throws {
        try await SubscriptionLifecycle.sqlDatabase(database).raw(
            """
            UPDATE subscriptions SET renewal_attempted_at = \(bind: now.addingTimeInterval(retryUnreachableAfter - retryAfter))
            WHERE id = \(bind: id)
            """
        ).run()
    }

    /// Whom the provider charges: the buyer as the subscription's latest paid checkout names them, else the
    /// member's latest paid checkout. One row read each, however long the history.
    static func customer(of subscription: Subscription, _ database: any Database) async throws -> Customer? {
        guard let id = subscription.id, let userID = subscription.$user.id else { return nil }
        func latestPaid(ofSubscription only: Int?) async throws -> Checkout? {
            var query = Checkout.query(on: database).filter(\.$user.$id == userID).filter(\.$status == .paid)
                .filter(\.$customerDocument != nil).filter(\.$customerPhone != nil).filter(\.$customerEmail != nil)
            if let only { query = query.filter(\.$subscriptionID == only) }
            return try await query.sort(\.$paidAt, .descending).sort(\.$id, .descending).first()
        }
        var latest = try await latestPaid(ofSubscription: id)
        if latest == nil { latest = try await latestPaid(ofSubscription: nil) }
        guard let checkout = latest, let cpf = checkout.customerDocument.flatMap(CPF.init),
            let phone = checkout.customerPhone.flatMap(BrazilianPhone.init),
            let email = checkout.customerEmail
        else { return nil }
        return Customer(name: checkout.customerName ?? email, email: email, cpf: cpf, phone: phone)
    }
}
