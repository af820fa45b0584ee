import DatabaseTestBed
import FluentKit
import Foundation
import Localization
import Schema
import Testing

@testable import Commerce

/// Recurring revenue month by month: MRR from the paid cycles in force, renewals paid and declined, churn, and
/// who is past due, over twelve São Paulo months.
@Suite struct RecurringRevenueReportTests {
    /// 15 November 2026, noon in São Paulo.
    static let now = Date(timeIntervalSince1970: 1_794_754_800)
    static let day: TimeInterval = 86_400
    /// 15 October 2026, noon in São Paulo: last month.
    static let lastMonth = now.addingTimeInterval(-31 * day)

    /// A recurring subscription of `period`, renewing at `price`, with its cycles paid at `paid` (the first
    /// with `firstTotal`, as a purchase with a bump would be).
    @discardableResult
    static func recurring(
        _ email: String, period: String, price: Int, paid: [Date], firstTotal: Int? = nil,
        status: SubscriptionStatus = .active, cancelledAt: Date? = nil, on database: any Database
    ) async throws -> Subscription {
        let user = try await database.makeUser(email)
        let plan = Plan(name: "Plano \(period)", price: price, duration: 30, billing: .recurring, billingPeriod: period)
        try await plan.create(on: database)
        let subscription = Subscription(
            userID: user.id, planID: plan.id, startDate: paid.first, endDate: now.addingTimeInterval(10 * day),
            status: status)
        subscription.billingPeriod = period
        subscription.renewalPrice = price
        subscription.periodAnchor = paid.first
        subscription.cyclesPaid = paid.count
        subscription.cancelledAt = cancelledAt
        try await subscription.create(on: database)
        for (index, moment) in paid.enumerated() {
            let checkout = Checkout(
                userID: user.id, planID: plan.id, status: .paid, paymentMethod: .creditCard,
                totalAmount: index == 0 ? (firstTotal ?? price) : price)
            checkout.subscriptionID = subscription.id
            checkout.renewalCycle = index + 1
            checkout.paidAt = moment
            try await checkout.create(on: database)
        }
        return subscription
    }

    static func declined(_ subscription: Subscription, cycle: Int, at moment: Date, on database: any Database)
        async throws
    {
        try await RenewalAttempt(
            subscriptionID: try subscription.requireID(), cycle: cycle, amount: 2_990, gateway: "sandbox",
            chargeID: nil, outcome: .declined, detail: nil, attemptedAt: moment
        ).create(on: database)
    }

    @Test(arguments: DatabaseKind.underTest)
    func mrrCountsEachCycleInForceOnceAtItsMonthlyPriceAndChurnIsCountedByMonth(_ kind: DatabaseKind)
        async throws
    {
        try await withDatabase(kind) { database in
            // Monthly, bought last month with a R$ 9,90 bump and renewed a day early this month: one cycle counts.
            try await Self.recurring(
                "mensal@example.com", period: "P1M", price: 2_990,
                paid: [Self.lastMonth, Self.now.addingTimeInterval(-1 * Self.day)], firstTotal: 3_980, on: database)
            // Quarterly, bought last month: R$ 74,90 over three months.
            try await Self.recurring(
                "trimestral@example.com", period: "P3M", price: 7_490, paid: [Self.lastMonth], on: database)
            // Monthly, bought four months ago and never renewed: out of force since, and declined last month.
            let lapsed = try await Self.recurring(
                "parou@example.com", period: "P1M", price: 2_990, paid: [Self.now.addingTimeInterval(-120 * Self.day)],
                status: .pastDue, cancelledAt: Self.now.addingTimeInterval(-2 * Self.day), on: database)
            lapsed.graceEndsAt = Self.now.addingTimeInterval(2 * Self.day)
            try await lapsed.save(on: database)
            try await Self.declined(lapsed, cycle: 2, at: Self.lastMonth, on: database)
            try await Self.declined(lapsed, cycle: 2, at: Self.lastMonth.addingTimeInterval(Self.day), on: database)
            // A refunded cycle is paid no more, and its subscription ended this month.
            let refunded = try await Self.recurring(
                "estorno@example.com", period: "P1M", price: 2_990, paid: [Self.now.addingTimeInterval(-3 * Self.day)],
                status: .expired, on: database)
            refunded.endDate = Self.now.addingTimeInterval(-2 * Self.day)
            try await refunded.save(on: database)
            let refund = try #require(
                try await Checkout.query(on: database).filter(\.$subscriptionID == refunded.id).first())
            refund.status = .failed
            try await refund.save(on: database)

            let report = try await RecurringRevenueReport.load(on: database, now: Self.now)

            #expect(report.months.count == 12)
            #expect(report.months.last?.month == "2026-11")
            #expect(report.months.first?.month == "2025-12")
            let quarterly = Int((7_490.0 * 30 / 90).rounded())
            #expect(report.mrrCents == 2_990 + quarterly, "the bump and the day-early renewal counted once")
            let october = try #require(report.months.first { $0.month == "2026-10" })
            #expect(october.mrrCents == 2_990 + quarterly, "the first cycle at its renewal price, not with the bump")
            #expect(october.failedRenewals == 1, "one cycle declined, however often it was tried")
            #expect(october.renewals == 0)
            let november = try #require(report.months.last)
            #expect(november.renewals == 1)
            #expect(november.renewalRevenueCents == 2_990)
            #expect(november.cancellations == 1)
            #expect(november.expiries == 1)
            let july = try #require(report.months.first { $0.month == "2026-07" })
            #expect(july.mrrCents == 2_990, "the lapsed one counted while its cycle was in force")
            #expect(report.pastDueCount == 1)
            #expect(report.pastDue.map(\.userEmail) == ["parou@example.com"])
            #expect(report.pastDue.first?.amountCents == 2_990)
            #expect(report.csvRows.first?.first == "month")
            #expect(
                report.csvRows.last == ["2026-11", String(2_990 + quarterly), "R$ 54,87", "1", "2990", "0", "1", "1"])
        }
    }
}
