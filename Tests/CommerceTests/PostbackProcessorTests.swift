import DatabaseTestBed
import FluentKit
import Foundation
import Payments
import Schema
import Testing

@testable import Commerce

/// A test double of a payment provider, not a real one: it verifies and fetches what the test scripted, so the
/// processor's own rules are what is under test. The webhook and the real providers are tested in AppTests.
struct ScriptedProvider: PaymentProvider {
    var name = "scripted"
    var confirmsPostbacksByFetching = false
    var postback: @Sendable () throws -> PostbackEvent
    var fetched: @Sendable (String) throws -> ChargeState = { id in
        throw PaymentProviderError.refused(status: 404, message: "no payment \(id) was scripted")
    }

    func createCharge(_ request: ChargeRequest) async throws -> Charge {
        throw PaymentProviderError.refused(status: 501, message: "the processor never creates charges")
    }

    func verifyPostback(_ postback: IncomingPostback, now: Date) async throws -> PostbackEvent { try self.postback() }

    func fetchCharge(id: String) async throws -> ChargeState { try fetched(id) }
}

/// A postback is recorded whatever it is, and changes a checkout once, only when it is provably the provider's
/// word on a charge of that checkout.
@Suite struct PostbackProcessorTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)  // a fixed instant in November 2026
    static let anyPostback = IncomingPostback(headers: ["Content-Type": "application/json"], body: Data("{}".utf8))

    /// A pending R$ 39,80 Pix checkout of the scripted gateway, charge `ch_1`, on a 30-day plan.
    static func pendingCheckout(_ database: any Database, externalID: String = "ch_1") async throws -> Checkout {
        let user = try await database.makeUser("comprador@example.com")
        let plan = Plan(name: "Mensal", price: 3_980, duration: 30)
        try await plan.create(on: database)
        let checkout = Checkout(
            userID: user.id, planID: plan.id, externalID: externalID, paymentMethod: .pix, totalAmount: 3_980)
        checkout.gateway = "scripted"
        try await checkout.create(on: database)
        return checkout
    }

    static func paid(_ eventID: String, charge: String = "ch_1", amount: Int = 3_980, reference: String? = nil)
        -> PostbackEvent
    {
        PostbackEvent(eventID: eventID, chargeID: charge, status: .paid, amountCents: amount, reference: reference)
    }

    static func process(_ provider: ScriptedProvider, on database: any Database) async throws
        -> PostbackProcessor.Outcome
    {
        try await PostbackProcessor.process(Self.anyPostback, gateway: provider, on: database, now: Self.now)
    }

    static func status(of checkout: Checkout, on database: any Database) async throws -> CheckoutStatus? {
        try await Checkout.find(checkout.requireID(), on: database)?.status
    }

    static func outcomes(_ database: any Database) async throws -> [String] {
        try await PaymentEvent.query(on: database).sort(\.$id).all().map(\.outcome)
    }

    @Test(arguments: DatabaseKind.underTest)
    func aSignedPaymentAppliesOnceAndItsRepeatIsRecordedAsADuplicate(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let checkout = try await Self.pendingCheckout(database)
            let provider = ScriptedProvider(postback: { Self.paid("evt_1") })

            #expect(try await Self.process(provider, on: database) == .applied)
            #expect(try await Self.process(provider, on: database) == .duplicate)

            #expect(try await Self.status(of: checkout, on: database) == .paid)
            #expect(try await Subscription.query(on: database).count() == 1)
            #expect(try await Self.outcomes(database) == ["applied", "duplicate"])
            let applied = try #require(try await PaymentEvent.query(on: database).sort(\.$id).first())
            #expect(applied.$checkout.id == checkout.id)
            #expect(applied.isVerified)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func whatIsNotProvablyAPaymentChangesNothing(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let checkout = try await Self.pendingCheckout(database)
            let forged = ScriptedProvider(postback: { throw PostbackRejection.signatureInvalid })
            let otherTopic = ScriptedProvider(postback: { throw PostbackNotAboutPayment(topic: "merchant_order") })

            #expect(try await Self.process(forged, on: database) == .rejected)
            #expect(try await Self.process(otherTopic, on: database) == .noChange)

            #expect(try await Self.status(of: checkout, on: database) == .pending)
            let events = try await PaymentEvent.query(on: database).sort(\.$id).all()
            #expect(events.map(\.outcome) == ["rejected", "no_change"])
            #expect(events.map(\.isVerified) == [false, true])
            #expect(events[0].payload?.contains("sha256") == true, "the unverified body is kept as a description")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aWrongAmountIsRefusedForTheAdminAndAnUnknownChargeIsAcknowledged(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let checkout = try await Self.pendingCheckout(database)
            let short = ScriptedProvider(postback: { Self.paid("evt_1", amount: 100) })
            let stranger = ScriptedProvider(postback: { Self.paid("evt_2", charge: "ch_nobody", reference: "77") })

            let mismatch = try await Self.process(short, on: database)
            let unknown = try await Self.process(stranger, on: database)

            #expect(mismatch == .amountMismatch)
            #expect(mismatch.httpStatus == 422, "the provider delivers it again, after an admin fixes the data")
            #expect(unknown == .unknownCharge)
            #expect(unknown.httpStatus == 200)
            #expect(try await Self.status(of: checkout, on: database) == .pending)
            let details = try await PaymentEvent.query(on: database).sort(\.$id).all().map(\.detail)
            #expect(details[0]?.contains("paid 100 cents, checkout total 3980") == true)
            #expect(details[1]?.contains("its reference: 77") == true)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aProviderThatConfirmsByFetchingIsBelievedOverItsNotification(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let checkout = try await Self.pendingCheckout(database)
            // The notification claims paid; the provider, asked, still says pending.
            var provider = ScriptedProvider(confirmsPostbacksByFetching: true, postback: { Self.paid("notice_1") })
            provider.fetched = { id in ChargeState(chargeID: id, status: .pending, amountCents: 3_980, reference: nil) }
            #expect(try await Self.process(provider, on: database) == .noChange)
            #expect(try await Self.status(of: checkout, on: database) == .pending)

            // Once it says paid, that applies, once, whichever notification brings it.
            provider.fetched = { id in ChargeState(chargeID: id, status: .paid, amountCents: 3_980, reference: nil) }
            #expect(try await Self.process(provider, on: database) == .applied)
            provider.postback = { Self.paid("notice_2") }
            #expect(try await Self.process(provider, on: database) == .duplicate)

            #expect(try await Self.status(of: checkout, on: database) == .paid)
            let keys = try await PaymentEvent.query(on: database).sort(\.$id).all().map(\.eventKey)
            #expect(keys[0] == "ch_1:pending")
            #expect(keys[1] == "ch_1:paid", "a fetched event's key is the payment and its status")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aPaymentTheProviderDoesNotKnowIsDroppedAndOneItCannotTellIsRetried(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let checkout = try await Self.pendingCheckout(database)
            var provider = ScriptedProvider(confirmsPostbacksByFetching: true, postback: { Self.paid("notice_1") })
            let unknown = try await Self.process(provider, on: database)
            provider.fetched = { _ in throw PaymentProviderError.unreachable("connection refused") }
            let unreachable = try await Self.process(provider, on: database)

            #expect(unknown == .unknownCharge)
            #expect(unknown.httpStatus == 200, "nothing to deliver again")
            #expect(unreachable == .providerUnavailable)
            #expect(unreachable.httpStatus == 503, "the provider delivers it again")
            #expect(try await Self.status(of: checkout, on: database) == .pending)
            #expect(try await Self.outcomes(database) == ["unknown_charge", "provider_unavailable"])
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func onTheProvidersPageOnlyThePaymentThatSettlesTheCheckoutCounts(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            // setup: a card checkout whose charge is the provider's page; its payments name it by reference
            let checkout = try await Self.pendingCheckout(
                database, externalID: MercadoPagoGateway.preferencePrefix + "123-abc")
            let reference = String(try checkout.requireID())
            let declined = PostbackEvent(
                eventID: "evt_1", chargeID: "pay_1", status: .failed, amountCents: 3_980, reference: reference)

            // MUT: a declined card, then a paid one, then a second payment for the same page
            let afterDecline = try await Self.process(ScriptedProvider(postback: { declined }), on: database)
            let statusAfterDecline = try await Self.status(of: checkout, on: database)
            let settled = try await Self.process(
                ScriptedProvider(postback: { Self.paid("evt_2", charge: "pay_2", reference: reference) }), on: database)
            let second = try await Self.process(
                ScriptedProvider(postback: { Self.paid("evt_3", charge: "pay_3", reference: reference) }), on: database)

            // validate
            #expect(afterDecline == .noChange)
            #expect(statusAfterDecline == .pending, "the buyer may try again on the page")
            #expect(settled == .applied)
            #expect(second == .unknownCharge, "reported for the admin to refund")
            let stored = try #require(try await Checkout.find(checkout.requireID(), on: database))
            #expect(stored.status == .paid)
            #expect(stored.externalID == "pay_2", "the payment takes the page's place as the checkout's charge")
            #expect(try await Subscription.query(on: database).count() == 1)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aPostbackNeverSettlesAnotherGatewaysCheckout(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let checkout = try await Self.pendingCheckout(database)
            let other = ScriptedProvider(name: "another", postback: { Self.paid("evt_1") })

            #expect(try await Self.process(other, on: database) == .unknownCharge)
            #expect(try await Self.status(of: checkout, on: database) == .pending)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func reconciliationAppliesWhatTheProviderSaysOnce(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let checkout = try await Self.pendingCheckout(database)
            var provider = ScriptedProvider(postback: { Self.paid("unused") })
            func reconcile() async throws -> PostbackProcessor.Outcome? {
                try await PostbackProcessor.reconcile(chargeID: "ch_1", gateway: provider, on: database, now: Self.now)
            }
            provider.fetched = { id in ChargeState(chargeID: id, status: .pending, amountCents: 3_980, reference: nil) }
            let whilePending = try await reconcile()
            provider.fetched = { id in ChargeState(chargeID: id, status: .paid, amountCents: 3_980, reference: nil) }
            let once = try await reconcile()
            let again = try await reconcile()

            #expect(whilePending == nil)
            #expect(once == .applied)
            #expect(again == nil, "already recorded")
            #expect(try await Self.status(of: checkout, on: database) == .paid)
            #expect(try await PaymentEvent.query(on: database).count() == 1)
        }
    }
}
