import APISchema
import Accounts
import Commerce
import DatabaseTestBed
import Fluent
import Foundation
import Payments
import Schema
import Testing
import Vapor
import VaporTesting

@testable import App

/// `POST /api/v1/checkouts`: the server prices the order, validates the buyer, and starts the charge.
@Suite struct CheckoutTests {

    /// A visitor's Pix checkout of the plan and two bumps, as the API starts it.
    private struct VisitorCheckout {
        let bumpIDs: [Int]
        let response: TestingHTTPResponse
        let json: [String: JSONValue]
        let checkout: Checkout
    }

    private func startVisitorCheckout(_ app: Application) async throws -> VisitorCheckout {
        let shop = try await CommerceFixtures.shop(app)
        let bumpIDs = try shop.bumps.prefix(2).map { try $0.requireID() }
        let (response, json) = try await CommerceFixtures.startCheckout(
            app, CommerceFixtures.checkoutBody(planID: shop.plan.id, bumps: bumpIDs))
        let checkout = try #require(try await Checkout.query(on: app.db).first())
        return VisitorCheckout(bumpIDs: bumpIDs, response: response, json: json, checkout: checkout)
    }

    @Test(arguments: DatabaseKind.underTest)
    func aClientsOwnTotalIsRefusedNotDropped(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let shop = try await CommerceFixtures.shop(app)
            let bumpIDs = try shop.bumps.prefix(2).map { try $0.requireID() }

            let (refused, refusedJSON) = try await CommerceFixtures.startCheckout(
                app, CommerceFixtures.checkoutBody(planID: shop.plan.id, bumps: bumpIDs, extra: ["total_amount": 1]))

            #expect(refused.status == .unprocessableEntity)
            #expect(refusedJSON["error"]?["fields"]?["total_amount"] == "is not a field of this request")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func theServerPricesAVisitorsCheckoutAndMakesTheirAccount(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let started = try await startVisitorCheckout(app)

            #expect(started.response.status == .created)
            let checkout = started.checkout
            #expect(checkout.totalAmount == 2_990 + 990 + 4_990)
            #expect(checkout.status == .pending)
            #expect(checkout.orderBumpIDs?.value == started.bumpIDs)
            #expect(checkout.hasOrderBump)
            #expect(checkout.customerDocument == "52998224725")
            #expect(checkout.customerPhone == "11912345678")
            let buyer = try #require(try await User.query(on: app.db).filter(\.$email == "nova@example.com").first())
            #expect(checkout.$user.id == buyer.id)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func thePixCodeIsAValidBRCodeForTheTotal(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let started = try await startVisitorCheckout(app)

            let code = try #require(APIClient.string(started.json["pix_code"]))
            #expect(PixBRCode.hasValidCRC(code))
            #expect(code.contains("540589.70"))
            #expect(APIClient.string(started.json["pix_qr_svg"])?.hasPrefix("<svg") == true)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func theStatusURLAnswersOnlyWithItsToken(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let started = try await startVisitorCheckout(app)

            let statusURL = try #require(APIClient.string(started.json["status_url"]))
            #expect(try await app.testing().sendRequest(.GET, statusURL).text.contains(#""status":"pending""#))
            let wrongToken = APIURL.checkout(started.checkout.id ?? 0).path + "?token=abc"
            #expect(try await app.testing().sendRequest(.GET, wrongToken).status == .notFound)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aSignedPostbackPaysTheCheckoutAndOpensTheContent(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let started = try await startVisitorCheckout(app)
            let statusURL = try #require(APIClient.string(started.json["status_url"]))
            let buyer = try #require(try await User.query(on: app.db).filter(\.$email == "nova@example.com").first())
            let sandbox = SandboxGateway(
                secret: CommerceFixtures.sandboxSecret, pix: .init(key: "k", merchantName: "n", merchantCity: "c"))
            let paid = PostbackEvent(
                eventID: "evt_1", chargeID: try #require(started.checkout.externalID), status: .paid,
                amountCents: 8_970,
                reference: nil)

            #expect(try await CommerceFixtures.sendPostback(app, paid, signedBy: sandbox).status == .ok)

            #expect(try await app.testing().sendRequest(.GET, statusURL).text.contains(#""status":"paid""#))
            #expect(
                try await MediaAccess.canView(SignedInUser(user: buyer, tokenID: 0, tokenKind: .session), on: app.db))
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aSignedInUsersApprovedCardIsPaidAtOnceAndADeclinedOneFails(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let shop = try await CommerceFixtures.shop(app)
            try await app.makeUser("ana@example.com", password: "senha-da-ana-1")
            let login = try await app.testing().sendRequest(
                .POST, APIURL.login.path, headers: ["Content-Type": "application/json"],
                body: ByteBuffer(string: #"{"email":"ana@example.com","password":"senha-da-ana-1"}"#))
            let token = try #require(
                APIClient.string(try JSONDecoder().decode([String: JSONValue].self, from: login.body)["token"]))

            let (approved, approvedJSON) = try await CommerceFixtures.startCheckout(
                app,
                CommerceFixtures.checkoutBody(
                    planID: shop.plan.id, method: "credit_card", email: "ana@example.com", password: nil,
                    card: "4111 1111 1111 1111"),
                token: token)
            let (declined, _) = try await CommerceFixtures.startCheckout(
                app,
                CommerceFixtures.checkoutBody(
                    planID: shop.plan.id, method: "credit_card", email: "ana@example.com", password: nil,
                    card: SandboxGateway.declinedCard),
                token: token)

            #expect(approved.status == .created)
            #expect(APIClient.string(approvedJSON["status"]) == "paid")
            #expect(declined.status == .created)
            let statuses = try await Checkout.query(on: app.db).sort(\.$id).all().map(\.status)
            #expect(statuses == [.paid, .failed])
            #expect(try await Subscription.query(on: app.db).count() == 1)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func badCheckoutsAreRefusedWithClearReasons(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let shop = try await CommerceFixtures.shop(app)
            let planID = try shop.plan.requireID()
            let (invalid, invalidJSON) = try await CommerceFixtures.startCheckout(
                app,
                CommerceFixtures.checkoutBody(planID: planID, cpf: "111.111.111-11", phone: "91234-5678", password: "x")
            )
            #expect(invalid.status == .unprocessableEntity)
            if case .object(let error)? = invalidJSON["error"], case .object(let fields)? = error["fields"] {
                #expect(Set(fields.keys) == ["cpf", "phone", "password"])
            } else {
                Issue.record("no field errors: \(invalid.text)")
            }
            let inactiveBump = try shop.bumps[2].requireID()
            #expect(
                try await CommerceFixtures.startCheckout(
                    app, CommerceFixtures.checkoutBody(planID: planID, bumps: [inactiveBump])
                ).0.status
                    == .unprocessableEntity)
            #expect(
                try await CommerceFixtures.startCheckout(app, CommerceFixtures.checkoutBody(planID: 999_999)).0.status
                    == .unprocessableEntity)

            try await app.makeUser("existe@example.com")
            #expect(
                try await CommerceFixtures.startCheckout(
                    app, CommerceFixtures.checkoutBody(planID: planID, email: "existe@example.com")
                ).0.status == .conflict)
            #expect(try await Checkout.query(on: app.db).count() == 0, "nothing was recorded for refused checkouts")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func withoutAnActiveGatewayCheckoutIsUnavailable(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let shop = try await CommerceFixtures.shop(app, gateway: false)
            #expect(
                try await CommerceFixtures.startCheckout(app, CommerceFixtures.checkoutBody(planID: shop.plan.id)).0
                    .status == .serviceUnavailable)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func probingWhichEmailsHaveAccountsIsThrottledLikeSignUp(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let shop = try await CommerceFixtures.shop(app)
            try await app.makeUser("existe@example.com")
            var statuses: [HTTPResponseStatus] = []
            func probe() async throws {
                statuses.append(
                    try await CommerceFixtures.startCheckout(
                        app, CommerceFixtures.checkoutBody(planID: shop.plan.id, email: "existe@example.com")
                    ).0.status)
            }
            for _ in 0..<SignInThrottle.limit { try await probe() }
            let failures = try await AuthFailure.query(on: app.db).filter(\.$email == "existe@example.com").all()
            #expect(failures.count == SignInThrottle.limit, "each probe counts as a failed sign-up")
            // A loaded machine can take longer than the window over the probes; the limit is about probes inside
            // one window, so the failures are brought to the present before the one that must be refused.
            for failure in failures {
                failure.createdAt = Date()
                try await failure.update(on: app.db)
            }
            try await probe()
            #expect(statuses.prefix(SignInThrottle.limit).allSatisfy { $0 == .conflict })
            #expect(statuses.last == .tooManyRequests)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func statusPollsCarryNoQRCode(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let shop = try await CommerceFixtures.shop(app)
            let (_, json) = try await CommerceFixtures.startCheckout(
                app, CommerceFixtures.checkoutBody(planID: shop.plan.id))
            let statusURL = try #require(APIClient.string(json["status_url"]))
            let poll = try await app.testing().sendRequest(.GET, statusURL).text
            #expect(poll.contains(#""pix_code""#), "the QR is drawn once, not on every poll")
            #expect(!poll.contains("<svg"), "the QR is drawn once, not on every poll")
        }
    }
}
