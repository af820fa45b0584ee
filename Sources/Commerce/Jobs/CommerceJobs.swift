import FluentKit
import Foundation
import Payments
import SQLKit
import Schema

/// The commerce jobs every serving instance runs on a schedule, and `creatorflix run-jobs` runs once. On
/// PostgreSQL each job takes a transaction-level advisory lock first, so with several instances one runs it and
/// the others skip that round; the jobs' guarded UPDATEs would be safe twice anyway, but need not run twice.
public enum CommerceJobs {
    public enum Job: String, CaseIterable, Sendable {
        case expireSubscriptions = "expire-subscriptions"
        case abandonCheckouts = "abandon-checkouts"
        case reconcilePayments = "reconcile-payments"
        case renewSubscriptions = "renew-subscriptions"

        /// Advisory lock keys: arbitrary, fixed, and distinct from the whitelabel sync's.
        var lockKey: Int64 {
            switch self {
            case .expireSubscriptions: 0x4346_0001  // "CF" 1
            case .abandonCheckouts: 0x4346_0002
            case .reconcilePayments: 0x4346_0003
            case .renewSubscriptions: 0x4346_0004
            }
        }
    }

    /// Runs one job and returns how many rows it changed, or nil when another instance holds it right now.
    /// - Parameters:
    ///   - providers: the configured gateways' providers, for `reconcilePayments` and `renewSubscriptions`.
    ///   - graceDays: how long a subscription whose renewal was declined keeps its access (`grace_days`).
    public static func run(
        _ job: Job, abandonAfterMinutes: Int, graceDays: Int = 3, providers: [any PaymentProvider] = [],
        on database: any Database, now: Date = Date(), mailer: CheckoutMailer? = nil
    ) async throws -> Int? {
        // These ask providers over the network, so they hold no transaction (SQLite would be locked meanwhile): a
        // second instance doing the same round finds the events recorded, or the subscriptions claimed, and
        // changes nothing.
        switch job {
        case .reconcilePayments:
            return try await reconcilePayments(providers: providers, on: database, now: now, mailer: mailer)
        case .renewSubscriptions:
            return try await AutomaticRenewals.renewDue(
                providers: providers, graceDays: graceDays, on: database, now: now, mailer: mailer
            ).total
        case .expireSubscriptions, .abandonCheckouts: break
        }
        return try await database.transaction { transaction in
            let sql = try SubscriptionLifecycle.sqlDatabase(transaction)
            if try SQLFlavor(sql) == .postgres {
                let locked = try await sql.raw("SELECT pg_try_advisory_xact_lock(\(bind: job.lockKey)) AS locked")
                    .first()?
                    .decode(column: "locked", as: Bool.self)
                guard locked == true else { return nil }
            }
            switch job {
            case .expireSubscriptions:
                let awaiting = try await ScheduledRenewals.awaitLateCycles(
                    graceDays: graceDays, on: transaction, now: now)
                return try await awaiting + SubscriptionLifecycle.expireDue(on: transaction, now: now)
            case .abandonCheckouts:
                return try await SubscriptionLifecycle.abandonStale(
                    olderThanMinutes: abandonAfterMinutes, on: transaction, now: now, mailer: mailer)
            case .reconcilePayments, .renewSubscriptions:
                return 0
            }
        }
    }

    /// The reconciliation job: a provider's notification can be lost, or arrive too late to verify. Checkouts
    /// charged by a provider whose word is fetched, still pending or abandoned, from the last two hours and at
    /// least three minutes old (their notification usually comes first), are asked about once a round, newest
    /// first, 50 per provider. Returns how many it applied. A payment made on the provider's own page (a
    /// Checkout Pro preference) has no payment id to ask about until its notification names one.
    public static func reconcilePayments(
        providers: [any PaymentProvider], on database: any Database, now: Date = Date(), mailer: CheckoutMailer? = nil
    ) async throws -> Int {
        var applied = 0
        for provider in providers where provider.confirmsPostbacksByFetching {
            let candidates = try await Checkout.query(on: database)
                .filter(\.$status ~~ [.pending, .abandoned]).filter(\.$gateway == provider.name).filter(
                    \.$externalID != nil
                )
                .filter(\.$createdAt >= now.addingTimeInterval(-2 * 3600)).filter(
                    \.$createdAt <= now.addingTimeInterval(-3 * 60)
                )
                .sort(\.$id, .descending).limit(50).all()
            for checkout in candidates {
                guard let charge = checkout.externalID, !charge.hasPrefix(MercadoPagoGateway.preferencePrefix)
                else { continue }
                // A preapproval waiting for its first cycle: the cycles Mercado Pago charged are looked up.
                if let preapproval = PostbackProcessor.dropPrefix(MercadoPagoGateway.preapprovalPrefix, of: charge) {
                    applied += try await reconcileCycles(
                        of: preapproval, provider: provider, on: database, now: now, mailer: mailer)
                    continue
                }
                if try await PostbackProcessor.reconcile(
                    chargeID: charge, gateway: provider, on: database, now: now, mailer: mailer)
                    == .applied
                {
                    applied += 1
                }
            }
            // Subscriptions a provider renews by itself, past due because a cycle's news hasn't come: their
            // latest cycles are looked up, through the grace.
            guard provider.schedulesRenewals else { continue }
            let late = try await Subscription.query(on: database).filter(\.$renewalGateway == provider.name)
                .filter(\.$status == .pastDue).filter(\.$autoRenew == true).filter(\.$renewalReference != nil)
                .filter(\.$graceEndsAt > now).sort(\.$id).limit(20).all()
            for subscription in late {
                guard let recurrence = subscription.renewalReference else { continue }
                applied += try await reconcileCycles(
                    of: recurrence, provider: provider, on: database, now: now, mailer: mailer)
            }
        }
        return applied
    }

    /// Asks the provider for a recurrence's latest cycles and applies each it hasn't heard of; a provider that
    /// can't be asked is left for the next round.
    static func reconcileCycles(
        of recurrence: String, provider: any PaymentProvider, on database: any Database, now: Date,
        mailer: CheckoutMailer?
    ) async throws -> Int {
        guard let cycles = try? await provider.recentCycles(ofRecurrence: recurrence) else { return 0 }
        var applied = 0
        for cycle in cycles {
            if (try? await PostbackProcessor.reconcile(
                chargeID: cycle, gateway: provider, on: database, now: now, mailer: mailer)) == .applied
            {
                applied += 1
            }
        }
        return applied
    }
}
