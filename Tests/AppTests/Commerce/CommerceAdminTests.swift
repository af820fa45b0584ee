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

/// The admin's side of commerce: gateways (secrets sealed, one active), checkouts (filters, CSV, postbacks,
/// simulate payment), subscriptions (audited manual changes) and the revenue report.
@Suite struct CommerceAdminTests {

    // MARK: Gateways

    @Test(arguments: DatabaseKind.underTest)
    func gatewaySecretsAreSealedAndNeverShownAgain(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let token = try await APIClient.adminToken(app)
            let (created, json) = try await APIClient.send(
                app, .POST, APIURL.adminGateways.path, token: token,
                body: [
                    "name": "mercadopago", "public_key": "APP_USR-public", "secret_key": "APP_USR-very-secret-token",
                    "webhook_secret": "whsec-hidden",
                ])
            #expect(created.status == .created)
            #expect(json?["has_secret_key"] == .bool(true))
            #expect(json?["has_webhook_secret"] == .bool(true))
            #expect(
                APIClient.string(json?["postback_url"])?.hasSuffix(APIURL.webhook(gateway: "mercadopago").path)
                    == true)
            let stored = try #require(try await PaymentGateway.query(on: app.db).first())
            let box = SecretBox(appSecret: app.configuration.appSecret)
            #expect(stored.secretKey?.hasPrefix("v1:") == true)
            #expect(stored.secretKey?.contains("very-secret") == false)
            #expect(try box.open(stored.secretKey ?? "") == "APP_USR-very-secret-token")
            #expect(try box.open(stored.webhookSecret ?? "") == "whsec-hidden")
            #expect(stored.isActive, "the first gateway takes payments by itself")

            // Never again: not in the API, not in the admin's pages, not in the form.
            var browser = try await app.adminBrowser()
            let id = try stored.requireID()
            let answers = [
                try await APIClient.send(app, .GET, APIURL.adminGateways.path, token: token).0.text,
                try await browser.get(AdminURL.gateways.path).text,
                try await browser.get(AdminURL.gateway(id).path).text,
            ]
            for answer in answers {
                #expect(!answer.contains("very-secret"))
                #expect(!answer.contains("whsec-hidden"))
                #expect(!answer.contains(stored.secretKey ?? "v1:"))
            }
            #expect(answers[2].contains(APIURL.webhook(gateway: "mercadopago").path))

            // An empty secret keeps the stored one; a new one replaces it.
            let (kept, _) = try await APIClient.send(
                app, .PUT, APIURL.adminGateway(id).path, token: token, body: ["public_key": "APP_USR-public-2"])
            #expect(kept.status == .ok)
            #expect(try await PaymentGateway.find(id, on: app.db)?.secretKey == stored.secretKey)
            let saved = try await browser.submit(
                AdminURL.gateway(id).path,
                ["public_key": "APP_USR-public-3", "secret_key": "APP_USR-new", "is_active": "true"])
            #expect(saved.status == .seeOther)
            #expect(try box.open(try await PaymentGateway.find(id, on: app.db)?.secretKey ?? "") == "APP_USR-new")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func exactlyOneGatewayIsActive(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let token = try await APIClient.adminToken(app)
            let (first, firstJSON) = try await APIClient.send(
                app, .POST, APIURL.adminGateways.path, token: token, body: ["name": "sandbox", "secret_key": "s1"])
            #expect(first.status == .created)
            #expect(firstJSON?["is_active"] == .bool(true))
            let firstID = try #require(APIClient.int(firstJSON?["id"]))
            let (second, secondJSON) = try await APIClient.send(
                app, .POST, APIURL.adminGateways.path, token: token,
                body: [
                    "name": "mercadopago", "secret_key": "t", "webhook_secret": "w", "is_active": true,
                ])
            #expect(second.status == .created)
            #expect(secondJSON?["is_active"] == .bool(true))
            let secondID = try #require(APIClient.int(secondJSON?["id"]))
            #expect(
                try await PaymentGateway.query(on: app.db).filter(\.$isActive == true).all().map(\.id) == [secondID])

            // Switching the active one off, or deleting it while another exists, is refused.
            let (off, offJSON) = try await APIClient.send(
                app, .PUT, APIURL.adminGateway(secondID).path, token: token, body: ["is_active": false])
            #expect(off.status == .unprocessableEntity)
            #expect(offJSON?["error"]?["fields"]?["is_active"] != nil)
            #expect(
                try await APIClient.send(app, .DELETE, APIURL.adminGateway(secondID).path, token: token).0.status
                    == .conflict
            )
            // Other refusals: an unknown provider, a provider twice, Mercado Pago without its webhook secret.
            #expect(
                try await APIClient.send(
                    app, .POST, APIURL.adminGateways.path, token: token, body: ["name": "paypal", "secret_key": "x"]
                ).0.status == .unprocessableEntity)
            #expect(
                try await APIClient.send(
                    app, .POST, APIURL.adminGateways.path, token: token, body: ["name": "sandbox", "secret_key": "x"]
                ).0.status == .conflict)

            // Activating the other hands over; then the inactive one can go.
            #expect(
                try await APIClient.send(
                    app, .PUT, APIURL.adminGateway(firstID).path, token: token, body: ["is_active": true]
                ).0.status == .ok)
            #expect(try await PaymentGateway.query(on: app.db).filter(\.$isActive == true).all().map(\.id) == [firstID])
            #expect(
                try await APIClient.send(app, .DELETE, APIURL.adminGateway(secondID).path, token: token).0.status
                    == .noContent)
            // The last gateway may go, active or not: checkout then says payments are not set up.
            #expect(
                try await APIClient.send(app, .DELETE, APIURL.adminGateway(firstID).path, token: token).0.status
                    == .noContent
            )
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func theGatewayFormRefusesFieldByField(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            var browser = try await app.adminBrowser()
            let refused = try await browser.submit(
                AdminURL.gatewayNew.path, ["name": "mercadopago", "secret_key": "t"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("webhook_secret-error"))
            let saved = try await browser.submit(
                AdminURL.gatewayNew.path, ["name": "sandbox", "secret_key": "segredo-do-sandbox"])
            #expect(saved.status == .seeOther)
            let list = try await browser.get(AdminURL.gateways.path)
            #expect(list.text.contains(APIURL.webhook(gateway: "sandbox").path))
            #expect(!list.text.contains("segredo-do-sandbox"))
        }
    }

    // MARK: Checkouts

    /// Five checkouts: two Pix, two card, one abandoned, across two days and three buyers.
    static func seedCheckouts(_ app: Application) async throws -> [Checkout] {
        let plan = Plan(name: "Mensal", price: 2_990, duration: 30)
        try await plan.create(on: app.db)
        let rows: [(String, PaymentMethod, CheckoutStatus, Int, String)] = [
            ("ana@example.com", .pix, .paid, 2_990, "Ana"),
            ("ana@example.com", .creditCard, .failed, 2_990, "Ana"),
            ("bia@example.com", .pix, .pending, 3_980, "=HYPERLINK(\"http://evil\",\"x\")"),
            ("caio@example.com", .creditCard, .paid, 7_970, "Caio, \"o Grande\""),
            ("caio@example.com", .pix, .abandoned, 2_990, "Caio"),
        ]
        var checkouts: [Checkout] = []
        for (email, method, status, total, name) in rows {
            let checkout = Checkout(userID: nil, planID: plan.id, paymentMethod: method, totalAmount: total)
            checkout.status = status
            checkout.customerEmail = email
            checkout.customerName = name
            try await checkout.create(on: app.db)
            checkouts.append(checkout)
        }
        // The first is from three days ago (São Paulo): the date filters see it apart.
        try await app.sql.raw(
            "UPDATE checkouts SET created_at = \(bind: Date().addingTimeInterval(-3 * 86_400)) WHERE id = \(bind: checkouts[0].id)"
        ).run()
        return checkouts
    }

    @Test(arguments: DatabaseKind.underTest)
    func checkoutsFilterByStatusMethodDateAndEmail(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let checkouts = try await Self.seedCheckouts(app)
            let token = try await APIClient.adminToken(app)
            func ids(_ query: String) async throws -> [Int] {
                let (response, json) = try await APIClient.send(
                    app, .GET, APIURL.adminCheckouts.path + query, token: token)
                #expect(response.status == .ok, "\(query): \(response.text)")
                guard case .array(let rows)? = json?["checkouts"] else { return [] }
                return rows.compactMap { APIClient.int($0["id"]) }
            }
            let id = checkouts.map { $0.id ?? 0 }
            #expect(try await ids("") == id.reversed())
            #expect(try await ids("?status=paid") == [id[3], id[0]])
            #expect(try await ids("?method=credit_card") == [id[3], id[1]])
            #expect(try await ids("?email=CAIO") == [id[4], id[3]])
            #expect(try await ids("?status=abandoned") == [id[4]])
            let today = SiteClock.dayKey(Date())
            #expect(try await ids("?from=\(today)&to=\(today)") == Array(id.dropFirst().reversed()))
            let threeDaysAgo = SiteClock.dayKey(Date().addingTimeInterval(-3 * 86_400))
            #expect(try await ids("?to=\(threeDaysAgo)") == [id[0]])
            let (bad, badJSON) = try await APIClient.send(
                app, .GET, APIURL.adminCheckouts.path + "?from=2026-02-30&status=lost", token: token)
            #expect(bad.status == .unprocessableEntity)
            #expect(badJSON?["error"]?["fields"]?["from"] != nil)
            #expect(badJSON?["error"]?["fields"]?["status"] != nil)

            // The admin page shows the same, with the recovery list one click away.
            var browser = try await app.adminBrowser()
            let abandoned = try await browser.get(AdminURL.checkouts.path + "?status=abandoned")
            #expect(abandoned.status == .ok)
            #expect(abandoned.text.contains("caio@example.com"))
            #expect(!abandoned.text.contains("ana@example.com"))
            #expect(try await browser.get(AdminURL.checkouts.path + "?from=ontem").status == .unprocessableEntity)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func theCSVKeepsTheFiltersQuotesFieldsAndDisarmsFormulas(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            _ = try await Self.seedCheckouts(app)
            var browser = try await app.adminBrowser()
            let response = try await browser.get(AdminURL.checkoutsCSV.path + "?method=pix")
            #expect(response.status == .ok)
            #expect(response.headers.contentType?.serialize().hasPrefix("text/csv") == true)
            #expect(response.headers.first(name: .contentDisposition)?.contains("attachment") == true)
            let lines = response.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.first == CheckoutSearch.csvHeader.joined(separator: ","))
            #expect(lines.count == 4, "three Pix checkouts and the header")
            #expect(response.text.contains(#""'=HYPERLINK(""http://evil"",""x"")""#))
            #expect(response.text.contains("3980,\"R$ 39,80\"") || response.text.contains("3980,R$ 39,80"))
            // Excel in Brazil splits on ";": such a field is quoted too. A "+" in a filter survives the links.
            #expect(CSVDownload.field("a;=1+1") == "\"a;=1+1\"")
            #expect(CheckoutSearch(email: "ana+vip@example.com").queryString == "email=ana%2Bvip@example.com")
            let api = try await APIClient.send(
                app, .GET, APIURL.adminCheckoutsCSV.path + "?method=credit_card",
                token: try await APIClient.adminToken(app, email: "x@example.com"))
            #expect(api.0.text.contains(#""Caio, ""o Grande""""#))
            #expect(!api.0.text.contains("bia@example.com"))
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aCheckoutShowsItsPostbacks(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let setup = try await CommerceFixtures.postbackSetup(app)
            _ = try await CommerceFixtures.sendPostback(
                app, CommerceFixtures.paidEvent("evt_1"), signedBy: setup.sandbox)
            _ = try await CommerceFixtures.sendPostback(
                app, CommerceFixtures.paidEvent("evt_1"), signedBy: setup.sandbox)
            let token = try await APIClient.adminToken(app)
            let (response, json) = try await APIClient.send(
                app, .GET, APIURL.adminCheckout(setup.checkout.id ?? 0).path, token: token)
            #expect(response.status == .ok)
            guard case .array(let postbacks)? = json?["postbacks"] else { Issue.record("no postbacks"); return }
            #expect(postbacks.compactMap { APIClient.string($0["outcome"]) }.sorted() == ["applied", "duplicate"])
            var browser = try await app.adminBrowser()
            let page = try await browser.get(AdminURL.checkout(setup.checkout.id).path)
            #expect(page.text.contains("applied"))
            #expect(page.text.contains("duplicate"))
            #expect(page.text.contains("sbx_1_abc"))
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func simulatePaymentPostsASignedPostbackToOurOwnWebhookOverHTTP(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let setup = try await CommerceFixtures.postbackSetup(app)
            let token = try await APIClient.adminToken(app)
            // A real server on a free port: the postback leaves through the HTTP client and comes back in.
            let server = try app.testing(method: .running(hostname: "127.0.0.1", port: 0))
            var headers = HTTPHeaders()
            headers.bearerAuthorization = .init(token: token)
            let response = try await server.sendRequest(
                .POST, APIURL.adminCheckoutSimulatePayment(setup.checkout.id ?? 0).path, headers: headers)
            #expect(response.status == .ok)
            #expect(response.text.contains(#""webhook_status":200"#))
            #expect(response.text.contains("applied"))
            #expect(try await Checkout.find(setup.checkout.id, on: app.db)?.status == .paid)
            let event = try #require(try await PaymentEvent.query(on: app.db).first())
            #expect(event.isVerified)
            #expect(event.gateway == "sandbox")
            #expect(event.eventKey.hasPrefix("sim_"))

            // A checkout that is not the sandbox's can't be paid by simulation.
            let other = Checkout(
                userID: nil, planID: nil, externalID: "1320000001", paymentMethod: .pix, totalAmount: 100)
            try await other.create(on: app.db)
            let refused = try await server.sendRequest(
                .POST, APIURL.adminCheckoutSimulatePayment(other.id ?? 0).path, headers: headers)
            #expect(refused.status == .conflict)
        }
    }

    // MARK: Subscriptions

    /// An admin's token, a user, a monthly plan, and a day in seconds.
    private struct Subscriber {
        let token: String
        let user: User
        let plan: Plan
        let day: TimeInterval = 86_400
    }

    private func subscriber(_ app: Application) async throws -> Subscriber {
        let token = try await APIClient.adminToken(app)
        let user = try await app.makeUser("assinante@example.com")
        let plan = Plan(name: "Mensal", price: 2_990, duration: 30)
        try await plan.create(on: app.db)
        return Subscriber(token: token, user: user, plan: plan)
    }

    /// Grants 30 days by e-mail (in any case), with a note; returns the answer and the subscription's id.
    private func grant(_ app: Application, _ setup: Subscriber) async throws -> (TestingHTTPResponse, JSONValue?, Int) {
        let (granted, json) = try await APIClient.send(
            app, .POST, APIURL.adminSubscriptions.path, token: setup.token,
            body: [
                "email": "Assinante@Example.com", "plan_id": .number(Double(setup.plan.id ?? 0)), "days": 30,
                "note": "cortesia",
            ])
        return (granted, json, try #require(APIClient.int(json?["id"])))
    }

    private func expire(_ app: Application, _ setup: Subscriber, _ id: Int) async throws -> (
        TestingHTTPResponse, JSONValue?
    ) {
        try await APIClient.send(
            app, .POST, APIURL.adminSubscriptionExpire(id).path, token: setup.token, body: ["note": "estorno manual"])
    }

    @Test(arguments: DatabaseKind.underTest)
    func aGrantByEmailStartsAnActiveSubscription(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let setup = try await subscriber(app)

            let (granted, grantedJSON, subscriptionID) = try await grant(app, setup)

            #expect(granted.status == .created)
            #expect(grantedJSON?["status"] == "active")
            let end = try #require(try await Subscription.find(subscriptionID, on: app.db)?.endDate)
            #expect(abs(end.timeIntervalSinceNow - 30 * setup.day) < 60)
            #expect(try await User.find(setup.user.id, on: app.db)?.subscriptionStatus == .active)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aSecondGrantAddsToTheRunningSubscription(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let setup = try await subscriber(app)
            let (_, _, subscriptionID) = try await grant(app, setup)
            let firstEnd = try #require(try await Subscription.find(subscriptionID, on: app.db)?.endDate)

            _ = try await APIClient.send(
                app, .POST, APIURL.adminSubscriptions.path, token: setup.token,
                body: ["user_id": .number(Double(setup.user.id ?? 0)), "days": 10])

            // The remaining days are kept.
            #expect(try await Subscription.query(on: app.db).count() == 1)
            let extendedEnd = try #require(try await Subscription.find(subscriptionID, on: app.db)?.endDate)
            #expect(abs(extendedEnd.timeIntervalSince(firstEnd) - 10 * setup.day) < 1)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func expiringEndsTheSubscriptionOnceOnly(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let setup = try await subscriber(app)
            let (_, _, subscriptionID) = try await grant(app, setup)

            let (expired, expiredJSON) = try await expire(app, setup, subscriptionID)

            #expect(expired.status == .ok)
            #expect(expiredJSON?["status"] == "expired")
            #expect(try await User.find(setup.user.id, on: app.db)?.subscriptionStatus == .expired)
            let again = try await APIClient.send(
                app, .POST, APIURL.adminSubscriptionExpire(subscriptionID).path, token: setup.token)
            #expect(again.0.status == .conflict)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func extendingAnExpiredSubscriptionRunsItAgainFromNow(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let setup = try await subscriber(app)
            let (_, _, subscriptionID) = try await grant(app, setup)
            _ = try await expire(app, setup, subscriptionID)

            let (extended, _) = try await APIClient.send(
                app, .POST, APIURL.adminSubscriptionExtend(subscriptionID).path, token: setup.token, body: ["days": 7])

            #expect(extended.status == .ok)
            let reopened = try #require(try await Subscription.find(subscriptionID, on: app.db))
            #expect(reopened.status == .active)
            #expect(abs((reopened.endDate ?? .distantPast).timeIntervalSinceNow - 7 * setup.day) < 60)
            #expect(try await User.find(setup.user.id, on: app.db)?.subscriptionStatus == .active)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func refusedGrantsAndExtensionsChangeNothing(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let setup = try await subscriber(app)
            let (_, _, subscriptionID) = try await grant(app, setup)
            let endBefore = try await Subscription.find(subscriptionID, on: app.db)?.endDate

            // A wrong id is not replaced by the e-mail's owner.
            let wrongID = try await APIClient.send(
                app, .POST, APIURL.adminSubscriptions.path, token: setup.token,
                body: ["user_id": 999_999, "email": "assinante@example.com", "days": 5])
            let unknownEmail = try await APIClient.send(
                app, .POST, APIURL.adminSubscriptions.path, token: setup.token,
                body: ["email": "ninguem@example.com", "days": 5])
            let noDays = try await APIClient.send(
                app, .POST, APIURL.adminSubscriptionExtend(subscriptionID).path, token: setup.token, body: ["days": 0])
            let unknownSubscription = try await APIClient.send(
                app, .POST, APIURL.adminSubscriptionExtend(999999).path, token: setup.token, body: ["days": 3])

            #expect(wrongID.0.status == .unprocessableEntity)
            #expect(unknownEmail.0.status == .unprocessableEntity)
            #expect(noDays.0.status == .unprocessableEntity)
            #expect(unknownSubscription.0.status == .notFound)
            #expect(try await Subscription.query(on: app.db).count() == 1)
            #expect(try await Subscription.find(subscriptionID, on: app.db)?.endDate == endBefore)
            #expect(try await SubscriptionAudit.query(on: app.db).count() == 1, "only the grant is written")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func everyManualChangeIsAuditedWithItsAdminAndEnds(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let setup = try await subscriber(app)
            let (_, _, subscriptionID) = try await grant(app, setup)
            _ = try await APIClient.send(
                app, .POST, APIURL.adminSubscriptions.path, token: setup.token,
                body: ["user_id": .number(Double(setup.user.id ?? 0)), "days": 10])
            _ = try await expire(app, setup, subscriptionID)
            _ = try await APIClient.send(
                app, .POST, APIURL.adminSubscriptionExtend(subscriptionID).path, token: setup.token, body: ["days": 7])

            // Every change, who made it, and the end before and after.
            let audits = try await SubscriptionAudit.query(on: app.db).sort(\.$id).all()
            #expect(audits.map(\.action) == [.granted, .extended, .expired, .extended])
            #expect(audits.allSatisfy { $0.adminEmail == "chefe@example.com" })
            #expect(audits.allSatisfy { $0.$user.id == setup.user.id })
            try #require(audits.count == 4)
            #expect(audits[0].note == "cortesia")
            #expect(audits[0].previousEndDate == nil)
            #expect(audits[1].previousEndDate == audits[0].newEndDate)
            let (log, logJSON) = try await APIClient.send(
                app, .GET, APIURL.adminSubscriptionAudits.path, token: setup.token)
            #expect(log.status == .ok)
            guard case .array(let entries)? = logJSON else {
                Issue.record("no audit log")
                return
            }
            #expect(entries.count == 4)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func thePageGrantsAndShowsTheAuditLog(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            try await app.makeUser("fa@example.com")
            var browser = try await app.adminBrowser()
            let refused = try await browser.submit(
                AdminURL.subscriptionGrant.path, ["email": "fa@example.com", "days": "0"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("days-error"))
            let granted = try await browser.submit(
                AdminURL.subscriptionGrant.path, ["email": "fa@example.com", "days": "15", "note": "sorteio"])
            #expect(granted.status == .seeOther)
            let page = try await browser.get(try #require(granted.location))
            #expect(page.text.contains("fa@example.com"))
            #expect(page.text.contains("sorteio"))
            #expect(page.text.contains("admin@example.com"))
            let subscription = try #require(try await Subscription.query(on: app.db).first())
            let expired = try await browser.submit(AdminURL.subscriptionExpire(subscription.id).path, [:])
            #expect(expired.status == .seeOther)
            #expect(try await Subscription.find(subscription.id, on: app.db)?.status == .expired)
        }
    }

    // MARK: Revenue

    @Test(arguments: DatabaseKind.underTest)
    func theRevenueReportCountsPaidDaysConversionTakeRatesAndEndings(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let day: TimeInterval = 86_400
            let plan = Plan(name: "Mensal", price: 2_990, duration: 30)
            try await plan.create(on: app.db)
            let photos = OrderBump(name: "Fotos", price: 990, isActive: true, displayOrder: 1)
            let call = OrderBump(name: "Chamada", price: 4_990, isActive: true, displayOrder: 2)
            try await photos.create(on: app.db)
            try await call.create(on: app.db)
            let now = Date()
            // (method, status, total, bumps, paid days ago)
            let rows: [(PaymentMethod, CheckoutStatus, Int, [Int], Double?)] = [
                (.pix, .paid, 3_980, [photos.id!], 0), (.pix, .paid, 2_990, [], 0), (.pix, .pending, 2_990, [], nil),
                (.pix, .abandoned, 3_980, [photos.id!], nil), (.creditCard, .paid, 7_970, [call.id!], 2),
                (.creditCard, .failed, 2_990, [], nil),
                (.pix, .paid, 9_999, [], 40),
            ]
            for (method, status, total, bumps, paidDaysAgo) in rows {
                let checkout = Checkout(
                    userID: nil, planID: plan.id, paymentMethod: method, orderBumpIDs: bumps, totalAmount: total)
                checkout.status = status
                checkout.paidAt = paidDaysAgo.map { now.addingTimeInterval(-$0 * day) }
                try await checkout.create(on: app.db)
            }
            // The 40-day-old payment was made 40 days ago too: outside every 30-day figure.
            try await app.sql.raw(
                "UPDATE checkouts SET created_at = \(bind: now.addingTimeInterval(-40 * day)) WHERE total_amount = 9999"
            ).run()
            for (email, endsIn) in [("a@example.com", 3.0), ("b@example.com", 10.0), ("c@example.com", -1.0)] {
                let user = try await app.makeUser(email)
                try await Subscription(
                    userID: user.id, planID: plan.id, startDate: now.addingTimeInterval(-day),
                    endDate: now.addingTimeInterval(endsIn * day), status: .active
                ).create(on: app.db)
            }

            let report = try await RevenueReport.load(on: app.db, now: now)

            #expect(report.days.count == 30)
            #expect(report.days.last?.day == SiteClock.dayKey(now))
            #expect(report.days.last?.revenueCents == 3_980 + 2_990)
            #expect(report.days.last?.paidCount == 2)
            #expect(report.days[report.days.count - 3].revenueCents == 7_970)
            #expect(report.totalRevenueCents == 3_980 + 2_990 + 7_970)
            #expect(
                report.conversions == [
                    .init(method: .pix, created: 4, paid: 2), .init(method: .creditCard, created: 2, paid: 1),
                ])
            #expect(report.bumpTakes.map(\.taken) == [2, 1])
            #expect(report.bumpTakes.allSatisfy { $0.checkouts == 6 })
            #expect(report.activeSubscribers == 2, "the one whose end has passed is not counted")
            #expect(report.expiringThisWeek.map(\.userEmail) == ["a@example.com"])

            var browser = try await app.adminBrowser()
            let page = try await browser.get(AdminURL.revenue.path)
            #expect(page.status == .ok)
            #expect(page.text.contains(#"<svg class="chart""#))
            #expect(page.text.contains(#"role="img""#))
            #expect(page.text.contains("R$ 149,40"))
            #expect(page.text.contains("50,0% (2/4)"))
            #expect(page.text.contains("a@example.com"))
            let (api, json) = try await APIClient.send(
                app, .GET, APIURL.adminRevenue.path, token: try await APIClient.adminToken(app))
            #expect(api.status == .ok)
            #expect(APIClient.int(json?["total_revenue"]) == 14_940)
            #expect(APIClient.int(json?["active_subscribers"]) == 2)
        }
    }
}
