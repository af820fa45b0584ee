import DatabaseTestBed
import FluentKit
import Foundation
import Payments
import Schema
import Testing

@testable import Commerce

/// The renewal job's edges that a sandbox card can't reach: a provider that can't be asked, and a subscription
/// with no buyer on record to charge.
@Suite struct AutomaticRenewalsEdgeTests {
    /// A test double for a provider whose API can't be reached (a timeout): every call fails as the network does.
    struct UnreachableProvider: PaymentProvider {
        let name = "sandbox"
        let confirmsPostbacksByFetching = false
        func createCharge(_ request: ChargeRequest) async throws -> Charge {
            throw PaymentProviderError.unreachable("timed out")
        }
        func verifyPostback(_ postback: IncomingPostback, now: Date) async throws -> PostbackEvent {
            throw PostbackRejection.signatureMissing
        }
        func fetchCharge(id: String) async throws -> ChargeState { throw PaymentProviderError.unreachable("timed out") }
    }

    static let end = Date(timeIntervalSince1970: 1_796_223_600)

    /// A monthly subscription ending at `end` that renews with a kept sandbox card; with its purchase's checkout
    /// (the buyer's CPF and mobile) unless `withBuyer` is false.
    static func renewing(_ database: any Database, withBuyer: Bool = true) async throws -> Subscription {
        let user = try await database.makeUser("renova@example.com")
        let plan = Plan(name: "Mensal", price: 2_990, duration: 30, billing: .recurring, billingPeriod: "P1M")
        try await plan.create(on: database)
        let start = Self.end.addingTimeInterval(-30 * 86_400)
        let subscription = Subscription(
            userID: user.id, planID: plan.id, startDate: start, endDate: Self.end, status: .active)
        subscription.billingPeriod = "P1M"
        subscription.renewalPrice = 2_990
        subscription.periodAnchor = start
        subscription.cyclesPaid = 1
        RenewalMethod(gateway: "sandbox", method: .creditCard, reference: "sbxcard_renews_0011").apply(to: subscription)
        try await subscription.create(on: database)
        if withBuyer {
            let checkout = Checkout(
                userID: user.id, planID: plan.id, status: .paid, paymentMethod: .creditCard, totalAmount: 2_990,
                customerName: "Ana Souza", customerEmail: "renova@example.com", customerDocument: "52998224725",
                customerPhone: "11912345678")
            checkout.subscriptionID = subscription.id
            checkout.renewalCycle = 1
            checkout.paidAt = start
            try await checkout.create(on: database)
        }
        return subscription
    }

    @Test(arguments: DatabaseKind.underTest)
    func aProviderThatCantBeAskedIsAskedAgainAnHourLaterWithNothingChanged(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let subscription = try await Self.renewing(database)
            let moment = Self.end.addingTimeInterval(-12 * 3_600)
            func round(at time: Date) async throws -> AutomaticRenewals.Round {
                try await AutomaticRenewals.renewDue(
                    providers: [UnreachableProvider()], graceDays: 3, on: database, now: time)
            }

            let first = try await round(at: moment)
            let soon = try await round(at: moment.addingTimeInterval(30 * 60))
            let later = try await round(at: moment.addingTimeInterval(61 * 60))

            #expect(first.deferred == 1)
            #expect(soon.total == 0, "not within the hour")
            #expect(later.deferred == 1, "asked again after it")
            let stored = try #require(try await Subscription.find(subscription.id, on: database))
            #expect(stored.status == .active, "nothing charged, nothing declined")
            #expect(stored.cyclesPaid == 1)
            let attempts = try await RenewalAttempt.query(on: database).all()
            #expect(attempts.map(\.outcome) == [.unreachable, .unreachable])
            #expect(attempts.first?.detail?.contains("timed out") == true)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aSubscriptionWithNoBuyerOnRecordIsNotChargedAndWaitsADay(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            _ = try await Self.renewing(database, withBuyer: false)
            let sandbox = SandboxGateway(secret: "s", pix: .init(key: "k", merchantName: "n", merchantCity: "c"))
            let moment = Self.end.addingTimeInterval(-12 * 3_600)

            let first = try await AutomaticRenewals.renewDue(
                providers: [sandbox], graceDays: 3, on: database, now: moment)
            let inTwoHours = try await AutomaticRenewals.renewDue(
                providers: [sandbox], graceDays: 3, on: database, now: moment.addingTimeInterval(7_200))

            #expect(first.deferred == 1)
            #expect(inTwoHours.total == 0)
            #expect(try await RenewalAttempt.query(on: database).first()?.detail?.contains("CPF") == true)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aChargePaidButNotAppliedIsAppliedLaterWithoutChargingAgain(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            // setup: cycle 2 was paid, and the database failed before it was applied
            let subscription = try await Self.renewing(database)
            try await RenewalAttempt(
                subscriptionID: try subscription.requireID(), cycle: 2, amount: 2_990, gateway: "sandbox",
                chargeID: "sbx_sub1c2_paid", outcome: .paid, detail: nil,
                attemptedAt: Self.end.addingTimeInterval(-36 * 3_600)
            ).create(on: database)

            // MUT: a provider that would fail if it were asked
            let round = try await AutomaticRenewals.renewDue(
                providers: [UnreachableProvider()], graceDays: 3, on: database,
                now: Self.end.addingTimeInterval(-12 * 3_600))

            #expect(round.renewed == 1, "applied from the record, the provider not asked")
            let stored = try #require(try await Subscription.find(subscription.id, on: database))
            #expect(stored.cyclesPaid == 2)
            #expect(try await RenewalAttempt.query(on: database).count() == 1, "no second charge")
            let cycle2 = try await Checkout.query(on: database).filter(\.$renewalCycle == 2).first()
            #expect(cycle2?.externalID == "sbx_sub1c2_paid")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aGatewayThatIsNoLongerConfiguredChargesNothing(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            _ = try await Self.renewing(database)
            let round = try await AutomaticRenewals.renewDue(
                providers: [], graceDays: 3, on: database, now: Self.end.addingTimeInterval(-3_600))
            #expect(round.total == 0)
            #expect(try await RenewalAttempt.query(on: database).count() == 0)
        }
    }
}
