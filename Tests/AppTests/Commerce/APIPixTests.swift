import APIPixTestBed
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

/// An API Pix gateway as an operator sets it up and a buyer pays through it: the admin API checks the client
/// certificate and registers the webhooks; a recurring plan's Pix purchase shows Jornada 3's composite code, and
/// the PSP's callbacks, each re-fetched over mutual TLS, settle the charge and make the subscription renew by
/// Pix Automático. Against `APIPixStandIn` (a test double of a PSP's API Pix).
@Suite(.serialized) struct APIPixTests {
    static let siteAddress = "https://musas.example.com"

    static func settingsBody(_ standIn: APIPixStandIn, _ certificates: TestCertificates) -> [String: JSONValue] {
        [
            "api_base_url": .string(standIn.apiBaseURL), "token_url": .string(standIn.tokenURL),
            "pix_key": .string(APIPixStandIn.pixKey), "account_branch": "0001", "account_number": "1234567",
            "account_kind": "CORRENTE",
            "server_trust_roots": .string(certificates.authorityPEM),
        ]
    }

    static func gatewayBody(
        _ standIn: APIPixStandIn, _ certificates: TestCertificates, identity: ClientIdentity? = nil
    ) -> [String: JSONValue] {
        [
            "name": "apipix", "public_key": .string(APIPixStandIn.clientID),
            "secret_key": .string(APIPixStandIn.clientSecret), "is_active": true,
            "settings": .object(settingsBody(standIn, certificates)),
            "client_certificate": .string((identity ?? certificates.client).pemBundle),
        ]
    }

    /// The time the application reads, which a test moves forward (the gateway checks Pix Automático's window
    /// against it).
    final class Clock: @unchecked Sendable {
        private let lock = NSLock()
        private var current = Date()
        var now: Date {
            get { lock.withLock { current } }
            set { lock.withLock { current = newValue } }
        }
    }

    static func withAPIPix(
        _ kind: DatabaseKind, clock: Clock = Clock(),
        _ body: (Application, APIPixStandIn, TestCertificates, String) async throws -> Void
    ) async throws {
        let certificates = try TestCertificates.shared()
        let standIn = try await APIPixStandIn.start(certificates: certificates)
        do {
            try await withApp(
                kind,
                configuration: {
                    $0.publicURL = siteAddress
                    $0.clock = { clock.now }
                }
            ) { app in
                try await body(app, standIn, certificates, try await APIClient.adminToken(app))
            }
        } catch {
            try? await standIn.stop()
            throw error
        }
        try await standIn.stop()
    }

    static func token(_ app: Application) -> String {
        PaymentProviders.callbackToken(gateway: "apipix", appSecret: app.configuration.appSecret)
    }

    /// The PSP calls `{registered address}/{callback}` with `body`.
    static func callback(
        _ app: Application, _ callback: String, _ body: String, token: String? = nil
    ) async throws -> TestingHTTPResponse {
        try await app.testing().sendRequest(
            .POST, APIURL.providerCallback(gateway: "apipix", token: token ?? Self.token(app), callback: callback).path,
            headers: ["Content-Type": "application/json"], body: ByteBuffer(string: body))
    }

    @Test(arguments: DatabaseKind.underTest)
    func anOperatorSetsUpAPIPixAndItsWebhooksAreRegistered(_ kind: DatabaseKind) async throws {
        try await Self.withAPIPix(kind) { app, standIn, certificates, token in
            // Bad input, each named by its field, and nothing saved.
            var expired = Self.gatewayBody(standIn, certificates, identity: certificates.expiredClient)
            let (refused, json) = try await APIClient.send(
                app, .POST, APIURL.adminGateways.path, token: token, body: expired)
            #expect(refused.status == .unprocessableEntity, "\(refused.text)")
            #expect(
                APIClient.string(json?["error"]?["fields"]?["client_certificate"])?.hasPrefix(
                    "The certificate expired on ") == true, "\(refused.text)")
            expired["client_certificate"] = "MIIC… a .p12 as text"
            var settings = Self.settingsBody(standIn, certificates)
            settings["api_base_url"] = "http://pix.example.com/v2"
            settings["account_number"] = "12-34"
            expired["settings"] = .object(settings)
            let (many, manyJSON) = try await APIClient.send(
                app, .POST, APIURL.adminGateways.path, token: token, body: expired)
            #expect(many.status == .unprocessableEntity)
            let fields = manyJSON?["error"]?["fields"]
            #expect(
                fields?["client_certificate"] != nil && fields?["api_base_url"] != nil
                    && fields?["account_number"] != nil, "\(many.text)")
            #expect(try await PaymentGateway.query(on: app.db).count() == 0)
            #expect(standIn.registeredWebhooks.isEmpty)

            // A good one: saved, its secrets sealed, and the PSP told where to call.
            let (created, createdJSON) = try await APIClient.send(
                app, .POST, APIURL.adminGateways.path, token: token, body: Self.gatewayBody(standIn, certificates))
            #expect(created.status == .created, "\(created.text)")
            #expect(createdJSON?["has_client_certificate"] == true)
            #expect(createdJSON?["settings"]?["pix_key"] == .string(APIPixStandIn.pixKey))
            #expect(!created.text.contains("PRIVATE KEY") && !created.text.contains(APIPixStandIn.clientSecret))
            // The address has a secret segment: the callbacks carry no signature.
            let address = Self.siteAddress + APIURL.webhook(gateway: "apipix").path + "/" + Self.token(app)
            #expect(createdJSON?["postback_url"] == .string(address))
            #expect(
                standIn.registeredWebhooks == [
                    "webhook/" + APIPixStandIn.pixKey: address, "webhookrec": address, "webhookcobr": address,
                ])
            let row = try #require(try await PaymentGateway.query(on: app.db).first())
            #expect(row.clientCertificate?.contains("PRIVATE KEY") == false, "sealed")

            // A PSP that is down: the change is kept, and the admin is told the webhooks weren't registered.
            standIn.fail(with: 503)
            let (down, downJSON) = try await APIClient.send(
                app, .PUT, APIURL.adminGateway(row.id).path, token: token,
                body: ["settings": .object(["scopes": "cob.write"])])
            #expect(down.status == .serviceUnavailable, "\(down.text)")
            #expect(APIClient.string(downJSON?["error"]?["code"]) == "webhooks_not_registered", "\(down.text)")
            #expect(
                APIClient.string(downJSON?["error"]?["message"])?.hasPrefix(
                    "The gateway was saved, but the PSP did not register the webhooks: ") == true, "\(down.text)")
            #expect(try await PaymentGateway.find(row.id, on: app.db)?.apiPixSettings?.scopes == "cob.write")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aRecurringPlansPixPurchaseAuthorisesPixAutomaticoAndTheCallbacksSettleIt(_ kind: DatabaseKind) async throws {
        try await Self.withAPIPix(kind) { app, standIn, certificates, token in
            let (created, _) = try await APIClient.send(
                app, .POST, APIURL.adminGateways.path, token: token, body: Self.gatewayBody(standIn, certificates))
            #expect(created.status == .created, "\(created.text)")
            let shop = try await CommerceFixtures.shop(app, gateway: false)
            shop.plan.billing = .recurring
            shop.plan.billingPeriod = "P1M"
            try await shop.plan.save(on: app.db)

            // The checkout page tells the buyer the QR code also authorises the next periods, and offers no card.
            let page = try await app.testing().sendRequest(.GET, SiteURL.checkout(planID: shop.plan.id).path)
            #expect(page.text.contains("Pix Automático"), "\(page.text)")
            #expect(!page.text.contains(#"value="credit_card""#))
            let (card, cardJSON) = try await CommerceFixtures.startCheckout(
                app,
                CommerceFixtures.checkoutBody(planID: shop.plan.id, method: "credit_card", card: "4111111111111111"))
            #expect(card.status == .unprocessableEntity, "\(card.text)")
            #expect(cardJSON["error"]?["fields"]?["method"] != nil)
            #expect(try await Checkout.query(on: app.db).count() == 0)

            let (response, json) = try await CommerceFixtures.startCheckout(
                app, CommerceFixtures.checkoutBody(planID: shop.plan.id, bumps: [try shop.bumps[0].requireID()]))
            #expect(response.status == .created, "\(response.text)")
            let checkout = try #require(try await Checkout.query(on: app.db).first())
            let txid = try #require(checkout.externalID)
            let code = try #require(APIClient.string(json["pix_code"]))
            #expect(code == checkout.paymentCode)
            #expect(PixBRCode.fields(code)?["80"] != nil, "Jornada 3's composite code: the recurrence is in field 80")
            let cob = try #require(standIn.cob(txid))
            #expect(cob.amount == "39.80", "the first cycle pays the plan and its bump")
            let idRec = try #require(cob.information.first { $0["nome"] == "recorrencia" }?["valor"])
            #expect(standIn.rec(idRec)?.amount == "29.90", "later cycles pay the plan alone")
            #expect(idRec.hasPrefix("RN"), "no retries after the due day (NAO_PERMITE): the job commands none")

            // At a guessed address, or the plain one, a callback is refused before anything is fetched.
            let before = standIn.requests.count
            let guessed = try await Self.callback(
                app, "pix", #"{"pix":[{"endToEndId":"E1","txid":"\#(txid)","valor":"39.80"}]}"#,
                token: "0123456789abcdef")
            #expect(guessed.status == .notFound)
            let plain = try await app.testing().sendRequest(
                .POST, APIURL.webhook(gateway: "apipix").path, headers: ["Content-Type": "application/json"],
                body: ByteBuffer(string: #"{"pix":[{"endToEndId":"E1","txid":"\#(txid)","valor":"39.80"}]}"#))
            #expect(plain.status == .notFound)
            #expect(standIn.requests.count == before)
            // A batch naming one charge a hundred times asks the PSP about it once.
            let many = (0..<100).map { _ in #"{"endToEndId":"E1","txid":"\#(txid)","valor":"39.80"}"# }
            _ = try await Self.callback(app, "pix", #"{"pix":["# + many.joined(separator: ",") + "]}")
            #expect(standIn.requests.count == before + 1)

            // A callback for something unknown changes nothing.
            let unknown = try await Self.callback(
                app, "rec", #"{"recs":[{"idRec":"RR1234567820261204zzzzzzzzzzz","status":"APROVADA"}]}"#)
            #expect(unknown.status == .ok, "\(unknown.text)")
            #expect(try await Subscription.query(on: app.db).count() == 0)
            let garbage = try await Self.callback(app, "pix", "<xml/>")
            #expect(garbage.status == .unauthorized)

            // A callback before the payer paid: fetched, still open, nothing changes.
            let early = try await Self.callback(
                app, "pix", #"{"pix":[{"endToEndId":"E1","txid":"\#(txid)","valor":"39.80"}]}"#)
            // The batch above found it open already: the same news, recorded once.
            #expect(early.text.contains("duplicate"), "\(early.text)")
            #expect(
                try await PaymentEvent.query(on: app.db).filter(\.$eventKey == "\(txid):pending").first()?.outcome
                    == "no_change")

            // The payer scans the composite code and pays: the PSP calls /pix and /rec.
            standIn.payerPays(txid)
            let paid = try await Self.callback(
                app, "pix", #"{"pix":[{"endToEndId":"E1","txid":"\#(txid)","valor":"39.80"}]}"#)
            #expect(paid.text.contains(#""outcome":"applied""#), "\(paid.text)")
            let again = try await Self.callback(
                app, "pix", #"{"pix":[{"endToEndId":"E1","txid":"\#(txid)","valor":"39.80"}]}"#)
            #expect(!again.text.contains(#""outcome":"applied""#), "a repeat applies nothing: \(again.text)")
            let approved = try await Self.callback(app, "rec", #"{"recs":[{"idRec":"\#(idRec)","status":"APROVADA"}]}"#)
            #expect(approved.status == .ok, "\(approved.text)")
            let subscription = try #require(try await Subscription.query(on: app.db).first())
            #expect(subscription.status == .active)
            #expect(subscription.autoRenew)
            #expect(subscription.renewalGateway == "apipix")
            #expect(subscription.renewalMethod == PaymentMethod.pix.rawValue)
            #expect(subscription.renewalReference == idRec)
            #expect(try await Checkout.find(checkout.id, on: app.db)?.status == .paid)

            // The payer cancels in their bank: renewal turns off, access stays to the end.
            standIn.payerCancels(idRec)
            let cancelled = try await Self.callback(
                app, "rec", #"{"recs":[{"idRec":"\#(idRec)","status":"CANCELADA"}]}"#)
            #expect(cancelled.status == .ok, "\(cancelled.text)")
            let stopped = try #require(try await Subscription.query(on: app.db).first())
            #expect(!stopped.autoRenew && stopped.status == .active)
        }
    }

    /// An operator keeps cards where they were and gives Pix to an API Pix PSP: the checkout page offers both,
    /// each checkout goes to the gateway that takes its method, and API Pix can't be given cards.
    @Test(arguments: DatabaseKind.underTest)
    func cardsStayAtOneGatewayWhilePixGoesToAPIPix(_ kind: DatabaseKind) async throws {
        try await Self.withAPIPix(kind) { app, standIn, certificates, token in
            let shop = try await CommerceFixtures.shop(app)
            shop.plan.billing = .recurring
            shop.plan.billingPeriod = "P1M"
            try await shop.plan.save(on: app.db)
            var body = Self.gatewayBody(standIn, certificates)
            body["is_active"] = nil
            body["takes_card"] = true
            let (refused, refusedJSON) = try await APIClient.send(
                app, .POST, APIURL.adminGateways.path, token: token, body: body)
            #expect(refused.status == .unprocessableEntity)
            #expect(refusedJSON?["error"]?["fields"]?["takes_card"] != nil, "\(refused.text)")
            #expect(try await PaymentGateway.query(on: app.db).count() == 1)
            body["takes_card"] = nil
            body["takes_pix"] = true
            let (created, createdJSON) = try await APIClient.send(
                app, .POST, APIURL.adminGateways.path, token: token, body: body)
            #expect(created.status == .created, "\(created.text)")
            #expect(createdJSON?["takes_pix"] == true && createdJSON?["takes_card"] == false)
            let sandbox = try #require(try await PaymentGateway.query(on: app.db).filter(\.$name == "sandbox").first())
            #expect(sandbox.takesCard && !sandbox.takesPix)

            let page = try await app.testing().sendRequest(.GET, SiteURL.checkout(planID: shop.plan.id).path)
            #expect(page.text.contains(#"value="credit_card""#) && page.text.contains(#"value="pix""#))
            #expect(page.text.contains("Pix Automático"), "\(page.text)")
            #expect(page.text.contains(#"name="card_number""#), "the sandbox takes the card here")

            let (card, _) = try await CommerceFixtures.startCheckout(
                app,
                CommerceFixtures.checkoutBody(
                    planID: shop.plan.id, method: "credit_card", card: SandboxGateway.approvedCard))
            #expect(card.status == .created, "\(card.text)")
            let (pix, pixJSON) = try await CommerceFixtures.startCheckout(
                app, CommerceFixtures.checkoutBody(planID: shop.plan.id, email: "outra@example.com"))
            #expect(pix.status == .created, "\(pix.text)")
            let checkouts = try await Checkout.query(on: app.db).sort(\.$id).all()
            #expect(checkouts.map(\.gateway) == ["sandbox", "apipix"])
            #expect(checkouts.map(\.paymentMethod) == [.creditCard, .pix])
            let code = try #require(APIClient.string(pixJSON["pix_code"]))
            #expect(PixBRCode.fields(code)?["80"] != nil, "Pix Automático's composite code, from the PSP")
            #expect(standIn.cob(try #require(checkouts.last?.externalID)) != nil)
        }
    }

    /// Sets up the gateway and a monthly plan, and buys it by Pix: the payer pays the composite code and the
    /// PSP says so. Returns the subscription and its recurrence.
    static func buyMonthly(
        _ app: Application, _ standIn: APIPixStandIn, _ certificates: TestCertificates, _ token: String,
        beforeThePaymentsNews: (String) async throws -> Void = { _ in }
    ) async throws -> (Subscription, String) {
        let (created, _) = try await APIClient.send(
            app, .POST, APIURL.adminGateways.path, token: token, body: Self.gatewayBody(standIn, certificates))
        #expect(created.status == .created, "\(created.text)")
        let shop = try await CommerceFixtures.shop(app, gateway: false)
        shop.plan.billing = .recurring
        shop.plan.billingPeriod = "P1M"
        try await shop.plan.save(on: app.db)
        let (response, _) = try await CommerceFixtures.startCheckout(
            app, CommerceFixtures.checkoutBody(planID: shop.plan.id))
        #expect(response.status == .created, "\(response.text)")
        let txid = try #require(try await Checkout.query(on: app.db).first()?.externalID)
        let idRec = try #require(standIn.cob(txid)?.information.first { $0["nome"] == "recorrencia" }?["valor"])
        standIn.payerPays(txid)
        try await beforeThePaymentsNews(idRec)
        let paid = try await callback(app, "pix", #"{"pix":[{"endToEndId":"E1","txid":"\#(txid)","valor":"29.90"}]}"#)
        #expect(paid.text.contains(#""outcome":"applied""#), "\(paid.text)")
        return (try #require(try await Subscription.query(on: app.db).first()), idRec)
    }

    static func cycleCallback(_ app: Application, _ standIn: APIPixStandIn, _ txid: String) async throws
        -> TestingHTTPResponse
    {
        let cobr = try #require(standIn.cobr(txid))
        return try await callback(
            app, "cobr", #"{"cobsr":[{"idRec":"\#(cobr.idRec)","txid":"\#(txid)","status":"\#(cobr.status)"}]}"#)
    }

    @Test(arguments: DatabaseKind.underTest)
    func eachLaterCycleIsAskedForAWeekAheadOnceAndItsCallbackRenews(_ kind: DatabaseKind) async throws {
        let clock = Clock()
        try await Self.withAPIPix(kind, clock: clock) { app, standIn, certificates, token in
            let (bought, idRec) = try await Self.buyMonthly(app, standIn, certificates, token)
            #expect(AutomaticRenewals.renewsByItself(bought))
            let end = try #require(bought.endDate)
            func cycles() -> [APIPixStandIn.CobR] {
                standIn.requests.compactMap { $0.method == "PUT" && $0.path.hasPrefix("/api/v2/cobr/") ? $0.path : nil }
                    .compactMap { standIn.cobr(String($0.dropFirst("/api/v2/cobr/".count))) }
            }
            func run(at moment: Date) async throws {
                clock.now = moment
                _ = try await CommerceScheduler.run(.renewSubscriptions, on: app, now: moment)
            }

            // Eight days ahead is too early; a week ahead, one charge is asked for, due on the subscription's end.
            try await run(at: end.addingTimeInterval(-8 * 86_400))
            #expect(cycles().isEmpty)
            try await run(at: end.addingTimeInterval(-7 * 86_400 + 60))
            let first = try #require(cycles().first)
            #expect(cycles().count == 1)
            #expect(first.idRec == idRec && first.amount == "29.90" && first.dueDate == APIPixGateway.day(end))
            #expect(first.information == RenewalReference(subscriptionID: try bought.requireID(), cycle: 2).description)
            // The same minute, and the next day: the open charge is asked about, never charged twice.
            try await run(at: end.addingTimeInterval(-7 * 86_400 + 120))
            try await run(at: end.addingTimeInterval(-6 * 86_400 + 120))
            #expect(cycles().count == 1)
            let attempts = try await RenewalAttempt.query(on: app.db).all()
            #expect(attempts.map(\.outcome) == [.pending], "one attempt, open")

            // The payer's bank pays it on the due day; the PSP calls /cobr, twice.
            clock.now = end.addingTimeInterval(3_600)
            standIn.settleCycle(first.txid)
            let settled = try await Self.cycleCallback(app, standIn, first.txid)
            #expect(settled.text.contains(#""outcome":"applied""#), "\(settled.text)")
            let again = try await Self.cycleCallback(app, standIn, first.txid)
            #expect(!again.text.contains(#""outcome":"applied""#), "\(again.text)")
            let renewed = try #require(try await Subscription.find(bought.id, on: app.db))
            #expect(renewed.cyclesPaid == 2 && renewed.status == .active)
            let newEnd = try #require(renewed.endDate)
            #expect(newEnd > end.addingTimeInterval(27 * 86_400) && newEnd < end.addingTimeInterval(32 * 86_400))
            #expect(try await RenewalAttempt.query(on: app.db).all().map(\.outcome) == [.paid])
            #expect(try await Checkout.query(on: app.db).filter(\.$renewalCycle == 2).first()?.externalID == first.txid)

            // The next cycle's news is lost: at its end it waits past due, and the job finds it paid.
            try await run(at: newEnd.addingTimeInterval(-7 * 86_400 + 60))
            let lost = try #require(cycles().last)
            standIn.settleCycle(lost.txid)
            clock.now = newEnd.addingTimeInterval(60)
            _ = try await CommerceScheduler.run(.expireSubscriptions, on: app, now: clock.now)
            #expect(try await Subscription.find(bought.id, on: app.db)?.status == .pastDue)
            try await run(at: newEnd.addingTimeInterval(86_400))
            let found = try #require(try await Subscription.find(bought.id, on: app.db))
            #expect(found.status == .active && found.cyclesPaid == 3, "found paid by asking the PSP")
            let thirdEnd = try #require(found.endDate)

            // The next cycle is declined by the payer's bank: past due, with its grace.
            try await run(at: thirdEnd.addingTimeInterval(-7 * 86_400 + 60))
            let second = try #require(cycles().last)
            #expect(second.txid != lost.txid && second.dueDate == APIPixGateway.day(thirdEnd))
            standIn.settleCycle(second.txid, as: "REJEITADA")
            clock.now = thirdEnd.addingTimeInterval(3_600)
            let declined = try await Self.cycleCallback(app, standIn, second.txid)
            #expect(declined.status == .ok, "\(declined.text)")
            #expect(try await Subscription.find(bought.id, on: app.db)?.status == .pastDue)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aRecurrenceTheMemberCancelsIsCancelledAtThePSPAndOneThePayerEndedStopsTheJob(_ kind: DatabaseKind)
        async throws
    {
        let clock = Clock()
        try await Self.withAPIPix(kind, clock: clock) { app, standIn, certificates, token in
            let (bought, idRec) = try await Self.buyMonthly(app, standIn, certificates, token)
            let member = try await MemberSubscriptionTests.memberToken(
                app, email: "nova@example.com", password: "senha-da-nova-1")
            // A cycle asked for already, a week ahead.
            clock.now = try #require(bought.endDate).addingTimeInterval(-7 * 86_400 + 60)
            _ = try await CommerceScheduler.run(.renewSubscriptions, on: app, now: clock.now)
            let pending = try #require(try await RenewalAttempt.query(on: app.db).first()?.chargeID)
            // The PSP is down: the member is told, and nothing changes on either side.
            standIn.fail(with: 503)
            let (failed, _) = try await APIClient.send(app, .POST, APIURL.mySubscriptionCancel.path, token: member)
            #expect(failed.status == .serviceUnavailable, "\(failed.text)")
            #expect(try await Subscription.find(bought.id, on: app.db)?.autoRenew == true)
            standIn.fail(with: nil)
            let (cancelled, _) = try await APIClient.send(app, .POST, APIURL.mySubscriptionCancel.path, token: member)
            #expect(cancelled.status == .ok, "\(cancelled.text)")
            #expect(standIn.rec(idRec)?.status == "CANCELADA")
            let stopped = try #require(try await Subscription.find(bought.id, on: app.db))
            #expect(!stopped.autoRenew && stopped.status == .active, "access to the end")
            let (resumed, _) = try await APIClient.send(app, .POST, APIURL.mySubscriptionResume.path, token: member)
            #expect(resumed.status != .ok, "a cancelled recurrence can't be revived: \(resumed.text)")
            #expect(standIn.cobr(pending)?.status == "CANCELADA", "the open cycle is cancelled at the PSP too")
            // Had the PSP settled it anyway: reported for a refund, and no access bought.
            standIn.settleCycle(pending)
            let late = try await Self.cycleCallback(app, standIn, pending)
            #expect(late.text.contains("unknown_charge"), "\(late.text)")
            #expect(try await Subscription.find(bought.id, on: app.db)?.cyclesPaid == 1)
            let reported = try await PaymentEvent.query(on: app.db).filter(\.$eventKey == "\(pending):paid").first()
            #expect(reported?.detail?.contains("refund it") == true, "\(reported?.detail ?? "")")
        }
        clock.now = Date()
        try await Self.withAPIPix(kind, clock: clock) { app, standIn, certificates, token in
            // The bank's "cancelled" arrives before the payment's news: recorded, not used up, so the PSP's
            // next delivery of it still turns renewal off.
            let (bought, idRec) = try await Self.buyMonthly(app, standIn, certificates, token) { idRec in
                standIn.payerCancels(idRec)
                let early = try await Self.callback(
                    app, "rec", #"{"recs":[{"idRec":"\#(idRec)","status":"CANCELADA"}]}"#)
                #expect(early.text.contains("unknown_charge"), "\(early.text)")
            }
            #expect(bought.autoRenew)
            let again = try await Self.callback(app, "rec", #"{"recs":[{"idRec":"\#(idRec)","status":"CANCELADA"}]}"#)
            #expect(again.text.contains("applied"), "\(again.text)")
            #expect(try await Subscription.find(bought.id, on: app.db)?.autoRenew == false)
        }
        clock.now = Date()
        try await Self.withAPIPix(kind, clock: clock) { app, standIn, certificates, token in
            let (bought, idRec) = try await Self.buyMonthly(app, standIn, certificates, token)
            // Cancelled in the payer's bank, with the callback lost: the job finds out before charging.
            standIn.payerCancels(idRec)
            let end = try #require(bought.endDate)
            clock.now = end.addingTimeInterval(-7 * 86_400 + 60)
            _ = try await CommerceScheduler.run(.renewSubscriptions, on: app, now: clock.now)
            #expect(!standIn.requests.contains { $0.path.hasPrefix("/api/v2/cobr/") })
            #expect(try await Subscription.find(bought.id, on: app.db)?.autoRenew == false)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func anAdminSetsUpAPIPixOnTheFormWithThePastedCertificate(_ kind: DatabaseKind) async throws {
        try await Self.withAPIPix(kind) { app, standIn, certificates, _ in
            var browser = try await app.adminBrowser()
            let form = try await browser.get(AdminURL.gatewayNew.path + "?provider=apipix")
            for field in [
                "api_base_url", "token_url", "pix_key", "account_number", "client_certificate", "server_trust_roots",
            ] {
                #expect(form.text.contains(#"name="\#(field)""#), "the form has \(field)")
            }
            var fields: [String: String] = [
                "name": "apipix", "public_key": APIPixStandIn.clientID, "secret_key": APIPixStandIn.clientSecret,
                "api_base_url": standIn.apiBaseURL, "token_url": standIn.tokenURL, "token_request_format": "form",
                "pix_key": APIPixStandIn.pixKey, "account_branch": "0001", "account_number": "1234567",
                "account_kind": "CORRENTE", "server_trust_roots": certificates.authorityPEM,
                "client_certificate": certificates.expiredClient.pemBundle, "takes_pix": "true",
            ]
            let expired = try await browser.submit(AdminURL.gatewayNew.path, fields)
            #expect(expired.status == .unprocessableEntity)
            #expect(expired.text.contains("O certificado venceu em"), "\(expired.text)")
            #expect(!expired.text.contains("PRIVATE KEY"), "the pasted key is never shown again")
            fields["client_certificate"] = certificates.client.pemBundle
            let saved = try await browser.submit(AdminURL.gatewayNew.path, fields)
            #expect(saved.status == .seeOther, "\(saved.text)")
            let row = try #require(try await PaymentGateway.query(on: app.db).first())
            #expect(
                row.apiPixSettings?.receiverAccount?.number == "1234567")
            #expect(standIn.registeredWebhooks.count == 3)
            let edit = try await browser.get(AdminURL.gateway(row.id).path)
            #expect(edit.text.contains(Self.token(app)), "the page shows the address registered at the PSP")
            #expect(!edit.text.contains("PRIVATE KEY") && !edit.text.contains(APIPixStandIn.clientSecret))
            // Saved again without pasting them: the stored certificate and secret are kept.
            fields["client_certificate"] = ""
            fields["secret_key"] = ""
            fields["account_number"] = "7654321"
            let again = try await browser.submit(AdminURL.gateway(row.id).path, fields)
            #expect(again.status == .seeOther, "\(again.text)")
            let kept = try #require(try await PaymentGateway.find(row.id, on: app.db))
            #expect(kept.clientCertificate == row.clientCertificate && kept.secretKey == row.secretKey)
            #expect(kept.apiPixSettings?.receiverAccount?.number == "7654321")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aCycleAskedForTooLateIsADeclineWithItsNotice(_ kind: DatabaseKind) async throws {
        let clock = Clock()
        try await Self.withAPIPix(kind, clock: clock) { app, standIn, certificates, token in
            let (bought, _) = try await Self.buyMonthly(app, standIn, certificates, token)
            let end = try #require(bought.endDate)
            // The job didn't run all week (the server was down): a day before the end is inside no window.
            clock.now = end.addingTimeInterval(-86_400 + 60)
            _ = try await CommerceScheduler.run(.renewSubscriptions, on: app, now: clock.now)
            #expect(!standIn.requests.contains { $0.path.hasPrefix("/api/v2/cobr/") })
            let attempt = try #require(try await RenewalAttempt.query(on: app.db).first())
            #expect(attempt.outcome == .declined && attempt.detail?.contains("2 to 10 days") == true)
            let waiting = try #require(try await Subscription.find(bought.id, on: app.db))
            #expect(waiting.status == .pastDue && waiting.graceEndsAt == end.addingTimeInterval(3 * 86_400))
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$kind == .renewalDeclined).count() == 1)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func withoutAReceivingAccountARecurringPlanSellsAPlainPixRenewedByReminder(_ kind: DatabaseKind) async throws {
        try await Self.withAPIPix(kind) { app, standIn, certificates, token in
            var body = Self.gatewayBody(standIn, certificates)
            var settings = Self.settingsBody(standIn, certificates)
            settings["account_number"] = ""
            body["settings"] = .object(settings)
            let (created, _) = try await APIClient.send(app, .POST, APIURL.adminGateways.path, token: token, body: body)
            #expect(created.status == .created, "\(created.text)")
            let shop = try await CommerceFixtures.shop(app, gateway: false)
            shop.plan.billing = .recurring
            shop.plan.billingPeriod = "P1M"
            try await shop.plan.save(on: app.db)
            let page = try await app.testing().sendRequest(.GET, SiteURL.checkout(planID: shop.plan.id).path)
            #expect(!page.text.contains("Pix Automático") && page.text.contains("avisamos por e-mail antes do fim"))
            let (response, _) = try await CommerceFixtures.startCheckout(
                app, CommerceFixtures.checkoutBody(planID: shop.plan.id))
            #expect(response.status == .created, "\(response.text)")
            #expect(
                !standIn.requests.contains { $0.path.hasPrefix("/api/v2/rec") || $0.path.hasPrefix("/api/v2/locrec") })
            let txid = try #require(try await Checkout.query(on: app.db).first()?.externalID)
            #expect(standIn.cob(txid)?.information.contains { $0["nome"] == "recorrencia" } == false)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aRefundEndsAccessAndCancelsTheRecurrenceAtThePSP(_ kind: DatabaseKind) async throws {
        try await Self.withAPIPix(kind) { app, standIn, certificates, token in
            let (bought, idRec) = try await Self.buyMonthly(app, standIn, certificates, token)
            let txid = try #require(try await Checkout.query(on: app.db).first()?.externalID)
            standIn.refund(txid)
            let refunded = try await Self.callback(
                app, "pix", #"{"pix":[{"endToEndId":"E1","txid":"\#(txid)","valor":"29.90"}]}"#)
            #expect(refunded.text.contains(#""outcome":"applied""#), "\(refunded.text)")
            #expect(try await Subscription.find(bought.id, on: app.db)?.status == .expired)
            #expect(standIn.rec(idRec)?.status == "CANCELADA", "the PSP charges nothing more")
        }
    }

    @Test func theCallbackRouteTakesOnlyAPIPixsSuffixes() async throws {
        try await withApp(.sqlite) { app in
            for path in [
                "/api/v1/webhooks/apipix/\(Self.token(app))/other", "/api/v1/webhooks/sandbox/\(Self.token(app))/pix",
                "/api/v1/webhooks/apipix/\(Self.token(app))x/rec", "/api/v1/webhooks/apipix/pix",
            ] {
                let response = try await app.testing().sendRequest(
                    .POST, path, headers: ["Content-Type": "application/json"], body: ByteBuffer(string: "{}"))
                #expect(response.status == .notFound, "\(path): \(response.text)")
            }
        }
    }
}
