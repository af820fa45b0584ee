import APISchema
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

/// A recurring plan bought by card through Mercado Pago renews by its preapproval: the buyer authorises on Mercado
/// Pago's page, Mercado Pago charges each cycle by itself, and each cycle's notification is re-fetched before it
/// counts. Against `MercadoPagoStandIn` (a test double of Mercado Pago's API).
@Suite struct MercadoPagoPreapprovalTests {
    /// The shop's plan made monthly and recurring, and a member who started its checkout by card: the checkout,
    /// and the preapproval it asked for.
    static func startMonthly(_ app: Application, _ standIn: MercadoPagoStandIn, _ shop: CommerceFixtures.Shop)
        async throws -> (Checkout, MercadoPagoStandIn.Preapproval, [String: JSONValue])
    {
        shop.plan.billing = .recurring
        shop.plan.billingPeriod = "P1M"
        try await shop.plan.save(on: app.db)
        let (response, json) = try await CommerceFixtures.startCheckout(
            app, CommerceFixtures.checkoutBody(planID: shop.plan.id, method: "credit_card"))
        #expect(response.status == .created, "\(response.text)")
        let checkout = try #require(try await Checkout.query(on: app.db).first())
        let preapproval = try #require(standIn.allPreapprovals().first)
        return (checkout, preapproval, json)
    }

    static func notify(
        _ app: Application, _ standIn: MercadoPagoStandIn, _ type: String, _ id: String
    ) async throws -> TestingHTTPResponse {
        let notification = standIn.notification(dataID: id, type: type)
        return try await app.testing().sendRequest(
            .POST, APIURL.webhook(gateway: "mercadopago").path + "?" + notification.query,
            headers: notification.headers, body: notification.body)
    }

    /// Mercado Pago charged a cycle and said so.
    static func cycleCharged(
        _ app: Application, _ standIn: MercadoPagoStandIn, _ preapprovalID: String, payment: String = "approved"
    ) async throws -> TestingHTTPResponse {
        let cycle = try #require(standIn.chargeCycle(of: preapprovalID, paymentStatus: payment))
        return try await notify(app, standIn, "subscription_authorized_payment", String(cycle))
    }

    static func subscription(_ app: Application) async throws -> Subscription {
        try #require(try await Subscription.query(on: app.db).first())
    }

    static func memberToken(_ app: Application) async throws -> String {
        try await MemberSubscriptionTests.memberToken(app, email: "nova@example.com", password: "senha-da-nova-1")
    }

    @Test(arguments: DatabaseKind.underTest)
    func aRecurringCardPlanIsAuthorisedOnMercadoPagosPageAndRenewsByItsPreapproval(_ kind: DatabaseKind)
        async throws
    {
        try await MercadoPagoTests.withMercadoPago(kind) { app, standIn, shop in
            // MUT: the checkout asks for a preapproval, as documented, and sends the buyer to its page
            let (checkout, preapproval, json) = try await Self.startMonthly(app, standIn, shop)

            let asked = try #require(standIn.requests.first { $0.path == "/preapproval" && $0.method == "POST" })
            #expect(asked.body["status"] == "pending")
            #expect(asked.body["reason"] == "Mensal")
            #expect(asked.body["payer_email"] == "nova@example.com")
            #expect(asked.body["external_reference"] == .string(String(checkout.id ?? 0)))
            #expect(APIClient.string(asked.body["back_url"])?.contains("/pagamento/\(checkout.id ?? 0)") == true)
            let terms = asked.body["auto_recurring"]
            #expect(terms?["frequency"] == 1)
            #expect(terms?["frequency_type"] == "months")
            #expect(terms?["transaction_amount"] == .number(29.9))
            #expect(terms?["currency_id"] == "BRL")
            #expect(checkout.externalID == MercadoPagoGateway.preapprovalPrefix + preapproval.id)
            #expect(APIClient.string(json["redirect_url"])?.contains("preapproval_id=\(preapproval.id)") == true)

            // The buyer authorises; Mercado Pago charges the first cycle and notifies both.
            #expect(
                try await Self.notify(app, standIn, "subscription_preapproval", preapproval.id).text.contains(
                    "no_change"), "authorised, but nothing paid yet")
            let first = try await Self.cycleCharged(app, standIn, preapproval.id)
            #expect(first.text.contains(#""outcome":"applied""#), "\(first.text)")
            let paid = try #require(try await Checkout.find(checkout.id, on: app.db))
            #expect(paid.status == .paid)
            let bought = try await Self.subscription(app)
            #expect(bought.autoRenew)
            #expect(bought.renewalGateway == "mercadopago")
            #expect(bought.renewalReference == preapproval.id)
            #expect(AutomaticRenewals.renewsByItself(bought))
            // The payment's own notification, arriving too, finds the checkout paid.
            let firstPayment = try #require(standIn.allPayments().first)
            let again = try await MercadoPagoTests.notify(app, standIn, paymentID: firstPayment.id)
            #expect(again.text.contains("already_applied"), "\(again.text)")

            // Another plan can't be chosen for the next renewal: Mercado Pago charges what the buyer authorised.
            let yearly = Plan(name: "Anual", price: 29_900, duration: 365, billing: .recurring, billingPeriod: "P12M")
            try await yearly.create(on: app.db)
            let (switched, _) = try await APIClient.send(
                app, .POST, APIURL.mySubscriptionPlan.path, token: try await Self.memberToken(app),
                body: ["plan_id": .number(Double(try yearly.requireID()))])
            #expect(switched.status == .unprocessableEntity, "\(switched.text)")

            // The renewal job never asks Mercado Pago for a charge: it charges on its own schedule.
            let end = try #require(bought.endDate)
            let before = standIn.requests.count
            _ = try await CommerceScheduler.run(.renewSubscriptions, on: app, now: end.addingTimeInterval(-3_600))
            #expect(standIn.requests.count == before)

            // A month on, Mercado Pago charges the second cycle.
            let second = try await Self.cycleCharged(app, standIn, preapproval.id)
            #expect(second.text.contains(#""outcome":"applied""#), "\(second.text)")
            let renewed = try await Self.subscription(app)
            #expect(renewed.cyclesPaid == 2)
            #expect(renewed.endDate.map { $0 > end.addingTimeInterval(27 * 86_400) } == true)
            let receipt = try #require(try await Checkout.query(on: app.db).filter(\.$renewalCycle == 2).first())
            let secondPayment = try #require(standIn.allPayments().map(\.id).max())
            #expect(receipt.externalID == String(secondPayment), "the payment's id, so its refund finds it")
            #expect(receipt.totalAmount == 2_990)

            // Its third is declined: past due, in the grace, while Mercado Pago retries.
            _ = try await Self.cycleCharged(app, standIn, preapproval.id, payment: "rejected")
            let declined = try await Self.subscription(app)
            #expect(declined.status == .pastDue)
            #expect(declined.cyclesPaid == 2)

            // The second cycle is refunded: access ends, and the preapproval is cancelled at Mercado Pago too.
            standIn.setStatus(secondPayment, "refunded")
            let refunded = try await MercadoPagoTests.notify(app, standIn, paymentID: secondPayment)
            #expect(refunded.text.contains(#""outcome":"applied""#), "\(refunded.text)")
            #expect(try await Self.subscription(app).status == .expired)
            #expect(standIn.preapproval(preapproval.id)?.status == "cancelled")
            let stopped = try await PaymentEvent.query(on: app.db).filter(\.$detail ~~ "cancelled at the provider")
                .first()
            #expect(stopped != nil, "the admin sees it was cancelled there")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func cancellingCancelsThePreapprovalFirstAndAFailureThereChangesNothing(_ kind: DatabaseKind) async throws {
        try await MercadoPagoTests.withMercadoPago(kind) { app, standIn, shop in
            let (_, preapproval, _) = try await Self.startMonthly(app, standIn, shop)
            _ = try await Self.cycleCharged(app, standIn, preapproval.id)
            let token = try await Self.memberToken(app)

            standIn.setFailing(true)
            let (refused, _) = try await APIClient.send(app, .POST, APIURL.mySubscriptionCancel.path, token: token)
            #expect(refused.status == .serviceUnavailable, "\(refused.text)")
            #expect(refused.text.contains("auto_renew"))
            #expect(try await Self.subscription(app).autoRenew, "nothing changed here")
            #expect(standIn.preapproval(preapproval.id)?.status == "authorized")

            standIn.setFailing(false)
            let (cancelled, _) = try await APIClient.send(app, .POST, APIURL.mySubscriptionCancel.path, token: token)
            #expect(cancelled.status == .ok, "\(cancelled.text)")
            #expect(cancelled.text.contains(#""can_resume":false"#), "a cancelled preapproval can't come back")
            #expect(standIn.preapproval(preapproval.id)?.status == "cancelled")
            let put = try #require(standIn.requests.last { $0.method == "PUT" })
            #expect(put.path == "/preapproval/\(preapproval.id)")
            #expect(put.body["status"] == "cancelled")
            let after = try await Self.subscription(app)
            #expect(!after.autoRenew)
            #expect(after.status == .active, "access runs to the end")

            // Its notification afterwards finds the renewal off already.
            let notified = try await Self.notify(app, standIn, "subscription_preapproval", preapproval.id)
            #expect(notified.text.contains("already_applied"), "\(notified.text)")
            // A cycle still charged for it is reported for a refund, and extends nothing.
            let stray = try await Self.cycleCharged(app, standIn, preapproval.id)
            #expect(stray.text.contains("unknown_charge"), "\(stray.text)")
            #expect(try await Self.subscription(app).cyclesPaid == 1)
            let event = try #require(try await PaymentEvent.query(on: app.db).sort(\.$id, .descending).first())
            #expect(event.detail?.contains("refund it") == true)
        }
    }

    /// An admin ending a subscription ends its preapproval too, first, so Mercado Pago charges nothing more for
    /// it; a Mercado Pago that doesn't answer leaves the subscription as it was.
    @Test(arguments: DatabaseKind.underTest)
    func anAdminExpiringASubscriptionCancelsItsPreapprovalFirst(_ kind: DatabaseKind) async throws {
        try await MercadoPagoTests.withMercadoPago(kind) { app, standIn, shop in
            let (_, preapproval, _) = try await Self.startMonthly(app, standIn, shop)
            _ = try await Self.cycleCharged(app, standIn, preapproval.id)
            let admin = try await APIClient.adminToken(app)
            let id = try await Self.subscription(app).requireID()

            standIn.setFailing(true)
            let (refused, _) = try await APIClient.send(
                app, .POST, APIURL.adminSubscriptionExpire(id).path, token: admin, body: ["note": "pediu para sair"])
            #expect(refused.status == .serviceUnavailable, "\(refused.text)")
            var now = try await Self.subscription(app)
            #expect(now.status == .active && now.autoRenew, "nothing changed here")
            #expect(standIn.preapproval(preapproval.id)?.status == "authorized")

            standIn.setFailing(false)
            let (expired, _) = try await APIClient.send(
                app, .POST, APIURL.adminSubscriptionExpire(id).path, token: admin, body: ["note": "pediu para sair"])
            #expect(expired.status == .ok, "\(expired.text)")
            #expect(standIn.preapproval(preapproval.id)?.status == "cancelled")
            now = try await Self.subscription(app)
            #expect(now.status == .expired && !now.autoRenew && now.cancelledAt != nil)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aPreapprovalTheBuyerCancelsAtMercadoPagoTurnsTheRenewalOffOnce(_ kind: DatabaseKind) async throws {
        try await MercadoPagoTests.withMercadoPago(kind) { app, standIn, shop in
            let (_, preapproval, _) = try await Self.startMonthly(app, standIn, shop)
            _ = try await Self.cycleCharged(app, standIn, preapproval.id)
            standIn.setPreapprovalStatus(preapproval.id, "cancelled")

            let first = try await Self.notify(app, standIn, "subscription_preapproval", preapproval.id)
            let repeated = try await Self.notify(app, standIn, "subscription_preapproval", preapproval.id)

            #expect(first.text.contains(#""outcome":"applied""#), "\(first.text)")
            #expect(repeated.text.contains("duplicate"))
            let after = try await Self.subscription(app)
            #expect(!after.autoRenew)
            #expect(after.cancelledAt != nil)
            // An unknown preapproval is Mercado Pago's 404: acknowledged, nothing changed.
            let unknown = try await Self.notify(app, standIn, "subscription_preapproval", "doesnotexist")
            #expect(unknown.text.contains("unknown_charge"))
        }
    }

    /// Paused at Mercado Pago, then authorised again, then paused again: three changes, each applied once, the
    /// renewal off, on and off with them; and once the subscription has expired, a resume brings nothing back.
    @Test(arguments: DatabaseKind.underTest)
    func aPreapprovalPausedAndResumedAtMercadoPagoTurnsTheRenewalOffAndOnAgain(_ kind: DatabaseKind) async throws {
        try await MercadoPagoTests.withMercadoPago(kind) { app, standIn, shop in
            let (_, preapproval, _) = try await Self.startMonthly(app, standIn, shop)
            _ = try await Self.cycleCharged(app, standIn, preapproval.id)
            #expect(try await Self.subscription(app).autoRenew)

            standIn.setPreapprovalStatus(preapproval.id, "paused")
            let paused = try await Self.notify(app, standIn, "subscription_preapproval", preapproval.id)
            let pausedAgain = try await Self.notify(app, standIn, "subscription_preapproval", preapproval.id)
            #expect(paused.text.contains(#""outcome":"applied""#), "\(paused.text)")
            #expect(pausedAgain.text.contains("duplicate"), "\(pausedAgain.text)")
            var now = try await Self.subscription(app)
            #expect(!now.autoRenew && now.cancelledAt != nil && now.status == .active)

            standIn.setPreapprovalStatus(preapproval.id, "authorized")
            let resumed = try await Self.notify(app, standIn, "subscription_preapproval", preapproval.id)
            #expect(resumed.text.contains(#""outcome":"applied""#), "a resume is news: \(resumed.text)")
            now = try await Self.subscription(app)
            #expect(now.autoRenew && now.cancelledAt == nil)
            #expect(
                try await Self.notify(app, standIn, "subscription_preapproval", preapproval.id).text.contains(
                    "duplicate"))

            standIn.setPreapprovalStatus(preapproval.id, "paused")
            let pausedTwice = try await Self.notify(app, standIn, "subscription_preapproval", preapproval.id)
            #expect(pausedTwice.text.contains(#""outcome":"applied""#), "\(pausedTwice.text)")
            #expect(!(try await Self.subscription(app).autoRenew))

            // Ended meanwhile: authorised again at Mercado Pago, it stays ended and renews nothing.
            now = try await Self.subscription(app)
            now.status = .expired
            try await now.save(on: app.db)
            standIn.setPreapprovalStatus(preapproval.id, "authorized")
            let late = try await Self.notify(app, standIn, "subscription_preapproval", preapproval.id)
            #expect(late.text.contains("no_change"), "\(late.text)")
            now = try await Self.subscription(app)
            #expect(!now.autoRenew && now.status == .expired)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aCycleThatIsLateIsAwaitedInTheGraceRatherThanExpired(_ kind: DatabaseKind) async throws {
        try await MercadoPagoTests.withMercadoPago(kind) { app, standIn, shop in
            let (_, preapproval, _) = try await Self.startMonthly(app, standIn, shop)
            _ = try await Self.cycleCharged(app, standIn, preapproval.id)
            let end = try #require(try await Self.subscription(app).endDate)

            _ = try await CommerceScheduler.run(.expireSubscriptions, on: app, now: end.addingTimeInterval(3_600))

            let waiting = try await Self.subscription(app)
            #expect(waiting.status == .pastDue)
            #expect(waiting.graceEndsAt == end.addingTimeInterval(3 * 86_400))
            let late = try await Self.cycleCharged(app, standIn, preapproval.id)
            #expect(late.text.contains(#""outcome":"applied""#), "\(late.text)")
            let renewed = try await Self.subscription(app)
            #expect(renewed.status == .active)
            #expect(renewed.cyclesPaid == 2)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func cyclesWhoseNotificationsWereLostAreFoundByTheReconciliationJob(_ kind: DatabaseKind) async throws {
        try await MercadoPagoTests.withMercadoPago(kind) { app, standIn, shop in
            let (checkout, preapproval, _) = try await Self.startMonthly(app, standIn, shop)
            // The buyer authorises and Mercado Pago charges the first cycle, but its notification is lost.
            standIn.chargeCycle(of: preapproval.id)
            let soon = Date().addingTimeInterval(5 * 60)
            _ = try await CommerceScheduler.run(.reconcilePayments, on: app, now: soon)
            #expect(try await Checkout.find(checkout.id, on: app.db)?.status == .paid)
            let bought = try await Self.subscription(app)
            #expect(bought.renewalReference == preapproval.id && bought.cyclesPaid == 1)
            #expect(standIn.requests.contains { $0.path.hasPrefix("/authorized_payments/search") })
            // Run again: nothing new to apply.
            _ = try await CommerceScheduler.run(.reconcilePayments, on: app, now: soon)
            #expect(try await Self.subscription(app).cyclesPaid == 1)

            // A month on, the second cycle's notification is lost too: past due at the end, then found.
            let end = try #require(bought.endDate)
            standIn.chargeCycle(of: preapproval.id)
            _ = try await CommerceScheduler.run(.expireSubscriptions, on: app, now: end.addingTimeInterval(3_600))
            #expect(try await Self.subscription(app).status == .pastDue)
            _ = try await CommerceScheduler.run(.reconcilePayments, on: app, now: end.addingTimeInterval(7_200))
            let renewed = try await Self.subscription(app)
            #expect(renewed.status == .active && renewed.cyclesPaid == 2)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func badPreapprovalInputIsRefusedWithNothingChanged(_ kind: DatabaseKind) async throws {
        try await MercadoPagoTests.withMercadoPago(kind) { app, standIn, shop in
            shop.plan.billing = .recurring
            shop.plan.billingPeriod = "P1M"
            try await shop.plan.save(on: app.db)
            // Add-ons can't ride on a preapproval, which charges the plan's price each cycle.
            let (withBumps, _) = try await CommerceFixtures.startCheckout(
                app,
                CommerceFixtures.checkoutBody(
                    planID: shop.plan.id, bumps: [try shop.bumps[0].requireID()], method: "credit_card"))
            #expect(withBumps.status == .unprocessableEntity)
            #expect(withBumps.text.contains("order_bump_ids"))
            #expect(standIn.allPreapprovals().isEmpty)

            let (_, preapproval, _) = try await Self.startMonthly(app, standIn, shop)
            // A cycle charged above the authorised amount, and one for a preapproval nobody has here.
            let over = try #require(standIn.chargeCycle(of: preapproval.id, amount: 99))
            let overAnswer = try await Self.notify(app, standIn, "subscription_authorized_payment", String(over))
            #expect(overAnswer.status == .unprocessableEntity, "\(overAnswer.text)")
            #expect(try await Subscription.query(on: app.db).count() == 0)
            let unknown = try await Self.notify(app, standIn, "subscription_authorized_payment", "123")
            #expect(unknown.text.contains("unknown_charge"), "\(unknown.text)")
            // Mercado Pago down: the notification is left for its retry.
            standIn.setFailing(true)
            let down = try await Self.cycleCharged(app, standIn, preapproval.id)
            #expect(down.status == .serviceUnavailable)
            #expect(try await Subscription.query(on: app.db).count() == 0)
        }
    }
}
