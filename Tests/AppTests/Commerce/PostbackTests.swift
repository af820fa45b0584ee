import Commerce
import DatabaseTestBed
import Fluent
import Foundation
import Payments
import Schema
import Site
import Testing
import Vapor
import VaporTesting

@testable import App

/// `POST /api/v1/webhooks/sandbox`: signed postbacks change a checkout once; anything else changes nothing and
/// is recorded.
@Suite struct PostbackTests {

    static func subscriptionCount(_ app: Application) async throws -> Int {
        try await Subscription.query(on: app.db).count()
    }

    @Test(arguments: DatabaseKind.underTest)
    func aSignedPaymentActivatesTheSubscription(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let setup = try await CommerceFixtures.postbackSetup(app)
            let response = try await CommerceFixtures.sendPostback(
                app, CommerceFixtures.paidEvent("evt_1"), signedBy: setup.sandbox)
            #expect(response.status == .ok)
            #expect(response.text.contains(#""outcome":"applied""#))
            #expect(try await Checkout.find(setup.checkout.id, on: app.db)?.status == .paid)
            #expect(try await Self.subscriptionCount(app) == 1)
            let event = try #require(try await PaymentEvent.query(on: app.db).first())
            #expect(event.isVerified)
            #expect(event.outcome == "applied")
            #expect(event.$checkout.id == setup.checkout.id)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aDuplicatePostbackIsAcknowledgedAndMakesOneSubscription(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let setup = try await CommerceFixtures.postbackSetup(app)
            let first = try await CommerceFixtures.sendPostback(
                app, CommerceFixtures.paidEvent("evt_1"), signedBy: setup.sandbox)
            let again = try await CommerceFixtures.sendPostback(
                app, CommerceFixtures.paidEvent("evt_1"), signedBy: setup.sandbox)
            #expect(first.status == .ok)
            #expect(again.status == .ok)
            #expect(again.text.contains(#""outcome":"duplicate""#))
            #expect(try await Self.subscriptionCount(app) == 1)
            #expect(try await PaymentEvent.query(on: app.db).count() == 2, "the repeat is recorded too")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aFailureArrivingAfterThePaymentLeavesTheCheckoutPaid(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let setup = try await CommerceFixtures.postbackSetup(app)
            _ = try await CommerceFixtures.sendPostback(
                app, CommerceFixtures.paidEvent("evt_paid"), signedBy: setup.sandbox)
            let failed = PostbackEvent(
                eventID: "evt_failed", chargeID: "sbx_1_abc", status: .failed, amountCents: 3_980, reference: "1")
            let response = try await CommerceFixtures.sendPostback(app, failed, signedBy: setup.sandbox)
            #expect(response.status == .ok)
            #expect(response.text.contains(#""outcome":"already_applied""#))
            #expect(try await Checkout.find(setup.checkout.id, on: app.db)?.status == .paid)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aForgedSignatureIsRefusedAndChangesNothing(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let setup = try await CommerceFixtures.postbackSetup(app)
            let forger = SandboxGateway(secret: "guessed", pix: .init(key: "k", merchantName: "n", merchantCity: "c"))
            let forged = try await CommerceFixtures.sendPostback(
                app, CommerceFixtures.paidEvent("evt_1"), signedBy: forger)
            let unsigned = try await app.testing().sendRequest(
                .POST, APIURL.webhook(gateway: "sandbox").path, headers: ["Content-Type": "application/json"],
                body: ByteBuffer(string: #"{"event_id":"evt_2","charge_id":"sbx_1_abc","status":"paid","amount":3980}"#)
            )
            let replayed = try await CommerceFixtures.sendPostback(
                app, CommerceFixtures.paidEvent("evt_3"), signedBy: setup.sandbox,
                at: Date(timeIntervalSinceNow: -3_600))

            #expect(forged.status == .unauthorized)
            #expect(unsigned.status == .unauthorized)
            #expect(replayed.status == .unauthorized)
            #expect(try await Checkout.find(setup.checkout.id, on: app.db)?.status == .pending)
            #expect(try await Self.subscriptionCount(app) == 0)
            let events = try await PaymentEvent.query(on: app.db).all()
            #expect(events.count == 3)
            #expect(events.allSatisfy { !$0.isVerified })
            #expect(events.allSatisfy { $0.outcome == "rejected" })
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aPaymentOfTheWrongAmountIsRefusedAndLogged(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let setup = try await CommerceFixtures.postbackSetup(app)
            let response = try await CommerceFixtures.sendPostback(
                app, CommerceFixtures.paidEvent("evt_1", amount: 100), signedBy: setup.sandbox)
            #expect(response.status == .unprocessableEntity)
            #expect(try await Checkout.find(setup.checkout.id, on: app.db)?.status == .pending)
            #expect(try await Self.subscriptionCount(app) == 0)
            let event = try #require(try await PaymentEvent.query(on: app.db).first())
            #expect(event.outcome == "amount_mismatch")
            #expect(event.detail?.contains("3980") == true)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func anUnknownChargeIsAcknowledgedAndLogged(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let setup = try await CommerceFixtures.postbackSetup(app)
            let response = try await CommerceFixtures.sendPostback(
                app, CommerceFixtures.paidEvent("evt_1", charge: "sbx_nobody"), signedBy: setup.sandbox)
            #expect(response.status == .ok)
            #expect(response.text.contains(#""outcome":"unknown_charge""#))
            #expect(try await PaymentEvent.query(on: app.db).first()?.outcome == "unknown_charge")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aPostbackSettlesOnlyACheckoutItsOwnGatewayCharged(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            // setup: a card checkout charged by Mercado Pago, whose preference id the buyer sees in the URL
            let setup = try await CommerceFixtures.postbackSetup(app)
            let card = Checkout(
                userID: setup.user.id, planID: setup.checkout.$plan.id, externalID: "preference:123-abc",
                paymentMethod: .creditCard, totalAmount: 3_980)
            card.gateway = "mercadopago"
            try await card.create(on: app.db)
            let cardID = try card.requireID()

            // MUT: the sandbox signs postbacks naming it, by its charge id and by its reference
            let byCharge = try await CommerceFixtures.sendPostback(
                app,
                PostbackEvent(
                    eventID: "evt_x", chargeID: "preference:123-abc", status: .paid, amountCents: 3_980, reference: nil),
                signedBy: setup.sandbox)
            let byReference = try await CommerceFixtures.sendPostback(
                app,
                PostbackEvent(
                    eventID: "evt_y", chargeID: "sbx_other", status: .paid, amountCents: 3_980,
                    reference: String(cardID)), signedBy: setup.sandbox)

            // validate
            #expect(byCharge.status == .ok)
            #expect(byCharge.text.contains(#""outcome":"unknown_charge""#))
            #expect(byReference.status == .ok)
            #expect(byReference.text.contains(#""outcome":"unknown_charge""#))
            #expect(try await Checkout.find(cardID, on: app.db)?.status == .pending)
            #expect(try await Self.subscriptionCount(app) == 0)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func unsignedPostbacksAreKeptAsADescriptionNotTheirBody(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            // setup
            _ = try await CommerceFixtures.postbackSetup(app)
            let body = ByteBuffer(string: String(repeating: "A", count: 16_000))

            // MUT: fifty unsigned 16 KB posts
            for _ in 1...50 {
                let response = try await app.testing().sendRequest(
                    .POST, APIURL.webhook(gateway: "sandbox").path,
                    headers: ["Content-Type": "application/json", "X-Anything": "x"], body: body)
                #expect(response.status == .unauthorized)
            }

            // validate: fifty rows, each a short description with the size, the hash and the headers' names
            let events = try await PaymentEvent.query(on: app.db).all()
            #expect(events.count == 50)
            #expect(events.allSatisfy { ($0.payload?.count ?? 0) < 400 })
            #expect(events.allSatisfy { $0.payload?.contains("16000 bytes") == true })
            #expect(
                events.allSatisfy {
                    $0.payload?.contains("AAAA") == false && $0.payload?.contains("x-anything") == true
                })
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func postbacksWithoutEffectAreDeletedAfterTheirRetention(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let setup = try await CommerceFixtures.postbackSetup(app)
            _ = try await CommerceFixtures.sendPostback(
                app, CommerceFixtures.paidEvent("evt_1"), signedBy: setup.sandbox)  // applied
            _ = try await CommerceFixtures.sendPostback(
                app, CommerceFixtures.paidEvent("evt_1"), signedBy: setup.sandbox)  // duplicate
            _ = try await app.testing().sendRequest(
                .POST, APIURL.webhook(gateway: "sandbox").path, body: ByteBuffer(string: "{}"))  // rejected
            #expect(try await PaymentEvent.query(on: app.db).count() == 3)

            try await AdminSetting(key: KnownSetting.paymentEventsRetentionDays.rawValue, value: "30").create(
                on: app.db)
            let job = try #require(BackgroundJobs.all.first { $0.name == "prune-payment-events" })
            #expect(try await job.round(app) == "0 postbacks without effect deleted", "none is old yet")
            #expect(
                try await PaymentEventRetention.prune(
                    olderThanDays: 30, on: app.db, now: Date().addingTimeInterval(31 * 86_400)) == 2)
            #expect(try await PaymentEvent.query(on: app.db).all().map(\.outcome) == ["applied"])
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aRefundEndsTheSubscription(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let setup = try await CommerceFixtures.postbackSetup(app)
            _ = try await CommerceFixtures.sendPostback(
                app, CommerceFixtures.paidEvent("evt_1"), signedBy: setup.sandbox)
            let refund = PostbackEvent(
                eventID: "evt_2", chargeID: "sbx_1_abc", status: .refunded, amountCents: 3_980, reference: "1")
            #expect(try await CommerceFixtures.sendPostback(app, refund, signedBy: setup.sandbox).status == .ok)
            #expect(try await Subscription.query(on: app.db).first()?.status == .expired)
            #expect(try await User.find(setup.user.id, on: app.db)?.subscriptionStatus == .expired)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func anUnknownGatewayIsNotFound(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let response = try await app.testing().sendRequest(
                .POST, APIURL.webhook(gateway: "nenhum").path, body: ByteBuffer(string: "{}"))
            #expect(response.status == .notFound)
        }
    }

    @Test(.enabled(if: DatabaseKind.postgresIsUnderTest))
    func fiftyConcurrentIdenticalPostbacksMakeOneSubscription() async throws {
        try await withApp(.postgres) { app in
            let setup = try await CommerceFixtures.postbackSetup(app)
            let statuses = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for _ in 0..<50 {
                    group.addTask {
                        try await CommerceFixtures.sendPostback(
                            app, CommerceFixtures.paidEvent("evt_same"), signedBy: setup.sandbox
                        ).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == .ok })
            #expect(try await Self.subscriptionCount(app) == 1)
            #expect(try await PaymentEvent.query(on: app.db).filter(\.$outcome == "applied").count() == 1)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aSecretSealedUnderAnotherAppSecretIsAClearServiceError(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let sealed = try SecretBox(appSecret: "some-other-app-secret-of-32-characters").seal(
                CommerceFixtures.sandboxSecret)
            try await PaymentGateway(name: "sandbox", secretKey: sealed, takesCard: true, takesPix: true).create(
                on: app.db)
            let sandbox = SandboxGateway(
                secret: CommerceFixtures.sandboxSecret, pix: .init(key: "k", merchantName: "n", merchantCity: "c"))
            let response = try await CommerceFixtures.sendPostback(
                app, CommerceFixtures.paidEvent("evt_1"), signedBy: sandbox)
            // A 503 the provider retries, with the cause (APP_SECRET changed) in the log, rather than a 500.
            #expect(response.status == .serviceUnavailable)
        }
    }
}
