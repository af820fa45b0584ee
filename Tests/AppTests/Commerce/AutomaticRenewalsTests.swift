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

/// A recurring plan bought by card renews by itself: the `renew-subscriptions` job charges the kept card a day
/// before the end, once however often it runs, and a declined card leaves the member in their grace with one
/// notice, tried again daily. Bought through the checkout API, as a buyer would.
@Suite struct AutomaticRenewalsTests {
    static let hour: TimeInterval = 3_600

    /// A member who bought the monthly recurring plan with `card`, and the subscription it made.
    static func member(_ app: Application, card: String) async throws -> Subscription {
        let shop = try await CommerceFixtures.shop(app)
        shop.plan.billing = .recurring
        shop.plan.billingPeriod = "P1M"
        try await shop.plan.save(on: app.db)
        let (response, _) = try await CommerceFixtures.startCheckout(
            app, CommerceFixtures.checkoutBody(planID: shop.plan.id, method: "credit_card", card: card))
        #expect(response.status == .created, "\(response.text)")
        return try #require(try await Subscription.query(on: app.db).first())
    }

    static func renew(_ app: Application, at moment: Date) async throws -> Int? {
        try await CommerceScheduler.run(.renewSubscriptions, on: app, now: moment)
    }

    static func stored(_ subscription: Subscription, _ app: Application) async throws -> Subscription {
        try #require(try await Subscription.find(subscription.id, on: app.db))
    }

    static func mail(_ app: Application, _ kind: MailKind) async throws -> [OutboxMessage] {
        try await OutboxMessage.query(on: app.db).filter(\.$kind == kind).sort(\.$id).all()
    }

    @Test(arguments: DatabaseKind.underTest)
    func aKeptCardIsChargedADayBeforeTheEndOncePerCycleWithAReceipt(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let bought = try await Self.member(app, card: SandboxGateway.approvedCard)
            #expect(bought.autoRenew)
            #expect(bought.renewalGateway == "sandbox")
            #expect(bought.renewalMethod == "credit_card")
            #expect(bought.renewalReference?.hasPrefix("sbxcard_") == true)
            let firstEnd = try #require(bought.endDate)

            let early = try await Self.renew(app, at: firstEnd.addingTimeInterval(-30 * Self.hour))
            let due = try await Self.renew(app, at: firstEnd.addingTimeInterval(-12 * Self.hour))
            let again = try await Self.renew(app, at: firstEnd.addingTimeInterval(-11 * Self.hour))

            #expect((early, due, again) == (0, 1, 0), "not yet, then once")
            let renewed = try await Self.stored(bought, app)
            let period = try #require(BillingPeriod(iso8601: "P1M"))
            let secondEnd = period.end(ofPeriod: 1, anchoredAt: firstEnd)
            #expect(renewed.cyclesPaid == 2)
            #expect(renewed.endDate.map { abs($0.timeIntervalSince(secondEnd)) < 1 } == true, "one month on")
            let cycle2 = try #require(
                try await Checkout.query(on: app.db).filter(\.$renewalCycle == 2).first(), "the renewal's checkout")
            #expect(cycle2.status == .paid)
            #expect(cycle2.totalAmount == 2_990)
            #expect(cycle2.customerDocument == "52998224725", "charged to the buyer of the purchase")
            #expect(try await Self.mail(app, .receipt).count == 2, "the purchase's receipt and the renewal's")
            let attempts = try await RenewalAttempt.query(on: app.db).all()
            #expect(attempts.map(\.outcome) == [.paid])
            #expect(attempts.first?.cycle == 2)

            // The next month's charge comes a month later, on its own.
            let third = try await Self.renew(app, at: secondEnd.addingTimeInterval(-12 * Self.hour))
            #expect(third == 1)
            #expect(try await Self.stored(bought, app).cyclesPaid == 3)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aDeclinedRenewalLeavesTheMemberInTheirGraceWithOneNoticeRetriedDaily(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let bought = try await Self.member(app, card: SandboxGateway.declinedAtRenewalCard)
            try await AdminSetting(key: KnownSetting.graceDays.rawValue, value: "5").create(on: app.db)
            let end = try #require(bought.endDate)
            let charged = end.addingTimeInterval(-12 * Self.hour)

            let first = try await Self.renew(app, at: charged)
            let pastDue = try await Self.stored(bought, app)
            let inAnHour = try await Self.renew(app, at: charged.addingTimeInterval(Self.hour))
            let nextDay = try await Self.renew(app, at: charged.addingTimeInterval(25 * Self.hour))

            #expect((first, inAnHour, nextDay) == (1, 0, 1), "declined, left alone, tried again a day later")
            #expect(pastDue.status == .pastDue)
            #expect(pastDue.graceEndsAt == end.addingTimeInterval(5 * 86_400), "the grace_days setting, from the end")
            #expect(pastDue.grantsAccess(at: end.addingTimeInterval(4 * 86_400)))
            let notices = try await Self.mail(app, .renewalDeclined)
            #expect(notices.count == 1, "one notice, not one per retry")
            #expect(notices.first?.subject == "Não conseguimos renovar sua assinatura Mensal")
            #expect(notices.first?.textBody.contains("R$ 29,90") == true)
            #expect(notices.first?.textBody.contains("/assinar/") == true, "the link that pays by hand")
            let attempts = try await RenewalAttempt.query(on: app.db).sort(\.$id).all()
            #expect(attempts.map(\.outcome) == [.declined, .declined])
            #expect(
                try await Self.stored(bought, app).graceEndsAt == pastDue.graceEndsAt, "a retry doesn't lengthen it")

            // Once the grace is over the expiry job ends it, and the renewal job leaves it alone.
            let over = end.addingTimeInterval(5 * 86_400 + 60)
            #expect(try await CommerceScheduler.run(.expireSubscriptions, on: app, now: over) == 1)
            #expect(try await Self.renew(app, at: over) == 0)
            #expect(try await Self.stored(bought, app).status == .expired)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aReminderOfOneThatRenewsByItselfSaysSoOnceAWeekAhead(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let bought = try await Self.member(app, card: SandboxGateway.approvedCard)
            let end = try #require(bought.endDate)
            let mailer = try await app.checkoutMailer()

            for moment in [end - 7 * 86_400 + 900, end - 23 * Self.hour, end - 9 * Self.hour] {
                try await mailer.queueRenewalReminders(on: app.db, now: moment)
            }

            #expect(
                try await Self.mail(app, .renewalReminder).map(\.subject) == ["Sua assinatura Mensal será renovada"])
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func twoInstancesRunningTheJobAtOnceChargeOnce(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let bought = try await Self.member(app, card: SandboxGateway.approvedCard)
            let moment = try #require(bought.endDate).addingTimeInterval(-12 * Self.hour)

            async let one = Self.renew(app, at: moment)
            async let other = Self.renew(app, at: moment)
            let counts = try await [one, other].map { $0 ?? 0 }

            #expect(counts.sorted() == [0, 1])
            #expect(try await RenewalAttempt.query(on: app.db).count() == 1)
            #expect(try await Self.stored(bought, app).cyclesPaid == 2)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func theCheckoutTellsHowTheRecurringPlanRenewsBeforeTheBuyerPays(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let shop = try await CommerceFixtures.shop(app)
            let path = SiteURL.checkout(planID: try shop.plan.requireID()).path
            let byCard = "No cartão, a assinatura renova sozinha: R$ 29,90 por mês, cobrados um dia antes"
            let byPix = "Por Pix, a renovação é manual: avisamos por e-mail antes do fim"
            let manual = "A renovação é manual: avisamos por e-mail antes do fim"

            let oneTime = try await app.testing().sendRequest(.GET, path).body.string
            shop.plan.billing = .recurring
            shop.plan.billingPeriod = "P1M"
            try await shop.plan.save(on: app.db)
            let sandbox = try await app.testing().sendRequest(.GET, path).body.string
            // Mercado Pago renews a card by its own preapproval, which the buyer authorises on its page.
            let gateway = try #require(try await PaymentGateway.query(on: app.db).first())
            gateway.name = PaymentProviders.Kind.mercadoPago.rawValue
            try await gateway.save(on: app.db)
            let mercadoPago = try await app.testing().sendRequest(.GET, path).body.string

            #expect(!oneTime.contains("renewal-terms"), "a one-time plan has nothing to renew")
            // The sandbox plays Pix Automático: the QR code also authorises the next periods.
            let pixAutomatico = "Por Pix Automático: o QR code paga o primeiro período e pede, no app do seu banco"
            #expect(sandbox.contains(byCard) && sandbox.contains(pixAutomatico) && !sandbox.contains(byPix))
            let atMercadoPago =
                "No cartão, a assinatura renova sozinha: você autoriza na página do Mercado Pago, que cobra R$ 29,90 por mês"
            #expect(mercadoPago.contains(atMercadoPago) && mercadoPago.contains(byPix))
            #expect(!mercadoPago.contains(manual) && !sandbox.contains(manual))
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func simulatingARenewalPlaysTheSandboxChargingTheNextCycleOverHTTP(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let bought = try await Self.member(app, card: SandboxGateway.approvedCard)
            let token = try await APIClient.adminToken(app)
            let server = try app.testing(method: .running(hostname: "127.0.0.1", port: 0))
            var headers = HTTPHeaders()
            headers.bearerAuthorization = .init(token: token)
            headers.contentType = .json
            func simulate(_ id: Int, _ status: String) async throws -> TestingHTTPResponse {
                try await server.sendRequest(
                    .POST, APIURL.adminSubscriptionSimulateRenewal(id).path, headers: headers,
                    body: ByteBuffer(string: #"{"status":"\#(status)"}"#))
            }

            let declined = try await simulate(try bought.requireID(), "failed")
            #expect(declined.status == .ok, "\(declined.text)")
            #expect(try await Self.stored(bought, app).status == .pastDue)
            #expect(try await Self.mail(app, .renewalDeclined).count == 1)

            let paid = try await simulate(try bought.requireID(), "paid")
            #expect(paid.text.contains("applied"), "\(paid.text)")
            let renewed = try await Self.stored(bought, app)
            #expect(renewed.status == .active)
            #expect(renewed.cyclesPaid == 2)
            let cycle2 = try #require(try await Checkout.query(on: app.db).filter(\.$renewalCycle == 2).first())
            #expect(cycle2.externalID?.hasPrefix("sbx_sub\(try bought.requireID())c2_") == true)
            #expect(try await Self.mail(app, .receipt).count == 2)

            // Only what the sandbox renews, and only what exists.
            let manual = Subscription(
                userID: bought.$user.id, planID: bought.$plan.id, startDate: Date(), endDate: Date(), status: .active)
            try await manual.create(on: app.db)
            #expect(try await simulate(try manual.requireID(), "paid").status == .conflict)
            #expect(try await simulate(999_999, "paid").status == .notFound)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aFirstPeriodOfferIsChargedOnceAndEveryRenewalCostsThePlansPrice(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let shop = try await CommerceFixtures.shop(app)
            shop.plan.billing = .recurring
            shop.plan.billingPeriod = "P1M"
            shop.plan.firstPeriodPrice = 990
            try await shop.plan.save(on: app.db)
            let plans = try await app.testing().sendRequest(.GET, SiteURL.plans.path).body.string
            #expect(plans.contains("R$ 9,90"), "the offer leads on the plans page")
            #expect(plans.contains("no primeiro período de quem assina pela primeira vez; depois R$ 29,90 por mês"))

            let (response, _) = try await CommerceFixtures.startCheckout(
                app,
                CommerceFixtures.checkoutBody(
                    planID: shop.plan.id, method: "credit_card", card: SandboxGateway.approvedCard))
            #expect(response.status == .created, "\(response.text)")
            #expect(try await Checkout.query(on: app.db).first()?.totalAmount == 990)
            let bought = try #require(try await Subscription.query(on: app.db).first())
            #expect(bought.renewalPrice == 2_990, "later periods cost the plan's price")

            _ = try await Self.renew(app, at: try #require(bought.endDate).addingTimeInterval(-3_600))
            #expect(try await Checkout.query(on: app.db).filter(\.$renewalCycle == 2).first()?.totalAmount == 2_990)

            // The same member buying the plan again pays its price: the offer is for a first purchase.
            let member = try await MemberSubscriptionTests.memberToken(
                app, email: "nova@example.com", password: "senha-da-nova-1")
            let (again, _) = try await CommerceFixtures.startCheckout(
                app, CommerceFixtures.checkoutBody(planID: shop.plan.id, password: nil), token: member)
            #expect(again.status == .created, "\(again.text)")
            let second = try #require(
                try await Checkout.query(on: app.db).filter(\.$renewalCycle == nil).sort(\.$id, .descending).first())
            #expect(second.totalAmount == 2_990)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func theSandboxsPixAutomaticoIsAuthorisedWithThePaymentAndEachCycleIsPlayedBySimulation(_ kind: DatabaseKind)
        async throws
    {
        try await withApp(kind) { app in
            let shop = try await CommerceFixtures.shop(app)
            shop.plan.billing = .recurring
            shop.plan.billingPeriod = "P1M"
            try await shop.plan.save(on: app.db)
            let (response, json) = try await CommerceFixtures.startCheckout(
                app, CommerceFixtures.checkoutBody(planID: shop.plan.id))
            #expect(response.status == .created)
            let checkout = try #require(try await Checkout.query(on: app.db).first())
            let chargeID = try #require(checkout.externalID)
            let recurrence = try #require(SandboxGateway.recurrenceID(ofCharge: chargeID))
            #expect(
                PixBRCode.fields(try #require(APIClient.string(json["pix_code"])))?["80"]?.contains(recurrence) == true)

            // The admin's "simulate payment" plays the payer paying and authorising in their bank.
            let token = try await APIClient.adminToken(app)
            let server = try app.testing(method: .running(hostname: "127.0.0.1", port: 0))
            var headers = HTTPHeaders()
            headers.bearerAuthorization = .init(token: token)
            headers.contentType = .json
            let paid = try await server.sendRequest(
                .POST, APIURL.adminCheckoutSimulatePayment(checkout.id).path, headers: headers,
                body: ByteBuffer(string: #"{"status":"paid"}"#))
            #expect(paid.status == .ok, "\(paid.text)")
            let bought = try #require(try await Subscription.query(on: app.db).first())
            #expect(bought.autoRenew && bought.renewalMethod == PaymentMethod.pix.rawValue)
            #expect(bought.renewalGateway == "sandbox" && bought.renewalReference == recurrence)

            // A week before the end, the job asks for the cycle; it stays open until the payer's bank pays.
            let end = try #require(bought.endDate)
            #expect(try await Self.renew(app, at: end.addingTimeInterval(-8 * 86_400)) == 0)
            _ = try await Self.renew(app, at: end.addingTimeInterval(-7 * 86_400 + 60))
            let attempt = try #require(try await RenewalAttempt.query(on: app.db).first())
            #expect(attempt.outcome == .pending && attempt.cycle == 2)
            let renewal = try await server.sendRequest(
                .POST, APIURL.adminSubscriptionSimulateRenewal(bought.id).path, headers: headers,
                body: ByteBuffer(string: #"{"status":"paid"}"#))
            #expect(renewal.text.contains("applied"), "\(renewal.text)")
            let renewed = try await Self.stored(bought, app)
            #expect(renewed.cyclesPaid == 2 && renewed.status == .active)
            #expect(
                try await Checkout.query(on: app.db).filter(\.$renewalCycle == 2).first()?.externalID
                    == attempt.chargeID)
        }
    }

    /// A Pix paid without the recurrence authorised (the payer declined it in their bank): nothing renews it.
    @Test(arguments: DatabaseKind.underTest)
    func aPixPurchaseOfARecurringPlanIsRenewedByHand(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let shop = try await CommerceFixtures.shop(app)
            shop.plan.billing = .recurring
            shop.plan.billingPeriod = "P1M"
            try await shop.plan.save(on: app.db)
            let (response, _) = try await CommerceFixtures.startCheckout(
                app, CommerceFixtures.checkoutBody(planID: shop.plan.id))
            #expect(response.status == .created)
            let checkout = try #require(try await Checkout.query(on: app.db).first())
            let sandbox = SandboxGateway(
                secret: CommerceFixtures.sandboxSecret, pix: .init(key: "k", merchantName: "n", merchantCity: "c"))
            let paid = PostbackEvent(
                eventID: "evt_pix", chargeID: try #require(checkout.externalID), status: .paid, amountCents: 2_990,
                reference: checkout.id.map(String.init))
            #expect(try await CommerceFixtures.sendPostback(app, paid, signedBy: sandbox).status == .ok)

            let subscription = try #require(try await Subscription.query(on: app.db).first())
            #expect(subscription.status == .active)
            #expect(!subscription.autoRenew, "Pix has nothing to charge again")
            #expect(subscription.renewalReference == nil)
            let moment = try #require(subscription.endDate).addingTimeInterval(-12 * Self.hour)
            #expect(try await Self.renew(app, at: moment) == 0)
        }
    }
}
