import DatabaseTestBed
import FluentKit
import Foundation
import Schema
import Testing

@testable import Commerce

/// Paid cycles of a recurring subscription: each applied once, on the calendar rule, whatever order or number of
/// deliveries brings it.
@Suite struct SubscriptionRenewalsTests {
    static func saoPaulo(_ text: String) throws -> Date {
        try #require(ISO8601DateFormatter().date(from: text + "-03:00"), "\(text)")
    }

    /// A member who bought a monthly plan at `bought`, and the subscription it made (cycle 1).
    static func monthlyMember(_ database: any Database, bought: Date) async throws -> (Plan, Subscription) {
        let user = try await database.makeUser("recorrente@example.com")
        let plan = Plan(name: "Mensal", price: 2_990, duration: 30, billing: .recurring, billingPeriod: "P1M")
        try await plan.create(on: database)
        try await SubscriptionLifecycle.grant(
            plan: plan, toUser: try user.requireID(), reference: nil, on: database, now: bought)
        let subscription = try #require(
            try await Subscription.query(on: database).filter(\.$user.$id == user.requireID()).first())
        return (plan, subscription)
    }

    static func payment(cycle: Int) -> SubscriptionRenewals.Payment {
        .init(cycle: cycle, amountCents: 2_990, method: .creditCard, gateway: "sandbox", chargeID: "renov-\(cycle)")
    }

    static func apply(_ cycle: Int, to subscription: Subscription, _ database: any Database, at moment: Date)
        async throws -> SubscriptionRenewals.Outcome
    {
        try await SubscriptionRenewals.applyPaid(
            payment(cycle: cycle), toSubscription: try subscription.requireID(), on: database, now: moment)
    }

    @Test(arguments: DatabaseKind.underTest)
    func thirteenMonthlyRenewalsEachExtendOnceOnTheAnchorsDay(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let (_, subscription) = try await Self.monthlyMember(
                database, bought: try Self.saoPaulo("2026-01-31T10:00:00"))
            let ends = try [
                "2026-03-31", "2026-04-30", "2026-05-31", "2026-06-30", "2026-07-31", "2026-08-31", "2026-09-30",
                "2026-10-31", "2026-11-30", "2026-12-31", "2027-01-31", "2027-02-28", "2027-03-31",
            ].map { try Self.saoPaulo($0 + "T10:00:00") }
            #expect(subscription.endDate == (try Self.saoPaulo("2026-02-28T10:00:00")), "the purchase is cycle 1")

            var outcomes: [SubscriptionRenewals.Outcome] = []
            var repeats: [SubscriptionRenewals.Outcome] = []
            for cycle in 2...14 {
                // Each renewal is charged the day before the cycle it pays for begins, and delivered twice.
                let charged = try #require(try await Subscription.find(subscription.id, on: database)?.endDate)
                    .addingTimeInterval(-86_400)
                outcomes.append(try await Self.apply(cycle, to: subscription, database, at: charged))
                repeats.append(try await Self.apply(cycle, to: subscription, database, at: charged))
            }

            #expect(outcomes == ends.map { .extended(until: $0) })
            #expect(repeats == Array(repeating: .alreadyApplied, count: 13))
            let stored = try #require(try await Subscription.find(subscription.id, on: database))
            #expect(stored.cyclesPaid == 14)
            #expect(stored.endDate == ends.last)
            let cycles = try await Checkout.query(on: database).filter(\.$subscriptionID == subscription.id).all()
                .compactMap(\.renewalCycle).sorted()
            #expect(cycles == Array(2...14))
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aLateOrOutOfOrderCycleChangesNothingTwice(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let bought = try Self.saoPaulo("2026-01-15T10:00:00")
            let (_, subscription) = try await Self.monthlyMember(database, bought: bought)
            let march15 = try Self.saoPaulo("2026-03-15T10:00:00")
            let april15 = try Self.saoPaulo("2026-04-15T10:00:00")

            let third = try await Self.apply(3, to: subscription, database, at: bought)
            let second = try await Self.apply(2, to: subscription, database, at: bought)
            let secondAgain = try await Self.apply(2, to: subscription, database, at: bought)
            let first = try await Self.apply(1, to: subscription, database, at: bought)

            #expect(third == .extended(until: april15))
            #expect(second == .recorded, "cycle 2 ends on \(march15), before the end it has")
            #expect(secondAgain == .alreadyApplied)
            #expect(first == .alreadyApplied, "the purchase was cycle 1")
            #expect(try await Subscription.find(subscription.id, on: database)?.endDate == april15)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aLapsedSubscriptionPaidAgainRunsFromThePayment(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let (_, subscription) = try await Self.monthlyMember(
                database, bought: try Self.saoPaulo("2026-01-10T10:00:00"))
            let paidLate = try Self.saoPaulo("2026-03-20T08:30:00")

            let outcome = try await Self.apply(2, to: subscription, database, at: paidLate)

            #expect(outcome == .extended(until: try Self.saoPaulo("2026-04-20T08:30:00")))
            let stored = try #require(try await Subscription.find(subscription.id, on: database))
            #expect(stored.status == .active)
            #expect(stored.periodAnchor == paidLate)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func thirteenRepurchasesFromTheReminderKeepToTheAnchorsDay(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            // Today's renewal path: the member buys the plan again from the reminder's link, a day before the end.
            let (plan, subscription) = try await Self.monthlyMember(
                database, bought: try Self.saoPaulo("2026-01-31T10:00:00"))
            let userID = try #require(subscription.$user.id)
            var ends: [Date] = []
            for _ in 1...13 {
                let end = try #require(try await Subscription.find(subscription.id, on: database)?.endDate)
                let granted = try await SubscriptionLifecycle.grant(
                    plan: plan, toUser: userID, reference: nil, on: database, now: end.addingTimeInterval(-86_400))
                ends.append(try #require(granted.subscription.endDate))
            }

            let expected = try [
                "2026-03-31", "2026-04-30", "2026-05-31", "2026-06-30", "2026-07-31", "2026-08-31", "2026-09-30",
                "2026-10-31", "2026-11-30", "2026-12-31", "2027-01-31", "2027-02-28", "2027-03-31",
            ].map { try Self.saoPaulo($0 + "T10:00:00") }
            #expect(ends == expected)
            #expect(try await Subscription.query(on: database).count() == 1, "extended, not replaced")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func thePurchaseIsCycleOneSoAProvidersDeliveryOfItIsARepeat(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let user = try await database.makeUser("compra@example.com")
            let plan = Plan(name: "Mensal", price: 2_990, duration: 30, billing: .recurring, billingPeriod: "P1M")
            try await plan.create(on: database)
            let checkout = Checkout(
                userID: user.id, planID: plan.id, status: .pending, paymentMethod: .pix, totalAmount: 2_990)
            try await checkout.create(on: database)
            let now = try Self.saoPaulo("2026-01-10T10:00:00")

            _ = try await SubscriptionLifecycle.markPaid(checkoutID: try checkout.requireID(), on: database, now: now)

            let paid = try #require(try await Checkout.find(checkout.id, on: database))
            let subscription = try #require(try await Subscription.query(on: database).first())
            #expect(paid.subscriptionID == subscription.id)
            #expect(paid.renewalCycle == 1)
            #expect(try await Self.apply(1, to: subscription, database, at: now) == .alreadyApplied)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aCycleBelowAFreshAnchorIsRecordedAndDoesNotStopTheSite(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let (_, subscription) = try await Self.monthlyMember(
                database, bought: try Self.saoPaulo("2026-01-10T10:00:00"))
            // Cycle 3 paid after a lapse anchors afresh; cycle 2, delivered late, comes below that anchor.
            let reactivated = try await Self.apply(
                3, to: subscription, database, at: try Self.saoPaulo("2026-04-01T10:00:00"))
            let late = try await Self.apply(2, to: subscription, database, at: try Self.saoPaulo("2026-04-02T10:00:00"))

            #expect(reactivated == .extended(until: try Self.saoPaulo("2026-05-01T10:00:00")))
            #expect(late == .recorded)
            #expect(
                try await Subscription.find(subscription.id, on: database)?.endDate
                    == (try Self.saoPaulo("2026-05-01T10:00:00")))
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func daysAnAdminAddedAreNotAbsorbedByTheNextCycle(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let bought = try Self.saoPaulo("2026-01-10T10:00:00")
            let (_, subscription) = try await Self.monthlyMember(database, bought: bought)
            let stored = try #require(try await Subscription.find(subscription.id, on: database))
            stored.endDate = try Self.saoPaulo("2026-02-20T10:00:00")  // ten days given by hand
            try await stored.save(on: database)

            let outcome = try await Self.apply(2, to: subscription, database, at: bought)

            #expect(outcome == .extended(until: try Self.saoPaulo("2026-03-20T10:00:00")))
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aRetryPaidBeforeTheEndKeepsTheDaysAlreadyPaid(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let (_, subscription) = try await Self.monthlyMember(
                database, bought: try Self.saoPaulo("2026-01-10T10:00:00"))
            _ = try await Self.decline(2, of: subscription, database, at: try Self.saoPaulo("2026-02-05T10:00:00"))

            let paid = try await Self.apply(2, to: subscription, database, at: try Self.saoPaulo("2026-02-07T10:00:00"))

            #expect(paid == .extended(until: try Self.saoPaulo("2026-03-10T10:00:00")), "on the anchor, no day lost")
            let stored = try #require(try await Subscription.find(subscription.id, on: database))
            #expect(stored.status == .active)
            #expect(stored.graceEndsAt == nil)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aOneTimeSubscriptionHasNoCycles(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let user = try await database.makeUser("unica@example.com")
            let plan = Plan(name: "30 dias", price: 990, duration: 30)
            try await plan.create(on: database)
            let now = try Self.saoPaulo("2026-01-10T10:00:00")
            try await SubscriptionLifecycle.grant(
                plan: plan, toUser: try user.requireID(), reference: nil, on: database, now: now)
            let subscription = try #require(try await Subscription.query(on: database).first())

            #expect(try await Self.apply(2, to: subscription, database, at: now) == .notRecurring)
            #expect(try await Checkout.query(on: database).count() == 0, "nothing recorded")
            #expect(try await Subscription.find(subscription.id, on: database)?.billingPeriod == nil)
        }
    }

    @Test(.enabled(if: DatabaseKind.postgresIsUnderTest))
    func fiftyConcurrentDeliveriesOfOneRenewalExtendItOnce() async throws {
        try await withDatabase(.postgres) { database in
            let (_, subscription) = try await Self.monthlyMember(
                database, bought: try Self.saoPaulo("2026-01-31T10:00:00"))
            let charged = try Self.saoPaulo("2026-02-27T10:00:00")
            let march31 = try Self.saoPaulo("2026-03-31T10:00:00")

            let outcomes = try await withThrowingTaskGroup(of: SubscriptionRenewals.Outcome.self) { group in
                for _ in 0..<50 { group.addTask { try await Self.apply(2, to: subscription, database, at: charged) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }

            #expect(outcomes.filter { $0 == .alreadyApplied }.count == 49)
            #expect(outcomes.filter { $0 == .extended(until: march31) }.count == 1)
            let paid = try await Checkout.query(on: database).filter(\.$subscriptionID == subscription.id).count()
            #expect(paid == 1)
        }
    }

    static func decline(_ cycle: Int, of subscription: Subscription, _ database: any Database, at moment: Date)
        async throws -> SubscriptionRenewals.DeclineOutcome
    {
        try await SubscriptionRenewals.renewalDeclined(
            cycle: cycle, ofSubscription: try subscription.requireID(), graceDays: 3, on: database, now: moment)
    }

    @Test(arguments: DatabaseKind.underTest)
    func aDeclineMakesItPastDueWithGraceThenItExpiresAndALaterPaymentReactivatesIt(_ kind: DatabaseKind)
        async throws
    {
        try await withDatabase(kind) { database in
            let (_, subscription) = try await Self.monthlyMember(
                database, bought: try Self.saoPaulo("2026-01-10T10:00:00"))
            let graceEnd = try Self.saoPaulo("2026-02-13T10:00:00")

            let declined = try await Self.decline(
                2, of: subscription, database, at: try Self.saoPaulo("2026-02-09T10:00:00"))
            let again = try await Self.decline(
                2, of: subscription, database, at: try Self.saoPaulo("2026-02-10T10:00:00"))
            let stillIn = try await SubscriptionLifecycle.expireDue(on: database, now: graceEnd.addingTimeInterval(-1))
            let inGrace = try #require(try await Subscription.find(subscription.id, on: database))
            let expiredCount = try await SubscriptionLifecycle.expireDue(on: database, now: graceEnd)
            let expired = try #require(try await Subscription.find(subscription.id, on: database))
            let paid = try await Self.apply(2, to: subscription, database, at: try Self.saoPaulo("2026-02-20T09:00:00"))
            let reactivated = try #require(try await Subscription.find(subscription.id, on: database))

            #expect(declined == .pastDue(graceUntil: graceEnd), "three days past the cycle's end")
            #expect(again == .unchanged, "a second decline doesn't lengthen the grace")
            #expect(stillIn == 0)
            #expect(inGrace.status == .pastDue)
            #expect(inGrace.grantsAccess(at: graceEnd.addingTimeInterval(-1)))
            #expect(expiredCount == 1)
            #expect(expired.status == .expired)
            #expect(!expired.grantsAccess(at: graceEnd))
            #expect(paid == .extended(until: try Self.saoPaulo("2026-03-20T09:00:00")), "from the payment's date")
            #expect(reactivated.status == .active)
            #expect(reactivated.graceEndsAt == nil)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aPaymentInTheGraceReactivatesFromThePaymentsDate(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let (_, subscription) = try await Self.monthlyMember(
                database, bought: try Self.saoPaulo("2026-01-10T10:00:00"))
            _ = try await Self.decline(2, of: subscription, database, at: try Self.saoPaulo("2026-02-10T09:00:00"))

            let paid = try await Self.apply(2, to: subscription, database, at: try Self.saoPaulo("2026-02-11T15:00:00"))

            #expect(paid == .extended(until: try Self.saoPaulo("2026-03-11T15:00:00")))
            let stored = try #require(try await Subscription.find(subscription.id, on: database))
            #expect(stored.status == .active)
            #expect(stored.graceEndsAt == nil)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aDeclineOfACyclePaidAlreadyChangesNothing(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let bought = try Self.saoPaulo("2026-01-10T10:00:00")
            let (_, subscription) = try await Self.monthlyMember(database, bought: bought)
            _ = try await Self.apply(2, to: subscription, database, at: bought)

            #expect(try await Self.decline(2, of: subscription, database, at: bought) == .unchanged)
            #expect(try await Subscription.find(subscription.id, on: database)?.status == .active)
        }
    }
}
