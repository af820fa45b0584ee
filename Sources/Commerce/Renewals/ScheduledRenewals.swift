import FluentKit
import Foundation
import Localization
import Payments
import SQLKit
import Schema

/// Card renewals a provider charges on its own schedule (`PaymentProvider.schedulesRenewals`: Mercado Pago's
/// preapprovals), which the renewal job never asks for: each cycle arrives by postback (`RenewalPostbacks`).
/// What is ours to do is wait for a cycle that is late, and cancel the schedule at the provider when the member
/// or an admin turns renewal off.
public enum ScheduledRenewals {
    public enum Problem: String, RefusalReason {
        /// The provider didn't confirm the cancellation, so nothing changed here either.
        case providerDidNotCancel = "provider_did_not_cancel"
        /// The gateway that renews it isn't configured any more, so its schedule can't be cancelled from here.
        case providerMissing = "renewal_provider_missing"

        public func message(_ copy: Copy) -> String {
            switch self {
            case .providerDidNotCancel: copy.renewalProviderDidNotCancel
            case .providerMissing: copy.renewalProviderMissing
            }
        }

        public var code: String? { rawValue }
    }

    /// The site's configured providers, for cancelling a schedule at its provider.
    public struct Providers: Sendable {
        /// The provider of a gateway by name; nil when the site has none configured.
        public var named: @Sendable (String) async throws -> (any PaymentProvider)?
        /// Where a provider's failure is told, for the operator's log: the member sees only that it failed.
        public var report: @Sendable (String) -> Void

        public init(
            named: @escaping @Sendable (String) async throws -> (any PaymentProvider)?,
            report: @escaping @Sendable (String) -> Void
        ) {
            self.named = named
            self.report = report
        }

        /// No provider at all: a schedule can't be cancelled, and is refused as such.
        public static let none = Providers(named: { _ in nil }, report: { _ in })
    }

    /// Whether a provider holds this subscription's recurrence: it schedules the renewals (Mercado Pago), or
    /// the payer authorised them there (Pix Automático).
    public static func isScheduled(_ subscription: Subscription) -> Bool {
        subscription.renewalReference != nil
            && subscription.renewalGateway.flatMap(PaymentProviders.Kind.init(rawValue:))?.holdsRecurrence(
                renewingBy: subscription.renewalMethod) == true
    }

    /// Cancels the subscription's schedule at its provider, before its renewal is turned off here, so a failure
    /// leaves both as they were and is shown (a 503 naming the field `auto_renew`). One no provider schedules, or
    /// whose renewal is off already, needs nothing.
    /// A cycle's charge the provider already holds open (Pix Automático's, asked for a week ahead) is cancelled
    /// too, after the recurrence; its failure is reported, and the charge, if paid, is refused as "refund it".
    public static func cancelAtProvider(
        _ subscription: Subscription, providers: Providers, on database: any Database
    ) async throws {
        guard subscription.autoRenew, isScheduled(subscription), let gateway = subscription.renewalGateway,
            let recurrence = subscription.renewalReference
        else { return }
        guard let provider = try await providers.named(gateway) else {
            throw Refusal(
                .unavailable, fields: ["auto_renew": Problem.providerMissing], reason: Problem.providerMissing)
        }
        do {
            try await provider.cancelRecurrence(id: recurrence)
            let open = try await RenewalAttempt.query(on: database).filter(\.$subscriptionID == subscription.id ?? 0)
                .filter(\.$gateway == gateway).filter(\.$outcome == .pending).all().compactMap(\.chargeID)
            for charge in open {
                do {
                    try await provider.cancelCharge(id: charge)
                } catch {
                    providers.report("\(gateway) did not cancel charge \(charge) of recurrence \(recurrence): \(error)")
                }
            }
        } catch let failure as PaymentProviderError {
            providers.report(
                "\(gateway) did not cancel recurrence \(recurrence) of subscription \(subscription.id ?? 0): \(failure)"
            )
            throw Refusal(
                .unavailable, fields: ["auto_renew": Problem.providerDidNotCancel], reason: Problem.providerDidNotCancel
            )
        }
    }

    /// Subscriptions whose provider holds the recurrence (`holdsRecurrence`) whose next cycle isn't paid by their
    /// end: Mercado Pago charges on the due day and retries a declined card for days; the payer's bank settles a
    /// Pix Automático cycle on its due day, and may retry within the recurrence's policy. Each is past due, in its
    /// grace, rather than expired, so a payment hours late neither cuts the member off nor moves their dates; the
    /// expiry job ends it when the grace does. Part of the expiry job, before it expires.
    public static func awaitLateCycles(graceDays: Int, on database: any Database, now: Date) async throws -> Int {
        let gateways = PaymentProviders.Kind.allCases.filter(\.holdsRecurrence).map(\.rawValue)
        let due = try await Subscription.query(on: database).filter(\.$status == .active).filter(\.$autoRenew == true)
            .filter(\.$renewalGateway ~~ gateways).filter(\.$renewalReference != nil).filter(\.$endDate <= now).all()
            .filter(isScheduled)
        let sql = try SubscriptionLifecycle.sqlDatabase(database)
        var waiting = 0
        for subscription in due {
            guard let id = subscription.id, let end = subscription.endDate else { continue }
            // Guarded, so a cycle paid since the read (its end moved on) is left active.
            let moved = try await sql.raw(
                """
                UPDATE subscriptions SET status = 'past_due',
                  grace_ends_at = \(bind: end.addingTimeInterval(TimeInterval(max(0, graceDays)) * 86_400))
                WHERE id = \(bind: id) AND status = 'active' AND auto_renew = \(bind: true) AND end_date <= \(bind: now)
                RETURNING id
                """
            ).all()
            waiting += moved.count
        }
        return waiting
    }

}
