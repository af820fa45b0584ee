import DatabaseTestBed
import FluentKit
import Foundation
import Payments
import Schema
import Testing

@testable import Commerce

/// A renewal's charge that no checkout holds yet: one the job left pending, settled by its postback, and one a
/// provider made by itself, named by its `sub<ID>c<cycle>` reference.
@Suite struct RenewalPostbacksTests {
    /// A test double for a provider that decides a kept card's charge later and says so by postback, as Mercado
    /// Pago does with a payment `in_process`.
    struct DecidesLaterProvider: PaymentProvider {
        let name = "sandbox"
        let confirmsPostbacksByFetching = false
        func createCharge(_ request: ChargeRequest) async throws -> Charge {
            Charge(id: "later_" + request.reference, status: .pending)
        }
        func verifyPostback(_ postback: IncomingPostback, now: Date) async throws -> PostbackEvent {
            throw PostbackRejection.signatureMissing
        }
        func fetchCharge(id: String) async throws -> ChargeState { throw PaymentProviderError.unreachable("unused") }
    }

    static let end = AutomaticRenewalsEdgeTests.end
    static let chargedAt = end.addingTimeInterval(-12 * 3_600)

    /// A monthly subscription whose cycle 2 the job charged and the provider left pending.
    static func pendingRenewal(_ database: any Database) async throws -> Subscription {
        let subscription = try await AutomaticRenewalsEdgeTests.renewing(database)
        let round = try await AutomaticRenewals.renewDue(
            providers: [DecidesLaterProvider()], graceDays: 3, on: database, now: chargedAt)
        #expect(round.deferred == 1)
        return subscription
    }

    static func deliver(
        _ status: ChargeStatus, charge: String, amount: Int = 2_990, reference: String? = nil,
        gateway: String = "sandbox",
        key: String = UUID().uuidString, _ database: any Database, at moment: Date = chargedAt.addingTimeInterval(600)
    ) async throws -> PostbackProcessor.Outcome {
        try await PostbackProcessor.settle(
            ChargeState(chargeID: charge, status: status, amountCents: amount, reference: reference), eventKey: key,
            gateway: gateway, payload: "{}", on: database, now: moment)
    }

    static func stored(_ subscription: Subscription, _ database: any Database) async throws -> Subscription {
        try #require(try await Subscription.find(subscription.id, on: database))
    }

    static func lastDetail(_ database: any Database) async throws -> String {
        try await PaymentEvent.query(on: database).sort(\.$id, .descending).first()?.detail ?? ""
    }

    @Test(arguments: DatabaseKind.underTest)
    func aPendingRenewalIsAppliedByItsPaidPostbackOnceWithAReceipt(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let subscription = try await Self.pendingRenewal(database)
            let charge = "later_sub\(try subscription.requireID())c2"

            let first = try await Self.deliver(.paid, charge: charge, database)
            let again = try await Self.deliver(.paid, charge: charge, database)

            #expect(first == .applied)
            #expect(again == .alreadyApplied, "another event for the same payment")
            let after = try await Self.stored(subscription, database)
            #expect(after.cyclesPaid == 2)
            #expect(after.endDate.map { $0 > Self.end.addingTimeInterval(27 * 86_400) } == true)
            let receipts = try await Checkout.query(on: database).filter(\.$renewalCycle == 2).all()
            #expect(receipts.map(\.externalID) == [charge])
            #expect(receipts.first?.customerDocument == "52998224725", "the buyer on record")
            #expect(try await RenewalAttempt.query(on: database).all().map(\.outcome) == [.paid])

            // A refund of it finds its checkout, as any payment's does, and ends the access it bought.
            #expect(try await Self.deliver(.refunded, charge: charge, database) == .applied)
            let refunded = try await Checkout.query(on: database).filter(\.$renewalCycle == 2).first()
            #expect(refunded?.status == .failed)
            #expect(try await Self.stored(subscription, database).status == .expired)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aPendingRenewalDeclinedByPostbackIsPastDueWithAGraceOfTheSettingsDays(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            try await AdminSetting(key: "grace_days", value: "5").create(on: database)
            let subscription = try await Self.pendingRenewal(database)

            let outcome = try await Self.deliver(
                .failed, charge: "later_sub\(try subscription.requireID())c2", database)

            #expect(outcome == .applied)
            let after = try await Self.stored(subscription, database)
            #expect(after.status == .pastDue)
            #expect(after.graceEndsAt == Self.end.addingTimeInterval(5 * 86_400))
            #expect(after.cyclesPaid == 1)
            #expect(try await RenewalAttempt.query(on: database).all().map(\.outcome) == [.declined])
            // The job asks again a day after its attempt, within the grace.
            let retry = try await AutomaticRenewals.renewDue(
                providers: [DecidesLaterProvider()], graceDays: 5, on: database,
                now: Self.chargedAt.addingTimeInterval(86_401))
            #expect(retry.deferred == 1)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aChargeTheProviderMadeByItselfIsAppliedByItsReferenceFromItsOwnGatewayOnly(_ kind: DatabaseKind)
        async throws
    {
        try await withDatabase(kind) { database in
            let subscription = try await AutomaticRenewalsEdgeTests.renewing(database)
            let id = try subscription.requireID()

            let foreign = try await Self.deliver(
                .paid, charge: "mp_1", reference: "sub\(id)c2", gateway: "mercadopago", database)
            #expect(foreign == .unknownCharge)
            #expect(try await Self.lastDetail(database).contains("no subscription of mercadopago renews"))
            let wrongAmount = try await Self.deliver(
                .paid, charge: "sbx_sub\(id)c2_a", amount: 100, reference: "sub\(id)c2", database)
            #expect(wrongAmount == .amountMismatch)
            let ahead = try await Self.deliver(.paid, charge: "sbx_sub\(id)c3_a", reference: "sub\(id)c3", database)
            #expect(ahead == .unknownCharge)
            #expect(try await Self.lastDetail(database).contains("the next one due is 2"))
            #expect(try await Self.stored(subscription, database).cyclesPaid == 1, "none of those changed anything")

            let paid = try await Self.deliver(.paid, charge: "sbx_sub\(id)c2_b", reference: "sub\(id)c2", database)
            let second = try await Self.deliver(.paid, charge: "sbx_sub\(id)c2_c", reference: "sub\(id)c2", database)

            #expect(paid == .applied)
            #expect(second == .unknownCharge, "a second payment of one cycle is reported")
            #expect(try await Self.lastDetail(database).contains("refund it"))
            #expect(try await Self.stored(subscription, database).cyclesPaid == 2)
            #expect(try await Checkout.query(on: database).filter(\.$renewalCycle == 2).count() == 1)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aReferenceThatNamesNoRenewalIsStillAnUnknownCharge(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            _ = try await AutomaticRenewalsEdgeTests.renewing(database)
            for reference in ["sub999c2", "subxc2", "sub1c0", "sub1c", "12", "sub-1c2"] {
                let outcome = try await Self.deliver(.paid, charge: "x_" + reference, reference: reference, database)
                #expect(outcome == .unknownCharge, "\(reference)")
            }
            #expect(RenewalReference("sub12c3") == RenewalReference(subscriptionID: 12, cycle: 3))
            #expect(RenewalReference(subscriptionID: 12, cycle: 3).description == "sub12c3")
            #expect(try await Checkout.query(on: database).count() == 1, "the purchase only")
        }
    }

    @Test(.enabled(if: DatabaseKind.postgresIsUnderTest))
    func fiftyConcurrentDeliveriesOfAPendingRenewalExtendItOnce() async throws {
        try await withDatabase(.postgres) { database in
            let subscription = try await Self.pendingRenewal(database)
            let charge = "later_sub\(try subscription.requireID())c2"

            let outcomes = try await withThrowingTaskGroup(of: PostbackProcessor.Outcome.self) { group in
                for _ in 0..<50 { group.addTask { try await Self.deliver(.paid, charge: charge, database) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }

            #expect(outcomes.filter { $0 == .applied }.count == 1)
            #expect(outcomes.filter { $0 == .alreadyApplied }.count == 49)
            #expect(try await Self.stored(subscription, database).cyclesPaid == 2)
            #expect(try await Checkout.query(on: database).filter(\.$renewalCycle == 2).count() == 1)
        }
    }
}
