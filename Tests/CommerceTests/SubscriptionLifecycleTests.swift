import DatabaseTestBed
import FluentKit
import Foundation
import Schema
import Testing

@testable import Commerce

/// Checkouts and subscriptions change state once, never backwards, and never lose a paid day.
@Suite struct SubscriptionLifecycleTests {
    static let day: TimeInterval = 86_400
    static let now = Date(timeIntervalSince1970: 1_795_000_000)  // a fixed instant in November 2026

    struct Fixture {
        let user: User
        let plan: Plan
        let checkout: Checkout
    }

    static func fixture(_ database: any Database, status: CheckoutStatus = .pending) async throws -> Fixture {
        let user = try await database.makeUser("comprador@example.com")
        let plan = Plan(name: "Mensal", price: 2_990, duration: 30)
        try await plan.create(on: database)
        let checkout = Checkout(
            userID: user.id, planID: plan.id, status: status, paymentMethod: .pix, totalAmount: 2_990)
        try await checkout.create(on: database)
        return Fixture(user: user, plan: plan, checkout: checkout)
    }

    static func subscriptions(_ database: any Database, of user: User) async throws -> [Subscription] {
        try await Subscription.query(on: database).filter(\.$user.$id == user.requireID()).all()
    }

    @Test(arguments: DatabaseKind.underTest)
    func paidCreatesAnActiveSubscriptionForThePlansDuration(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let fixture = try await Self.fixture(database)
            #expect(
                try await SubscriptionLifecycle.markPaid(
                    checkoutID: fixture.checkout.requireID(), on: database, now: Self.now) == .applied)
            let subscription = try #require(try await Self.subscriptions(database, of: fixture.user).first)
            #expect(subscription.status == .active)
            #expect(subscription.startDate == Self.now)
            #expect(subscription.endDate == Self.now.addingTimeInterval(30 * Self.day))
            #expect(try await User.find(fixture.user.id, on: database)?.subscriptionStatus == .active)
            #expect(try await Checkout.find(fixture.checkout.id, on: database)?.status == .paid)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aDuplicatePaymentMakesOneSubscription(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let fixture = try await Self.fixture(database)
            let id = try fixture.checkout.requireID()
            #expect(try await SubscriptionLifecycle.markPaid(checkoutID: id, on: database, now: Self.now) == .applied)
            #expect(
                try await SubscriptionLifecycle.markPaid(checkoutID: id, on: database, now: Self.now) == .alreadyApplied
            )
            let subscriptions = try await Self.subscriptions(database, of: fixture.user)
            #expect(subscriptions.count == 1)
            #expect(subscriptions.first?.endDate == Self.now.addingTimeInterval(30 * Self.day), "not extended twice")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aFailureAfterPaymentLeavesTheCheckoutPaid(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let fixture = try await Self.fixture(database)
            let id = try fixture.checkout.requireID()
            _ = try await SubscriptionLifecycle.markPaid(checkoutID: id, on: database, now: Self.now)
            #expect(try await SubscriptionLifecycle.markFailed(checkoutID: id, on: database) == .alreadyApplied)
            #expect(try await Checkout.find(id, on: database)?.status == .paid)
            #expect(try await Self.subscriptions(database, of: fixture.user).first?.status == .active)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aFailedPaymentCanStillBePaidLater(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let fixture = try await Self.fixture(database)
            let id = try fixture.checkout.requireID()
            #expect(try await SubscriptionLifecycle.markFailed(checkoutID: id, on: database) == .applied)
            #expect(try await SubscriptionLifecycle.markPaid(checkoutID: id, on: database, now: Self.now) == .applied)
            #expect(
                try await SubscriptionLifecycle.markPaid(checkoutID: 999_999, on: database, now: Self.now)
                    == .unknownCheckout)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func renewalAddsThePlanToTheRemainingDays(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let fixture = try await Self.fixture(database)
            let currentEnd = Self.now.addingTimeInterval(10 * Self.day)
            try await Subscription(
                userID: fixture.user.id, planID: fixture.plan.id,
                startDate: Self.now.addingTimeInterval(-20 * Self.day),
                endDate: currentEnd, status: .active
            ).create(on: database)

            _ = try await SubscriptionLifecycle.markPaid(
                checkoutID: fixture.checkout.requireID(), on: database, now: Self.now)

            let subscriptions = try await Self.subscriptions(database, of: fixture.user)
            #expect(subscriptions.count == 1, "extended, not replaced")
            #expect(subscriptions.first?.endDate == currentEnd.addingTimeInterval(30 * Self.day))
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func theExpiryJobExpiresWhatHasEndedAndNothingElse(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let ended = try await database.makeUser("terminou@example.com")
            let running = try await database.makeUser("vigente@example.com")
            for (user, end) in [
                (ended, Self.now.addingTimeInterval(-60)), (running, Self.now.addingTimeInterval(Self.day)),
            ] {
                try await Subscription(
                    userID: user.id, planID: nil, startDate: Self.now.addingTimeInterval(-30 * Self.day),
                    endDate: end, status: .active
                ).create(on: database)
                user.subscriptionStatus = .active
                try await user.save(on: database)
            }

            #expect(try await SubscriptionLifecycle.expireDue(on: database, now: Self.now) == 1)
            #expect(
                try await SubscriptionLifecycle.expireDue(on: database, now: Self.now) == 0,
                "a second run changes nothing")

            #expect(try await Self.subscriptions(database, of: ended).first?.status == .expired)
            #expect(try await User.find(ended.id, on: database)?.subscriptionStatus == .expired)
            #expect(try await Self.subscriptions(database, of: running).first?.status == .active)
            #expect(try await User.find(running.id, on: database)?.subscriptionStatus == .active)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aRefundEndsAccessAtOnce(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let fixture = try await Self.fixture(database)
            let id = try fixture.checkout.requireID()
            _ = try await SubscriptionLifecycle.markPaid(checkoutID: id, on: database, now: Self.now)
            let later = Self.now.addingTimeInterval(3 * Self.day)

            #expect(try await SubscriptionLifecycle.refund(checkoutID: id, on: database, now: later) == .applied)
            #expect(try await SubscriptionLifecycle.refund(checkoutID: id, on: database, now: later) == .alreadyApplied)

            let subscription = try #require(try await Self.subscriptions(database, of: fixture.user).first)
            #expect(subscription.status == .expired)
            #expect(subscription.endDate == later)
            #expect(try await User.find(fixture.user.id, on: database)?.subscriptionStatus == .expired)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func theAbandonmentJobTakesOnlyOldPendingCheckouts(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let fixture = try await Self.fixture(database)
            let paid = Checkout(
                userID: fixture.user.id, planID: fixture.plan.id, status: .paid, paymentMethod: .pix, totalAmount: 2_990
            )
            try await paid.create(on: database)
            let created = try #require(try await Checkout.find(fixture.checkout.id, on: database)?.createdAt)

            #expect(
                try await SubscriptionLifecycle.abandonStale(
                    olderThanMinutes: 30, on: database, now: created.addingTimeInterval(29 * 60)) == 0)
            #expect(
                try await SubscriptionLifecycle.abandonStale(
                    olderThanMinutes: 30, on: database, now: created.addingTimeInterval(31 * 60)) == 1)
            #expect(try await Checkout.find(fixture.checkout.id, on: database)?.status == .abandoned)
            #expect(try await Checkout.find(paid.id, on: database)?.status == .paid)
        }
    }

    @Test(.enabled(if: DatabaseKind.postgresIsUnderTest))
    func fiftyConcurrentPaymentsOfOneCheckoutMakeOneSubscription() async throws {
        try await withDatabase(.postgres) { database in
            let fixture = try await Self.fixture(database)
            let id = try fixture.checkout.requireID()
            let outcomes = try await withThrowingTaskGroup(of: SubscriptionLifecycle.Outcome.self) { group in
                for _ in 0..<50 {
                    group.addTask {
                        try await SubscriptionLifecycle.markPaid(checkoutID: id, on: database, now: Self.now)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == .applied }.count == 1)
            #expect(outcomes.filter { $0 == .alreadyApplied }.count == 49)
            let subscriptions = try await Self.subscriptions(database, of: fixture.user)
            #expect(subscriptions.count == 1)
            #expect(subscriptions.first?.endDate == Self.now.addingTimeInterval(30 * Self.day))
        }
    }

    @Test(.enabled(if: DatabaseKind.postgresIsUnderTest))
    func twoPaymentsOfOneUserLandingTogetherBothCount() async throws {
        try await withDatabase(.postgres) { database in
            let fixture = try await Self.fixture(database)
            let second = Checkout(
                userID: fixture.user.id, planID: fixture.plan.id, paymentMethod: .pix, totalAmount: 2_990)
            try await second.create(on: database)
            let ids = [try fixture.checkout.requireID(), try second.requireID()]
            try await withThrowingTaskGroup(of: Void.self) { group in
                for id in ids {
                    group.addTask {
                        _ = try await SubscriptionLifecycle.markPaid(checkoutID: id, on: database, now: Self.now)
                    }
                }
                try await group.waitForAll()
            }
            let subscriptions = try await Self.subscriptions(database, of: fixture.user)
            #expect(subscriptions.count == 1)
            #expect(subscriptions.first?.endDate == Self.now.addingTimeInterval(60 * Self.day), "30 + 30 days")
        }
    }
}

/// A recurring plan bought by itself gives one calendar period (`BillingPeriod`), not its nominal 30 days.
@Suite struct RecurringPlanGrantTests {
    static func saoPaulo(_ text: String) throws -> Date {
        try #require(ISO8601DateFormatter().date(from: text + "-03:00"))
    }

    @Test(arguments: DatabaseKind.underTest)
    func aMonthlyPlanBoughtOnThe31stOfJanuaryRunsToTheLastDayOfFebruary(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let user = try await database.makeUser("mensal@example.com")
            let plan = Plan(name: "Mensal", price: 2_990, duration: 30, billing: .recurring, billingPeriod: "P1M")
            try await plan.create(on: database)
            let bought = try Self.saoPaulo("2027-01-31T20:00:00")

            let granted = try await SubscriptionLifecycle.grant(
                .init(of: plan), planID: plan.id, toUser: try user.requireID(), reference: nil, on: database,
                now: bought)

            #expect(granted.subscription.endDate == (try Self.saoPaulo("2027-02-28T20:00:00")))
        }
    }

    @Test func aOneTimePlanAndARecurringOneWithoutAPeriodGiveTheirDays() {
        #expect(SubscriptionLifecycle.Length(of: Plan(name: "Único", price: 990, duration: 45)) == .days(45))
        let unreadable = Plan(name: "Quebrado", price: 990, duration: 30, billing: .recurring, billingPeriod: "mensal")
        #expect(SubscriptionLifecycle.Length(of: unreadable) == .days(30))
        let quarterly = Plan(name: "Trimestral", price: 990, duration: 90, billing: .recurring, billingPeriod: "P3M")
        #expect(SubscriptionLifecycle.Length(of: quarterly) == .period(.quarterly))
    }
}
