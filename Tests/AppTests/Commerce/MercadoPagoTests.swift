import APISchema
import Commerce
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
    func aPixChargeIsMadeAtMercadoPagoAndOnlyItsConfirmedStatusCounts(_ kind: DatabaseKind) async throws {
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

            // a notification while the payment is still pending changes nothing
            #expect(try await Self.notify(app, standIn, paymentID: payment.id).text.contains(#""outcome":"no_change""#))
            #expect(try await Checkout.find(checkout.id, on: app.db)?.status == .pending)

            // approved at Mercado Pago: the notification is a hint, the fetched payment decides
            standIn.setStatus(payment.id, "approved")
            let fetchesBefore = standIn.requests.filter { $0.method == "GET" }.count
            let paid = try await Self.notify(app, standIn, paymentID: payment.id)
            #expect(paid.status == .ok)
            #expect(paid.text.contains(#""outcome":"applied""#))
            #expect(
                standIn.requests.filter { $0.method == "GET" && $0.path == "/v1/payments/\(payment.id)" }.count
                    == fetchesBefore + 1)
            #expect(try await Checkout.find(checkout.id, on: app.db)?.status == .paid)
            #expect(try await Subscription.query(on: app.db).filter(\.$status == .active).count() == 1)

            // Mercado Pago repeats its notification until acknowledged: the same state applies once
            let again = try await Self.notify(app, standIn, paymentID: payment.id)
            #expect(again.status == .ok)
            #expect(again.text.contains(#""outcome":"duplicate""#))
            #expect(try await Subscription.query(on: app.db).count() == 1)

            // a refund at Mercado Pago ends the subscription at once
            standIn.setStatus(payment.id, "refunded")
            #expect(try await Self.notify(app, standIn, paymentID: payment.id).text.contains(#""outcome":"applied""#))
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

    @Test(arguments: DatabaseKind.underTest)
    func aCardIsPaidOnCheckoutProAndItsPaymentFindsTheCheckout(_ kind: DatabaseKind) async throws {
        try await Self.withMercadoPago(kind) { app, standIn, shop in
            // MUT: a card checkout becomes a Checkout Pro preference, and the buyer is sent to its page
            let (response, json) = try await CommerceFixtures.startCheckout(
                app, CommerceFixtures.checkoutBody(planID: shop.plan.id, method: "credit_card"))
            #expect(response.status == .created)
            let redirect = try #require(APIClient.string(json["redirect_url"]))
            #expect(redirect.hasPrefix("https://www.mercadopago.com.br/checkout/v1/redirect?pref_id="))
            let checkout = try #require(try await Checkout.query(on: app.db).first())
            let preferenceID = try #require(
                checkout.externalID?.replacingOccurrences(of: MercadoPagoGateway.preferencePrefix, with: ""))
            #expect(
                checkout.externalID?.hasPrefix(MercadoPagoGateway.preferencePrefix) == true
                    && checkout.status == .pending)
            let request = try #require(standIn.requests.first { $0.path == "/checkout/preferences" })
            guard case .array(let items)? = request.body["items"] else { Issue.record("no items"); return }
            try #require(items.count == 1)
            #expect(items[0]["unit_price"] == .number(29.9))
            #expect(items[0]["currency_id"] == "BRL")
            #expect(
                request.body["back_urls"]?["success"].map {
                    APIClient.string($0)?.contains("/pagamento/\(checkout.id ?? 0)?token=") == true
                } == true)

            // back from Mercado Pago before its notification: the page waits for it (and polls)
            let backURL = try #require(request.body["back_urls"]?["success"].flatMap(APIClient.string))
            let back = try #require(URLComponents(string: backURL))
            let returnPath = back.path + "?" + (back.percentEncodedQuery ?? "")
            var browser = TestBrowser(app)
            let waiting = try await browser.get(returnPath)
            #expect(
                waiting.status == .ok && waiting.text.contains(Copy(.portuguese).cardAwaitingConfirmation)
                    && waiting.text.contains("payment.js"))

            // a declined attempt there leaves the checkout waiting: Mercado Pago's page lets the buyer try again
            let declined = try #require(
                standIn.payPreference(preferenceID, amount: Decimal(string: "29.90")!, status: "rejected"))
            #expect(try await Self.notify(app, standIn, paymentID: declined).text.contains("no_change"))
            #expect(try await Checkout.find(checkout.id, on: app.db)?.status == .pending)

            // the buyer pays there; Mercado Pago notifies the payment, which carries our reference
            let paymentID = try #require(standIn.payPreference(preferenceID, amount: Decimal(string: "29.90")!))
            let paid = try await Self.notify(app, standIn, paymentID: paymentID)
            #expect(paid.status == .ok)
            #expect(paid.text.contains("applied"))
            let after = try #require(try await Checkout.find(checkout.id, on: app.db))
            #expect(after.status == .paid)
            #expect(after.externalID == String(paymentID))
            #expect(try await Subscription.query(on: app.db).count() == 1)
            #expect(try await browser.get(returnPath).text.contains(Copy(.portuguese).paymentConfirmed))

            // a second payment on the same page is not mistaken for this one: reported with its reference, to refund
            let second = try #require(standIn.payPreference(preferenceID, amount: Decimal(string: "29.90")!))
            let reported = try await Self.notify(app, standIn, paymentID: second)
            #expect(reported.status == .ok)
            #expect(reported.text.contains("unknown_charge"))
            #expect(
                try await PaymentEvent.query(on: app.db).filter(\.$chargeID == String(second)).first()?.detail?
                    .contains("reference") == true)
            #expect(try await Checkout.find(checkout.id, on: app.db)?.externalID == String(paymentID))
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
            #expect(
                settled.status == .seeOther
                    && settled.location?.hasPrefix("/pagamento/\(checkout.id ?? 0)?token=") == true)
        }
    }
}
