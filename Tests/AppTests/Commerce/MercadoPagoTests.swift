import APISchema
import Commerce
import DatabaseTestBed
import Fluent
import Foundation
import Localization
import Payments
import Schema
import Testing
import Vapor
import VaporTesting

@testable import App

/// Mercado Pago end to end, against `MercadoPagoStandIn` (a local test double of Mercado Pago's API): the charge
/// it is asked for, the signed notification, the re-fetch that decides, and what happens when it is down.
@Suite struct MercadoPagoTests {
    /// Runs `body` with a stand-in, and an application whose Mercado Pago gateway is active and points at it.
    static func withMercadoPago(
        _ kind: DatabaseKind, accessToken: String = MercadoPagoStandIn.accessToken,
        _ body: (Application, MercadoPagoStandIn, CommerceFixtures.Shop) async throws -> Void
    ) async throws {
        let standIn = try await MercadoPagoStandIn.start()
        do {
            try await withApp(kind, configuration: { $0.mercadoPagoAPIURL = standIn.baseURL }) { app in
                try await GatewayAdministration.save(
                    .init(
                        provider: "mercadopago", publicKey: "APP_USR-public", secretKey: accessToken,
                        webhookSecret: MercadoPagoStandIn.webhookSecret, isActive: true),
                    into: PaymentGateway(), appSecret: app.configuration.appSecret,
                    siteAddress: "https://musas.example.com", on: app.db)
                try await body(app, standIn, try await CommerceFixtures.shop(app, gateway: false))
            }
        } catch {
            try? await standIn.stop()
            throw error
        }
        try await standIn.stop()
    }

    static func notify(
        _ app: Application, _ standIn: MercadoPagoStandIn, paymentID: Int64,
        secret: String = MercadoPagoStandIn.webhookSecret,
        at time: Date = Date(), type: String = "payment"
    ) async throws -> TestingHTTPResponse {
        let notification = standIn.notification(paymentID: paymentID, secret: secret, at: time, type: type)
        return try await app.testing().sendRequest(
            .POST, APIURL.webhook(gateway: "mercadopago").path + "?" + notification.query,
            headers: notification.headers, body: notification.body)
    }

    static func startPix(_ app: Application, _ shop: CommerceFixtures.Shop) async throws -> (
        Checkout, [String: JSONValue]
    ) {
        let (response, json) = try await CommerceFixtures.startCheckout(
            app, CommerceFixtures.checkoutBody(planID: shop.plan.id, bumps: [try shop.bumps[0].requireID()]))
        #expect(response.status == .created, "\(response.text)")
        return (try #require(try await Checkout.query(on: app.db).first()), json)
    }

    @Test(arguments: DatabaseKind.underTest)
    func aPixChargeIsAskedOfMercadoPagoAsDocumented(_ kind: DatabaseKind) async throws {
        try await Self.withMercadoPago(kind) { app, standIn, shop in
            // MUT: the checkout asks Mercado Pago for a Pix payment
            let (checkout, json) = try await Self.startPix(app, shop)

            // validate: what was asked, as documented
            let request = try #require(standIn.requests.first { $0.path == "/v1/payments" && $0.method == "POST" })
            #expect(request.headers["authorization"] == "Bearer \(MercadoPagoStandIn.accessToken)")
            #expect(
                request.headers["x-idempotency-key"]?.hasPrefix("creatorflix-checkout-\(checkout.id ?? 0)-") == true)
            #expect(request.body["transaction_amount"] == .number(39.8))
            #expect(request.body["payment_method_id"] == "pix")
            #expect(request.body["external_reference"] == .string(String(checkout.id ?? 0)))
            #expect(
                request.body["notification_url"]
                    == .string(
                        "https://musas.example.com" + APIURL.webhook(gateway: "mercadopago").path
                            + "?source_news=webhooks"))
            let expiry = try #require(
                APIClient.string(request.body["date_of_expiration"]).flatMap(MercadoPagoGateway.parseTimestamp))
            #expect(expiry.timeIntervalSinceNow > 30 * 60, "Mercado Pago refuses a Pix expiry under 30 minutes")
            let payer = request.body["payer"]
            #expect(payer?["email"] == "nova@example.com")
            #expect(payer?["identification"]?["number"] == "52998224725")
            #expect(payer?["first_name"] == "Nova")
            #expect(payer?["last_name"] == "Cliente")
            let payment = try #require(standIn.allPayments().first)
            #expect(checkout.externalID == String(payment.id))
            #expect(checkout.totalAmount == 3_980)
            #expect(APIClient.string(json["pix_code"]) == payment.qrCode)
            #expect(checkout.paymentCode == payment.qrCode)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aNotificationWhileThePaymentIsPendingChangesNothing(_ kind: DatabaseKind) async throws {
        try await Self.withMercadoPago(kind) { app, standIn, shop in
            let (checkout, _) = try await Self.startPix(app, shop)
            let payment = try #require(standIn.allPayments().first)

            let answer = try await Self.notify(app, standIn, paymentID: payment.id)

            #expect(answer.text.contains(#""outcome":"no_change""#))
            #expect(try await Checkout.find(checkout.id, on: app.db)?.status == .pending)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func anApprovedPaymentIsFetchedBeforeItPaysTheCheckout(_ kind: DatabaseKind) async throws {
        try await Self.withMercadoPago(kind) { app, standIn, shop in
            let (checkout, _) = try await Self.startPix(app, shop)
            let payment = try #require(standIn.allPayments().first)
            standIn.setStatus(payment.id, "approved")
            let fetchesBefore = standIn.requests.filter { $0.method == "GET" }.count

            // The notification is a hint; the fetched payment decides.
            let paid = try await Self.notify(app, standIn, paymentID: payment.id)

            #expect(paid.status == .ok)
            #expect(paid.text.contains(#""outcome":"applied""#))
            #expect(
                standIn.requests.filter { $0.method == "GET" && $0.path == "/v1/payments/\(payment.id)" }.count
                    == fetchesBefore + 1)
            #expect(try await Checkout.find(checkout.id, on: app.db)?.status == .paid)
            #expect(try await Subscription.query(on: app.db).filter(\.$status == .active).count() == 1)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aRepeatedNotificationAppliesOnce(_ kind: DatabaseKind) async throws {
        try await Self.withMercadoPago(kind) { app, standIn, shop in
            _ = try await Self.startPix(app, shop)
            let payment = try #require(standIn.allPayments().first)
            standIn.setStatus(payment.id, "approved")
            _ = try await Self.notify(app, standIn, paymentID: payment.id)

            // Mercado Pago repeats its notification until acknowledged.
            let again = try await Self.notify(app, standIn, paymentID: payment.id)

            #expect(again.status == .ok)
            #expect(again.text.contains(#""outcome":"duplicate""#))
            #expect(try await Subscription.query(on: app.db).count() == 1)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aRefundAtMercadoPagoEndsTheSubscriptionAtOnce(_ kind: DatabaseKind) async throws {
        try await Self.withMercadoPago(kind) { app, standIn, shop in
            let (checkout, _) = try await Self.startPix(app, shop)
            let payment = try #require(standIn.allPayments().first)
            standIn.setStatus(payment.id, "approved")
            _ = try await Self.notify(app, standIn, paymentID: payment.id)

            standIn.setStatus(payment.id, "refunded")
            let refunded = try await Self.notify(app, standIn, paymentID: payment.id)

            #expect(refunded.text.contains(#""outcome":"applied""#))
            #expect(try await Subscription.query(on: app.db).filter(\.$status == .active).count() == 0)
            let buyer = try #require(try await User.find(checkout.$user.id, on: app.db))
            #expect(buyer.subscriptionStatus == .expired)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func forgedStaleAndUnsignedNotificationsAreRefusedBeforeAskingMercadoPago(_ kind: DatabaseKind) async throws {
        try await Self.withMercadoPago(kind) { app, standIn, shop in
            let (checkout, _) = try await Self.startPix(app, shop)
            let paymentID = try #require(standIn.allPayments().first?.id)
            standIn.setStatus(paymentID, "approved")

            let forged = try await Self.notify(app, standIn, paymentID: paymentID, secret: "a-guess")
            let stale = try await Self.notify(app, standIn, paymentID: paymentID, at: Date().addingTimeInterval(-600))
            var unsigned = standIn.notification(paymentID: paymentID)
            unsigned.headers.remove(name: "x-signature")
            let noSignature = try await app.testing().sendRequest(
                .POST, APIURL.webhook(gateway: "mercadopago").path + "?" + unsigned.query, headers: unsigned.headers,
                body: unsigned.body)
            // The signature covers data.id: the same signed headers naming another payment don't verify.
            let signed = standIn.notification(paymentID: paymentID)
            let swapped = try await app.testing().sendRequest(
                .POST, APIURL.webhook(gateway: "mercadopago").path + "?data.id=999&type=payment",
                headers: signed.headers, body: signed.body)

            for response in [forged, stale, noSignature, swapped] { #expect(response.status == .unauthorized) }
            #expect(standIn.requests.filter { $0.method == "GET" }.isEmpty, "nothing unverified is fetched")
            #expect(try await Checkout.find(checkout.id, on: app.db)?.status == .pending)
            let events = try await PaymentEvent.query(on: app.db).all()
            #expect(events.count == 4)
            #expect(events.allSatisfy { !$0.isVerified })
            #expect(events.allSatisfy { $0.outcome == "rejected" })
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aPaidAmountThatDiffersIsRefusedAndAnOutageIsRetried(_ kind: DatabaseKind) async throws {
        try await Self.withMercadoPago(kind) { app, standIn, shop in
            let (checkout, _) = try await Self.startPix(app, shop)
            let paymentID = try #require(standIn.allPayments().first?.id)

            // Mercado Pago down: 503, so it delivers again; nothing changes
            standIn.setStatus(paymentID, "approved")
            standIn.setFailing(true)
            let outage = try await Self.notify(app, standIn, paymentID: paymentID)
            #expect(outage.status == .serviceUnavailable)
            #expect(try await PaymentEvent.query(on: app.db).filter(\.$outcome == "provider_unavailable").count() == 1)
            #expect(try await Checkout.find(checkout.id, on: app.db)?.status == .pending)

            // back, but the payment is for R$ 1,00: refused (422), logged, nothing granted
            standIn.setFailing(false)
            standIn.setStatus(paymentID, "approved", amount: 1)
            let mismatch = try await Self.notify(app, standIn, paymentID: paymentID)
            #expect(mismatch.status == .unprocessableEntity)
            #expect(mismatch.text.contains("amount_mismatch"))
            #expect(try await Checkout.find(checkout.id, on: app.db)?.status == .pending)
            #expect(try await Subscription.query(on: app.db).count() == 0)

            // a payment Mercado Pago doesn't know (its dashboard's test notification) is acknowledged, not retried
            let unknown = try await Self.notify(app, standIn, paymentID: 123_456)
            #expect(unknown.status == .ok)
            #expect(unknown.text.contains("unknown_charge"))

            // a notification about something else is acknowledged without a fetch
            let fetches = standIn.requests.filter { $0.method == "GET" }.count
            let other = try await Self.notify(app, standIn, paymentID: paymentID, type: "merchant_order")
            #expect(other.status == .ok)
            #expect(other.text.contains("no_change"))
            #expect(standIn.requests.filter { $0.method == "GET" }.count == fetches)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aPaymentWhoseNotificationNeverCameIsFoundByTheReconciliationJob(_ kind: DatabaseKind) async throws {
        try await Self.withMercadoPago(kind) { app, standIn, shop in
            let (checkout, _) = try await Self.startPix(app, shop)
            #expect(checkout.gateway == "mercadopago")
            let paymentID = try #require(standIn.allPayments().first?.id)
            let providers = try await CommerceScheduler.providers(app)
            let later = Date().addingTimeInterval(5 * 60)

            // still pending at Mercado Pago: nothing to do, nothing recorded
            #expect(
                try await CommerceJobs.run(
                    .reconcilePayments, abandonAfterMinutes: 60, providers: providers, on: app.db, now: later) == 0)
            #expect(try await PaymentEvent.query(on: app.db).count() == 0)

            // paid, and the notification lost: the job asks, and applies it once
            standIn.setStatus(paymentID, "approved")
            #expect(
                try await CommerceJobs.run(
                    .reconcilePayments, abandonAfterMinutes: 60, providers: providers, on: app.db, now: later) == 1)
            #expect(try await Checkout.find(checkout.id, on: app.db)?.status == .paid)
            #expect(try await Subscription.query(on: app.db).count() == 1)
            #expect(
                try await CommerceJobs.run(
                    .reconcilePayments, abandonAfterMinutes: 60, providers: providers, on: app.db, now: later) == 0)

            // the notification arriving after all is the same event
            #expect(try await Self.notify(app, standIn, paymentID: paymentID).text.contains("duplicate"))
            #expect(try await PaymentEvent.query(on: app.db).filter(\.$outcome == "applied").count() == 1)
        }
    }

    /// A card checkout as Mercado Pago's Checkout Pro takes it: the answer, the checkout, its preference, and the
    /// request that made the preference.
    private struct CardCheckout {
        let response: TestingHTTPResponse
        let json: [String: JSONValue]
        let checkout: Checkout
        let preferenceID: String
        let request: MercadoPagoStandIn.Recorded
        /// Where Mercado Pago sends the buyer back: our payment page with its token.
        var returnPath: String {
            get throws {
                let backURL = try #require(request.body["back_urls"]?["success"].flatMap(APIClient.string))
                let back = try #require(URLComponents(string: backURL))
                return back.path + "?" + (back.percentEncodedQuery ?? "")
            }
        }
    }

    private static let planPrice = Decimal(2_990) / 100

    private static func startCard(
        _ app: Application, _ standIn: MercadoPagoStandIn, _ shop: CommerceFixtures.Shop
    ) async throws -> CardCheckout {
        let (response, json) = try await CommerceFixtures.startCheckout(
            app, CommerceFixtures.checkoutBody(planID: shop.plan.id, method: "credit_card"))
        let checkout = try #require(try await Checkout.query(on: app.db).first())
        let preferenceID = try #require(
            checkout.externalID?.replacingOccurrences(of: MercadoPagoGateway.preferencePrefix, with: ""))
        let request = try #require(standIn.requests.first { $0.path == "/checkout/preferences" })
        return CardCheckout(
            response: response, json: json, checkout: checkout, preferenceID: preferenceID, request: request)
    }

    @Test(arguments: DatabaseKind.underTest)
    func aCardCheckoutBecomesACheckoutProPreference(_ kind: DatabaseKind) async throws {
        try await Self.withMercadoPago(kind) { app, standIn, shop in
            // MUT: a card checkout becomes a Checkout Pro preference, and the buyer is sent to its page
            let card = try await Self.startCard(app, standIn, shop)

            #expect(card.response.status == .created)
            let redirect = try #require(APIClient.string(card.json["redirect_url"]))
            #expect(redirect.hasPrefix("https://www.mercadopago.com.br/checkout/v1/redirect?pref_id="))
            #expect(card.checkout.externalID?.hasPrefix(MercadoPagoGateway.preferencePrefix) == true)
            #expect(card.checkout.status == .pending)
            guard case .array(let items)? = card.request.body["items"] else {
                Issue.record("no items")
                return
            }
            try #require(items.count == 1)
            #expect(items[0]["unit_price"] == .number(29.9))
            #expect(items[0]["currency_id"] == "BRL")
            #expect(
                card.request.body["back_urls"]?["success"].map {
                    APIClient.string($0)?.contains("/pagamento/\(card.checkout.id ?? 0)?token=") == true
                } == true)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aBuyerBackBeforeTheNotificationSeesThePageWait(_ kind: DatabaseKind) async throws {
        try await Self.withMercadoPago(kind) { app, standIn, shop in
            let card = try await Self.startCard(app, standIn, shop)
            var browser = TestBrowser(app)

            let waiting = try await browser.get(try card.returnPath)

            // It waits for the notification, and polls.
            #expect(waiting.status == .ok)
            #expect(waiting.text.contains(Copy(.portuguese).cardAwaitingConfirmation))
            #expect(waiting.text.contains("payment.js"))
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aDeclinedAttemptLeavesTheCardCheckoutWaiting(_ kind: DatabaseKind) async throws {
        try await Self.withMercadoPago(kind) { app, standIn, shop in
            let card = try await Self.startCard(app, standIn, shop)

            // Mercado Pago's page lets the buyer try again.
            let declined = try #require(
                standIn.payPreference(card.preferenceID, amount: Self.planPrice, status: "rejected"))

            #expect(try await Self.notify(app, standIn, paymentID: declined).text.contains("no_change"))
            #expect(try await Checkout.find(card.checkout.id, on: app.db)?.status == .pending)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aPaymentOnThePreferenceFindsAndPaysItsCheckout(_ kind: DatabaseKind) async throws {
        try await Self.withMercadoPago(kind) { app, standIn, shop in
            let card = try await Self.startCard(app, standIn, shop)
            var browser = TestBrowser(app)

            // The buyer pays there; Mercado Pago notifies the payment, which carries our reference.
            let paymentID = try #require(standIn.payPreference(card.preferenceID, amount: Self.planPrice))
            let paid = try await Self.notify(app, standIn, paymentID: paymentID)

            #expect(paid.status == .ok)
            #expect(paid.text.contains("applied"))
            let after = try #require(try await Checkout.find(card.checkout.id, on: app.db))
            #expect(after.status == .paid)
            #expect(after.externalID == String(paymentID))
            #expect(try await Subscription.query(on: app.db).count() == 1)
            #expect(try await browser.get(try card.returnPath).text.contains(Copy(.portuguese).paymentConfirmed))
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aSecondPaymentOnTheSamePreferenceIsReportedNotApplied(_ kind: DatabaseKind) async throws {
        try await Self.withMercadoPago(kind) { app, standIn, shop in
            let card = try await Self.startCard(app, standIn, shop)
            let paymentID = try #require(standIn.payPreference(card.preferenceID, amount: Self.planPrice))
            _ = try await Self.notify(app, standIn, paymentID: paymentID)

            // It is reported with its reference, to refund.
            let second = try #require(standIn.payPreference(card.preferenceID, amount: Self.planPrice))
            let reported = try await Self.notify(app, standIn, paymentID: second)

            #expect(reported.status == .ok)
            #expect(reported.text.contains("unknown_charge"))
            #expect(
                try await PaymentEvent.query(on: app.db).filter(\.$chargeID == String(second)).first()?.detail?
                    .contains("reference") == true)
            #expect(try await Checkout.find(card.checkout.id, on: app.db)?.externalID == String(paymentID))
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aChargeMercadoPagoRefusesAnswers502AndLeavesTheCheckoutFailed(_ kind: DatabaseKind) async throws {
        try await Self.withMercadoPago(kind, accessToken: "APP_USR-revoked") { app, standIn, shop in
            let (response, _) = try await CommerceFixtures.startCheckout(
                app, CommerceFixtures.checkoutBody(planID: shop.plan.id))
            #expect(response.status == .badGateway)
            #expect(!response.text.contains("revoked"), "the cause is logged, not shown")
            #expect(try await Checkout.query(on: app.db).first()?.status == .failed)
            #expect(standIn.allPayments().isEmpty)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func thePageSendsACardBuyerToMercadoPago(_ kind: DatabaseKind) async throws {
        try await Self.withMercadoPago(kind) { app, _, shop in
            var browser = TestBrowser(app)
            // The card is typed on Mercado Pago's page, never on ours.
            let form = try await browser.get("/assinar/\(shop.plan.id ?? 0)")
            #expect(form.status == .ok)
            #expect(!form.text.contains("card_number"))
            #expect(form.text.contains("credit_card"))
            let response = try await browser.submit(
                "/assinar/\(shop.plan.id ?? 0)",
                [
                    "name": "Nova Cliente", "email": "cartao@example.com", "cpf": "529.982.247-25",
                    "phone": "(11) 91234-5678",
                    "password": "senha-da-nova-1", "method": "credit_card",
                ])
            // A form's redirect may not leave the site (CSP form-action 'self'), so it lands on our forwarding page,
            // which sends the browser on by a navigation of its own.
            #expect(response.status == .seeOther)
            let forwarding = try #require(response.location)
            #expect(forwarding.hasPrefix("/pagamento/"))
            #expect(forwarding.contains("/cartao?token="))
            let page = try await browser.get(forwarding)
            #expect(page.status == .ok)
            let checkout = try #require(try await Checkout.query(on: app.db).first())
            let initPoint = try #require(checkout.providerPageURL)
            #expect(initPoint.hasPrefix("https://www.mercadopago.com.br/checkout/v1/redirect"))
            #expect(
                page.text.contains(#"<meta http-equiv="refresh" content="0;url=\#(initPoint.htmlAttributeEscaped)"/>"#))
            #expect(page.text.contains(#"href="\#(initPoint.htmlAttributeEscaped)""#))
            #expect(checkout.pixCode == nil, "a card's page is not shown as a Pix code")

            // once paid, the same link leads to our payment page
            checkout.status = .paid
            try await checkout.save(on: app.db)
            let settled = try await browser.get(forwarding)
            #expect(settled.status == .seeOther)
            #expect(settled.location?.hasPrefix("/pagamento/\(checkout.id ?? 0)?token=") == true)
        }
    }
}
