import FluentKit
import Foundation
import Localization
import Schema

/// Recurring revenue, per São Paulo month over the last 12, for the revenue dashboard and its CSV:
/// - **MRR** at each month's end (now, for the current month): each recurring subscription's latest paid cycle
///   that still covers that moment, at its price spread over a month (a quarter's price over 3, a 45-day period's
///   over 45/30). A cycle covers its calendar period from its payment, and a day more for the next charge.
///   The first cycle counts at the subscription's renewal price, so order bumps bought with it are left out;
///   refunded cycles (no longer paid) drop out.
/// - **Renewals**: cycles after the first paid that month, and their revenue.
/// - **Failed renewals**: the renewals declined that month (`renewal_attempts`), each subscription's cycle once
///   however often its card was tried.
/// - **Churn**: renewals turned off that month (`cancelled_at`), and subscriptions whose access ended that month
///   and that are over (expired, refunds included), of any plan.
/// - **Past due** now: subscriptions whose renewal was declined, in their grace, with what the renewal charges.
public struct RecurringRevenueReport: Sendable {
    public struct Month: Sendable, Equatable {
        /// "yyyy-MM" in São Paulo.
        public let month: String
        public let mrrCents: Int
        public let renewals: Int
        public let renewalRevenueCents: Int
        public let failedRenewals: Int
        public let cancellations: Int
        public let expiries: Int
    }

    public struct PastDue: Sendable, Equatable {
        public let subscriptionID: Int
        public let userEmail: String
        public let planName: String?
        public let graceEndsAt: Date?
        public let amountCents: Int?
    }

    public static let monthCount = 12
    /// The most past-due subscriptions listed.
    static let pastDueLimit = 200

    public let months: [Month]
    public let pastDue: [PastDue]
    /// How many subscriptions are past due (the list stops at `pastDueLimit`).
    public let pastDueCount: Int

    /// MRR now.
    public var mrrCents: Int { months.last?.mrrCents ?? 0 }

    /// The months as the dashboard's CSV has them: cents as integers, and as people read them.
    public var csvRows: [[String]] {
        [
            [
                "month", "mrr_cents", "mrr", "renewals", "renewal_revenue_cents", "failed_renewals", "cancellations",
                "expiries",
            ]
        ]
            + months.map {
                [
                    $0.month, String($0.mrrCents), Money(cents: $0.mrrCents).formatted, String($0.renewals),
                    String($0.renewalRevenueCents), String($0.failedRenewals), String($0.cancellations),
                    String($0.expiries),
                ]
            }
    }

    public static func load(on database: any Database, now: Date = Date()) async throws -> RecurringRevenueReport {
        let calendarMonths = SiteClock.months(endingWith: now, count: monthCount)
        guard let first = calendarMonths.first else {
            return RecurringRevenueReport(months: [], pastDue: [], pastDueCount: 0)
        }
        // A cycle paid up to the longest period on sale before the first month can still cover it.
        let longest =
            try await Plan.query(on: database).filter(\.$billing == .recurring).all()
            .compactMap { $0.billingPeriod.flatMap(BillingPeriod.init(iso8601:))?.nominalDays }.max() ?? 366
        let lookback = first.start.addingTimeInterval(-TimeInterval(max(longest, 366) + 7) * 86_400)
        let cycles = try await Checkout.query(on: database).filter(\.$status == .paid)
            .filter(\.$renewalCycle != nil).filter(\.$subscriptionID != nil).filter(\.$paidAt >= lookback)
            .field(\.$id).field(\.$subscriptionID).field(\.$renewalCycle).field(\.$totalAmount).field(\.$paidAt).all()
        let subscriptionIDs = Array(Set(cycles.compactMap(\.subscriptionID)))
        var terms: [Int: (period: BillingPeriod, price: Int?)] = [:]
        for page in stride(from: 0, to: subscriptionIDs.count, by: 500) {
            let ids = Array(subscriptionIDs[page..<min(page + 500, subscriptionIDs.count)])
            for subscription in try await Subscription.query(on: database).filter(\.$id ~~ ids).all() {
                guard let id = subscription.id,
                    let period = subscription.billingPeriod.flatMap(BillingPeriod.init(iso8601:))
                else { continue }
                terms[id] = (period, subscription.renewalPrice)
            }
        }
        // Each subscription's paid cycles, oldest first: at a moment, only the latest paid by then counts, so a
        // renewal charged a day early doesn't count twice.
        struct Cycle {
            let paidAt: Date
            let monthlyCents: Double
            /// Until when it covers: its calendar period from the payment, and a day for the next charge.
            let coversUntil: Date
        }
        var bySubscription: [Int: [Cycle]] = [:]
        for checkout in cycles {
            guard let id = checkout.subscriptionID, let paidAt = checkout.paidAt, let term = terms[id] else {
                continue
            }
            let amount =
                checkout.renewalCycle == 1
                ? min(term.price ?? checkout.totalAmount, checkout.totalAmount)
                : checkout.totalAmount
            bySubscription[id, default: []].append(
                Cycle(
                    paidAt: paidAt, monthlyCents: Double(amount) * 30 / Double(term.period.nominalDays),
                    coversUntil: term.period.end(ofPeriod: 1, anchoredAt: paidAt).addingTimeInterval(86_400)))
        }
        for id in bySubscription.keys { bySubscription[id]?.sort { $0.paidAt < $1.paidAt } }
        func mrr(at moment: Date) -> Int {
            var total = 0.0
            for cycles in bySubscription.values {
                guard let latest = cycles.last(where: { $0.paidAt <= moment }), moment < latest.coversUntil else {
                    continue
                }
                total += latest.monthlyCents
            }
            return Int(total.rounded())
        }

        func monthKey(_ date: Date) -> String? {
            calendarMonths.first { $0.start <= date && date < $0.end }?.key
        }
        var renewals: [String: (count: Int, cents: Int)] = [:]
        for checkout in cycles where (checkout.renewalCycle ?? 0) >= 2 {
            guard let paidAt = checkout.paidAt, let key = monthKey(paidAt) else { continue }
            renewals[key, default: (0, 0)].count += 1
            renewals[key, default: (0, 0)].cents += checkout.totalAmount
        }
        var declined: [String: Set<String>] = [:]
        for attempt in try await RenewalAttempt.query(on: database).filter(\.$outcome == .declined)
            .filter(\.$attemptedAt >= first.start).all()
        {
            guard let at = attempt.attemptedAt, let key = monthKey(at) else { continue }
            declined[key, default: []].insert("\(attempt.subscriptionID):\(attempt.cycle)")
        }
        var cancellations: [String: Int] = [:]
        for subscription in try await Subscription.query(on: database).filter(\.$cancelledAt >= first.start)
            .field(\.$id).field(\.$cancelledAt).all()
        {
            guard let at = subscription.cancelledAt, let key = monthKey(at) else { continue }
            cancellations[key, default: 0] += 1
        }
        var expiries: [String: Int] = [:]
        for subscription in try await Subscription.query(on: database).filter(\.$status == .expired)
            .filter(\.$endDate >= first.start).filter(\.$endDate <= now).field(\.$id).field(\.$endDate).all()
        {
            guard let at = subscription.endDate, let key = monthKey(at) else { continue }
            expiries[key, default: 0] += 1
        }

        let months = calendarMonths.map { month in
            Month(
                month: month.key, mrrCents: mrr(at: min(month.end.addingTimeInterval(-0.001), now)),
                renewals: renewals[month.key]?.count ?? 0, renewalRevenueCents: renewals[month.key]?.cents ?? 0,
                failedRenewals: declined[month.key]?.count ?? 0, cancellations: cancellations[month.key] ?? 0,
                expiries: expiries[month.key] ?? 0)
        }

        let pastDueQuery = Subscription.query(on: database).filter(\.$status == .pastDue)
        let pastDueCount = try await pastDueQuery.count()
        let pastDue = try await Subscription.query(on: database).filter(\.$status == .pastDue).sort(\.$graceEndsAt)
            .sort(\.$id).with(\.$user).with(\.$plan).limit(pastDueLimit).all()
            .compactMap { subscription -> PastDue? in
                subscription.id.map {
                    PastDue(
                        subscriptionID: $0, userEmail: subscription.user?.email ?? "",
                        planName: subscription.plan?.name, graceEndsAt: subscription.graceEndsAt,
                        amountCents: subscription.renewalPrice)
                }
            }
        return RecurringRevenueReport(months: months, pastDue: pastDue, pastDueCount: pastDueCount)
    }
}
