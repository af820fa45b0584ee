import Commerce
import DatabaseTestBed
import Fluent
import Foundation
import Payments
import Schema
import Testing
import Vapor
import VaporTesting

@testable import APISchema
@testable import App

/// A member manages their own subscription on `/conta/assinatura` and at `/api/v1/me/subscription`: renewal
/// turned off keeps access to the end and charges nothing more; turned on again before the end it goes on with
/// no gap; a plan chosen for the next renewal is what that renewal charges; each payment has a receipt that only
/// its member sees.
@Suite struct MemberSubscriptionTests {
    static let hour: TimeInterval = 3_600
    static let email = "nova@example.com"
    static let password = "senha-da-nova-1"

    /// The member's API token, signed in with the password they chose at checkout.
    static func memberToken(_ app: Application, email: String = email, password: String = password) async throws
        -> String
    {
        let login = try await app.testing().sendRequest(
            .POST, APIURL.login.path, headers: ["Content-Type": "application/json"],
            body: ByteBuffer(string: #"{"email":"\#(email)","password":"\#(password)"}"#))
        return try #require(
            APIClient.string(try JSONDecoder().decode(JSONValue.self, from: login.body)["token"]), "\(login.status)")
    }

    static func subscription(_ json: JSONValue?) -> JSONValue? { json?["subscription"] }

    @Test(arguments: DatabaseKind.underTest)
    func renewalTurnedOffKeepsAccessToTheEndAndChargesNothingMore(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let bought = try await AutomaticRenewalsTests.member(app, card: SandboxGateway.approvedCard)
            let end = try #require(bought.endDate)
            var browser = TestBrowser(app)
            try await browser.signIn(Self.email, Self.password)

            let page = try await browser.get(SiteURL.accountSubscription.path)
            #expect(page.status == .ok)
            #expect(page.text.contains("Automática, no cartão de crédito"))
            #expect(page.text.contains("R$ 29,90 no cartão de crédito"), "the next charge")
            #expect(page.text.contains(SiteURL.accountSubscriptionCancel.path))
            #expect(
                try await browser.get(SiteURL.account.path).text.contains(SiteURL.accountSubscription.path),
                "the account page links to it")

            let cancelled = try await browser.submit(SiteURL.accountSubscriptionCancel.path, [:])
            #expect(cancelled.status == .seeOther)
            #expect(cancelled.location == SiteURL.accountSubscription.path + "?aviso=renovacao-cancelada")
            let after = try await browser.get(try #require(cancelled.location))
            #expect(after.text.contains("Renovação cancelada."))
            #expect(after.text.contains("Desligada em"))
            #expect(after.text.contains(SiteURL.accountSubscriptionResume.path), "it can be turned on again")
            let stored = try await AutomaticRenewalsTests.stored(bought, app)
            #expect(!stored.autoRenew)
            #expect(stored.cancelledAt != nil)
            #expect(stored.renewalReference != nil, "the kept card stays, for a resume")

            // Cancelling twice is no error; the renewal job charges nothing; access lasts to the end, then stops.
            #expect(try await browser.submit(SiteURL.accountSubscriptionCancel.path, [:]).status == .seeOther)
            #expect(try await AutomaticRenewalsTests.renew(app, at: end.addingTimeInterval(-12 * Self.hour)) == 0)
            #expect(try await RenewalAttempt.query(on: app.db).count() == 0)
            #expect(try await AutomaticRenewalsTests.stored(bought, app).grantsAccess(at: end.addingTimeInterval(-60)))
            #expect(
                try await CommerceScheduler.run(.expireSubscriptions, on: app, now: end.addingTimeInterval(60)) == 1)
            #expect(try await AutomaticRenewalsTests.stored(bought, app).status == .expired)
            // A reminder to renew by hand would nag a member who chose the end.
            let mailer = try await app.checkoutMailer()
            try await mailer.queueRenewalReminders(on: app.db, now: end.addingTimeInterval(-3 * 86_400))
            #expect(try await AutomaticRenewalsTests.mail(app, .renewalReminder).isEmpty)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func renewalTurnedOnAgainBeforeTheEndGoesOnWithNoGap(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let bought = try await AutomaticRenewalsTests.member(app, card: SandboxGateway.approvedCard)
            let firstEnd = try #require(bought.endDate)
            let token = try await Self.memberToken(app)

            let (off, offJSON) = try await APIClient.send(app, .POST, APIURL.mySubscriptionCancel.path, token: token)
            #expect(off.status == .ok, "\(off.text)")
            #expect(Self.subscription(offJSON)?["renews_by_itself"] == .bool(false))
            #expect(Self.subscription(offJSON)?["can_resume"] == .bool(true))
            #expect(Self.subscription(offJSON)?["next_charge"] == nil)
            let (on, onJSON) = try await APIClient.send(app, .POST, APIURL.mySubscriptionResume.path, token: token)
            #expect(on.status == .ok, "\(on.text)")
            #expect(Self.subscription(onJSON)?["renews_by_itself"] == .bool(true))
            #expect(Self.subscription(onJSON)?["cancelled_at"] == nil)
            #expect(APIClient.int(Self.subscription(onJSON)?["next_charge"]?["amount"]) == 2_990)

            #expect(try await AutomaticRenewalsTests.renew(app, at: firstEnd.addingTimeInterval(-12 * Self.hour)) == 1)
            let renewed = try await AutomaticRenewalsTests.stored(bought, app)
            let secondEnd = try #require(BillingPeriod(iso8601: "P1M")).end(ofPeriod: 1, anchoredAt: firstEnd)
            #expect(renewed.cyclesPaid == 2)
            #expect(renewed.endDate.map { abs($0.timeIntervalSince(secondEnd)) < 1 } == true, "no day lost or added")

            let (list, listJSON) = try await APIClient.send(app, .GET, APIURL.myPayments.path, token: token)
            #expect(list.status == .ok)
            guard case .array(let payments)? = listJSON?["payments"] else {
                Issue.record("no payments in \(list.text)")
                return
            }
            #expect(payments.map { APIClient.int($0["renewal_cycle"]) } == [2, 1], "newest first")
            #expect(payments.map { APIClient.string($0["amount_formatted"]) } == ["R$ 29,90", "R$ 29,90"])
            let receiptURL = try #require(APIClient.string(payments.first?["receipt_url"]))
            #expect(receiptURL.hasPrefix("/conta/recibos/"))
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aSubscriptionRenewedByHandIsRefusedAResumeNamingRenewal(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let bought = try await AutomaticRenewalsTests.member(app, card: SandboxGateway.approvedCard)
            // As one paid by Pix is: no method a provider keeps.
            bought.renewalReference = nil
            bought.autoRenew = false
            try await bought.save(on: app.db)
            let token = try await Self.memberToken(app)

            let (response, json) = try await APIClient.send(app, .POST, APIURL.mySubscriptionResume.path, token: token)

            #expect(response.status == .unprocessableEntity)
            #expect(json?["error"]?["fields"]?["renewal"] != nil, "\(response.text)")
            var browser = TestBrowser(app)
            try await browser.signIn(Self.email, Self.password)
            let page = try await browser.submit(SiteURL.accountSubscriptionResume.path, [:])
            #expect(page.status == .unprocessableEntity)
            #expect(page.text.contains("role=\"alert\""))
            #expect(!page.text.contains(SiteURL.accountSubscriptionCancel.path))
            #expect(page.text.contains("Manual: avisamos por e-mail"))
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aPlanChosenForTheNextRenewalIsWhatThatRenewalCharges(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let bought = try await AutomaticRenewalsTests.member(app, card: SandboxGateway.approvedCard)
            let firstEnd = try #require(bought.endDate)
            let quarterly = Plan(
                name: "Trimestral", price: 7_990, duration: 90, billing: .recurring, billingPeriod: "P3M")
            let oneTime = Plan(name: "Avulso", price: 1_990, duration: 7)
            let pixOnly = Plan(
                name: "Só Pix", price: 2_490, duration: 30, acceptsCard: false, billing: .recurring,
                billingPeriod: "P1M")
            for plan in [quarterly, oneTime, pixOnly] { try await plan.create(on: app.db) }
            let token = try await Self.memberToken(app)
            let choose = { (id: Int?) in
                try await APIClient.send(
                    app, .POST, APIURL.mySubscriptionPlan.path, token: token,
                    body: ["plan_id": id.map { .number(Double($0)) } ?? .null])
            }

            for refused in [oneTime.id, pixOnly.id, 9_999] {
                let (response, json) = try await choose(refused)
                #expect(response.status == .unprocessableEntity, "plan \(refused ?? 0)")
                #expect(json?["error"]?["fields"]?["plan_id"] != nil)
            }
            var browser = TestBrowser(app)
            try await browser.signIn(Self.email, Self.password)
            let page = try await browser.get(SiteURL.accountSubscription.path)
            #expect(page.text.contains("Trimestral"), "offered")
            #expect(!page.text.contains("Avulso") && !page.text.contains("Só Pix"), "not offered")
            let saved = try await browser.submit(
                SiteURL.accountSubscriptionPlan.path, ["plan_id": String(try quarterly.requireID())])
            #expect(saved.location == SiteURL.accountSubscription.path + "?aviso=plano-escolhido")
            #expect(try await browser.get(SiteURL.accountSubscription.path).text.contains("R$ 79,90 no cartão"))
            let (_, shown) = try await APIClient.send(app, .GET, APIURL.mySubscription.path, token: token)
            #expect(APIClient.string(Self.subscription(shown)?["next_plan"]?["name"]) == "Trimestral")
            #expect(APIClient.int(Self.subscription(shown)?["next_charge"]?["amount"]) == 7_990)

            #expect(try await AutomaticRenewalsTests.renew(app, at: firstEnd.addingTimeInterval(-12 * Self.hour)) == 1)

            let switched = try await AutomaticRenewalsTests.stored(bought, app)
            #expect(switched.$plan.id == quarterly.id)
            #expect(switched.billingPeriod == "P3M")
            #expect(switched.renewalPrice == 7_990)
            #expect(switched.nextPlanID == nil, "taken")
            let threeMonthsOn = try #require(BillingPeriod(iso8601: "P3M")).end(ofPeriod: 1, anchoredAt: firstEnd)
            #expect(switched.endDate.map { abs($0.timeIntervalSince(threeMonthsOn)) < 1 } == true)
            let cycle2 = try #require(try await Checkout.query(on: app.db).filter(\.$renewalCycle == 2).first())
            #expect(cycle2.totalAmount == 7_990)
            #expect(cycle2.$plan.id == quarterly.id)
            let attempt = try #require(try await RenewalAttempt.query(on: app.db).first())
            #expect(attempt.amount == 7_990)
            // Choosing the plan it is on cancels a switch.
            let (kept, keptJSON) = try await choose(quarterly.id)
            #expect(kept.status == .ok)
            #expect(Self.subscription(keptJSON)?["next_plan"] == nil)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aReceiptIsItsMembersAloneAndPrintsTheSale(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            _ = try await AutomaticRenewalsTests.member(app, card: SandboxGateway.approvedCard)
            let checkout = try #require(try await Checkout.query(on: app.db).first())
            let receipt = SiteURL.accountReceipt(checkoutID: try checkout.requireID()).path
            _ = try await app.makeUser("outra@example.com", password: "senha-da-outra-1")

            var owner = TestBrowser(app)
            try await owner.signIn(Self.email, Self.password)
            let own = try await owner.get(receipt)
            #expect(own.status == .ok)
            #expect(own.text.contains("Recibo nº \(try checkout.requireID())"))
            #expect(own.text.contains("R$ 29,90"))
            #expect(own.text.contains("***.982.247-**"), "the CPF masked")
            #expect(!own.text.contains("529.982.247-25") && !own.text.contains("52998224725"))
            #expect(try await owner.get(SiteURL.accountReceipt(checkoutID: 987_654).path).status == .notFound)
            #expect(try await owner.get("/conta/recibos/abc").status == .notFound)

            var other = TestBrowser(app)
            try await other.signIn("outra@example.com", "senha-da-outra-1")
            #expect(try await other.get(receipt).status == .notFound, "another member's receipt")
            let otherPage = try await other.get(SiteURL.accountSubscription.path)
            #expect(otherPage.status == .ok)
            #expect(otherPage.text.contains("Você ainda não tem uma assinatura."))
            let otherToken = try await Self.memberToken(app, email: "outra@example.com", password: "senha-da-outra-1")
            let (none, noneJSON) = try await APIClient.send(app, .GET, APIURL.mySubscription.path, token: otherToken)
            #expect(none.status == .notFound)
            #expect(APIClient.string(noneJSON?["error"]?["code"]) == "no_subscription")
            let (cancelNone, _) = try await APIClient.send(
                app, .POST, APIURL.mySubscriptionCancel.path, token: otherToken)
            #expect(cancelNone.status == .notFound)

            var stranger = TestBrowser(app)
            let signedOut = try await stranger.get(receipt)
            #expect(signedOut.status == .seeOther, "to sign in")
            #expect(try await app.testing().sendRequest(.GET, APIURL.mySubscription.path).status == .unauthorized)
        }
    }
}

/// The admin's side of renewals: the list says how each subscription renews and a past due one's grace, an admin
/// can stop a renewal (audited), and days given end a grace.
@Suite struct SubscriptionRenewalAdminTests {
    static func first(_ value: JSONValue?) -> JSONValue? {
        if case .array(let items)? = value { items.first } else { nil }
    }

    @Test(arguments: DatabaseKind.underTest)
    func anAdminStopsARenewalAndTheListAndTheAPISayItWas(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let bought = try await AutomaticRenewalsTests.member(app, card: SandboxGateway.approvedCard)
            var admin = try await app.adminBrowser()
            let before = try await admin.get(AdminURL.subscriptions.path)
            #expect(before.text.contains("Automática"))
            let stop = AdminURL.subscriptionStopRenewal(try bought.requireID()).path
            #expect(before.text.contains(stop))

            let stopped = try await admin.submit(stop, [:])
            #expect(stopped.status == .seeOther)
            let after = try await admin.get(AdminURL.subscriptions.path)
            #expect(after.text.contains("Desligada"))
            #expect(!after.text.contains(stop))
            #expect(after.text.contains("Renovação desligada"), "in the audit log")
            #expect(try await admin.submit(stop, [:]).status == .conflict, "already off")
            let stored = try await AutomaticRenewalsTests.stored(bought, app)
            #expect(!stored.autoRenew)
            #expect(stored.cancelledAt != nil)
            let audit = try #require(try await SubscriptionAudit.query(on: app.db).first())
            #expect(audit.action == .renewalStopped)

            let token = try await APIClient.adminToken(app, email: "chefe@example.com")
            let (_, json) = try await APIClient.send(app, .GET, APIURL.adminSubscriptions.path, token: token)
            let row = Self.first(json?["subscriptions"])
            #expect(row?["auto_renew"] == .bool(false))
            #expect(row?["renews_by_itself"] == .bool(false))
            #expect(APIClient.string(row?["billing_period"]) == "P1M")
            #expect(APIClient.int(row?["renewal_price"]) == 2_990)
            #expect(row?["cancelled_at"] != nil)
            #expect(
                try await AutomaticRenewalsTests.renew(app, at: try #require(bought.endDate).addingTimeInterval(-3_600))
                    == 0)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aPastDueGraceIsListedAndDaysGivenEndIt(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let bought = try await AutomaticRenewalsTests.member(app, card: SandboxGateway.declinedAtRenewalCard)
            let end = try #require(bought.endDate)
            #expect(try await AutomaticRenewalsTests.renew(app, at: end.addingTimeInterval(-12 * 3_600)) == 1)
            let pastDue = try await AutomaticRenewalsTests.stored(bought, app)
            #expect(pastDue.status == .pastDue)
            var admin = try await app.adminBrowser()
            #expect(try await admin.get(AdminURL.subscriptions.path).text.contains("carência até"))
            let token = try await APIClient.adminToken(app, email: "chefe@example.com")
            let (_, listed) = try await APIClient.send(app, .GET, APIURL.adminSubscriptions.path, token: token)
            #expect(Self.first(listed?["subscriptions"])?["grace_ends_at"] != nil)

            let (extended, json) = try await APIClient.send(
                app, .POST, APIURL.adminSubscriptionExtend(try bought.requireID()).path, token: token,
                body: ["days": 10])
            #expect(extended.status == .ok)
            #expect(APIClient.string(json?["status"]) == "active")
            #expect(json?["grace_ends_at"] == nil)
            #expect(try await AutomaticRenewalsTests.stored(bought, app).graceEndsAt == nil)
        }
    }
}
