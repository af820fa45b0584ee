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

    /// Mercado Pago, created through the API with a secret key and a webhook secret: its answer and its row.
    static func mercadoPagoWithSecrets(_ app: Application, token: String) async throws -> (
        created: TestingHTTPResponse, json: JSONValue?, stored: PaymentGateway
    ) {
        let (created, json) = try await APIClient.send(
            app, .POST, APIURL.adminGateways.path, token: token,
            body: [
                "name": "mercadopago", "public_key": "APP_USR-public", "secret_key": "APP_USR-very-secret-token",
                "webhook_secret": "whsec-hidden",
            ])
        return (created, json, try #require(try await PaymentGateway.query(on: app.db).first()))
    }

    @Test(arguments: DatabaseKind.underTest)
    func aGatewaysSecretsAreStoredSealed(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let (created, json, stored) = try await Self.mercadoPagoWithSecrets(
                app, token: try await APIClient.adminToken(app))

            #expect(created.status == .created)
            #expect(json?["has_secret_key"] == .bool(true))
            #expect(json?["has_webhook_secret"] == .bool(true))
            #expect(
                APIClient.string(json?["postback_url"])?.hasSuffix(APIURL.webhook(gateway: "mercadopago").path)
                    == true)
            let box = SecretBox(appSecret: app.configuration.appSecret)
            #expect(stored.secretKey?.hasPrefix("v1:") == true)
            #expect(stored.secretKey?.contains("very-secret") == false)
            #expect(try box.open(stored.secretKey ?? "") == "APP_USR-very-secret-token")
            #expect(try box.open(stored.webhookSecret ?? "") == "whsec-hidden")
            #expect(stored.isActive, "the first gateway takes payments by itself")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aSealedSecretIsNeverShownAgain(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let token = try await APIClient.adminToken(app)
            let (_, _, stored) = try await Self.mercadoPagoWithSecrets(app, token: token)
            var browser = try await app.adminBrowser()
            let id = try stored.requireID()

            // Not in the API, not in the admin's pages, not in the form.
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
            #expect(answers[2].contains(APIURL.webhook(gateway: "mercadopago").path), "the form shows the postback URL")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func anEmptySecretKeepsTheStoredOneAndANewOneReplacesIt(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let token = try await APIClient.adminToken(app)
            let (_, _, stored) = try await Self.mercadoPagoWithSecrets(app, token: token)
            let id = try stored.requireID()
            var browser = try await app.adminBrowser()

            let (kept, _) = try await APIClient.send(
                app, .PUT, APIURL.adminGateway(id).path, token: token, body: ["public_key": "APP_USR-public-2"])
            let keptSecret = try await PaymentGateway.find(id, on: app.db)?.secretKey
            let saved = try await browser.submit(
                AdminURL.gateway(id).path,
                [
                    "public_key": "APP_USR-public-3", "secret_key": "APP_USR-new", "takes_card": "true",
                    "takes_pix": "true",
                ])

            #expect(kept.status == .ok)
            #expect(keptSecret == stored.secretKey)
            #expect(saved.status == .seeOther)
            let box = SecretBox(appSecret: app.configuration.appSecret)
            #expect(try box.open(try await PaymentGateway.find(id, on: app.db)?.secretKey ?? "") == "APP_USR-new")
        }
    }

    /// The sandbox, then Mercado Pago created active: their ids.
    static func twoGateways(_ app: Application, token: String) async throws -> (sandbox: Int, mercadoPago: Int) {
        let (_, sandbox) = try await APIClient.send(
            app, .POST, APIURL.adminGateways.path, token: token, body: ["name": "sandbox", "secret_key": "s1"])
        let (_, mercadoPago) = try await APIClient.send(
            app, .POST, APIURL.adminGateways.path, token: token,
            body: ["name": "mercadopago", "secret_key": "t", "webhook_secret": "w", "is_active": true])
        return (try #require(APIClient.int(sandbox?["id"])), try #require(APIClient.int(mercadoPago?["id"])))
    }

    static func activeGatewayIDs(_ app: Application) async throws -> [Int?] {
        try await PaymentGateway.query(on: app.db).filter(\.$isActive == true).all().map(\.id)
    }

    @Test(arguments: DatabaseKind.underTest)
    func theFirstGatewayIsActiveAndANewActiveOneTakesOver(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let token = try await APIClient.adminToken(app)
            let (first, firstJSON) = try await APIClient.send(
                app, .POST, APIURL.adminGateways.path, token: token, body: ["name": "sandbox", "secret_key": "s1"])
            let activeAfterFirst = try await Self.activeGatewayIDs(app)
            let (second, secondJSON) = try await APIClient.send(
                app, .POST, APIURL.adminGateways.path, token: token,
                body: ["name": "mercadopago", "secret_key": "t", "webhook_secret": "w", "is_active": true])

            #expect(first.status == .created)
            #expect(firstJSON?["is_active"] == .bool(true))
            #expect(activeAfterFirst == [APIClient.int(firstJSON?["id"])])
            #expect(second.status == .created)
            #expect(secondJSON?["is_active"] == .bool(true))
            #expect(try await Self.activeGatewayIDs(app) == [APIClient.int(secondJSON?["id"])])
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func theActiveGatewayStaysOnWhileAnotherExists(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let token = try await APIClient.adminToken(app)
            let (_, active) = try await Self.twoGateways(app, token: token)

            let (off, offJSON) = try await APIClient.send(
                app, .PUT, APIURL.adminGateway(active).path, token: token, body: ["is_active": false])
            let (deleted, _) = try await APIClient.send(app, .DELETE, APIURL.adminGateway(active).path, token: token)

            #expect(off.status == .unprocessableEntity)
            #expect(offJSON?["error"]?["fields"]?["is_active"] != nil)
            #expect(deleted.status == .conflict)
            #expect(try await Self.activeGatewayIDs(app) == [active])
        }
    }

    static func methods(_ app: Application) async throws -> [String: (card: Bool, pix: Bool, active: Bool)] {
        Dictionary(
            uniqueKeysWithValues: try await PaymentGateway.query(on: app.db).all().map {
                ($0.name, ($0.takesCard, $0.takesPix, $0.isActive))
            })
    }

    @Test(arguments: DatabaseKind.underTest)
    func eachPaymentMethodGoesToOneGatewayAndMovesAsAWhole(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let token = try await APIClient.adminToken(app)
            let (sandbox, mercadoPago) = try await Self.twoGateways(app, token: token)
            // The older switch: Mercado Pago took every method from the sandbox.
            var methods = try await Self.methods(app)
            #expect(methods["mercadopago"]! == (true, true, true) && methods["sandbox"]! == (false, false, false))

            // Pix to the sandbox: cards stay at Mercado Pago, and both are active.
            let (pix, pixJSON) = try await APIClient.send(
                app, .PUT, APIURL.adminGateway(sandbox).path, token: token, body: ["takes_pix": true])
            #expect(pix.status == .ok, "\(pix.text)")
            #expect(pixJSON?["takes_pix"] == true && pixJSON?["takes_card"] == false && pixJSON?["is_active"] == true)
            methods = try await Self.methods(app)
            #expect(methods["mercadopago"]! == (true, false, true) && methods["sandbox"]! == (false, true, true))

            // Dropping a method no one else takes is refused by its field; so is deleting either.
            let (drop, dropJSON) = try await APIClient.send(
                app, .PUT, APIURL.adminGateway(mercadoPago).path, token: token, body: ["takes_card": false])
            #expect(drop.status == .unprocessableEntity)
            #expect(dropJSON?["error"]?["fields"]?["takes_card"] != nil, "\(drop.text)")
            for id in [sandbox, mercadoPago] {
                let (deleted, _) = try await APIClient.send(app, .DELETE, APIURL.adminGateway(id).path, token: token)
                #expect(deleted.status == .conflict)
            }
            // Saying again what a gateway does, or nothing about methods, changes nothing.
            let (same, _) = try await APIClient.send(
                app, .PUT, APIURL.adminGateway(mercadoPago).path, token: token,
                body: ["takes_card": true, "takes_pix": false, "public_key": "APP_USR-2"])
            #expect(same.status == .ok, "\(same.text)")
            #expect(try await Self.methods(app)["mercadopago"]! == (true, false, true))

            // Cards to the sandbox too: Mercado Pago takes nothing now, and may go.
            let (card, _) = try await APIClient.send(
                app, .PUT, APIURL.adminGateway(sandbox).path, token: token, body: ["takes_card": true])
            #expect(card.status == .ok, "\(card.text)")
            methods = try await Self.methods(app)
            #expect(methods["mercadopago"]! == (false, false, false) && methods["sandbox"]! == (true, true, true))
            let (deleted, _) = try await APIClient.send(
                app, .DELETE, APIURL.adminGateway(mercadoPago).path, token: token)
            #expect(deleted.status == .noContent)

            // The list and the form say which methods each takes.
            var browser = try await app.adminBrowser()
            let list = try await browser.get(AdminURL.gateways.path)
            #expect(list.text.contains("Recebe cartão e Pix"), "\(list.text)")
            let form = try await browser.get(AdminURL.gateway(sandbox).path)
            #expect(form.text.contains(#"name="takes_card""#) && form.text.contains(#"name="takes_pix""#))
        }
    }

    /// Admins giving Pix to one gateway and then another, all at once: each save waits its turn, none fails, and
    /// one gateway takes Pix at the end (an index holds it, whatever the code does).
    @Test(arguments: DatabaseKind.underTest)
    func concurrentSavesLeaveEachMethodAtOneGateway(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let token = try await APIClient.adminToken(app)
            let (sandbox, mercadoPago) = try await Self.twoGateways(app, token: token)
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for round in 0..<20 {
                    let id = round.isMultiple(of: 2) ? sandbox : mercadoPago
                    group.addTask {
                        try await APIClient.send(
                            app, .PUT, APIURL.adminGateway(id).path, token: token, body: ["takes_pix": true]
                        ).0.status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == .ok }, "\(statuses)")
            let rows = try await PaymentGateway.query(on: app.db).all()
            #expect(rows.filter(\.takesPix).count == 1)
            #expect(rows.filter(\.takesCard).map(\.name) == ["mercadopago"])
            #expect(rows.allSatisfy { $0.isActive == ($0.takesCard || $0.takesPix) })

            // And the index refuses a second one written past the code.
            let other = try #require(rows.first { !$0.takesPix })
            other.takesPix = true
            await #expect(throws: (any Error).self) { try await other.save(on: app.db) }
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func anUnknownProviderOrOneTwiceIsRefused(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let token = try await APIClient.adminToken(app)
            _ = try await Self.twoGateways(app, token: token)

            let (unknown, _) = try await APIClient.send(
                app, .POST, APIURL.adminGateways.path, token: token, body: ["name": "paypal", "secret_key": "x"])
            let (twice, _) = try await APIClient.send(
                app, .POST, APIURL.adminGateways.path, token: token, body: ["name": "sandbox", "secret_key": "x"])

            #expect(unknown.status == .unprocessableEntity)
            #expect(twice.status == .conflict)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func activatingTheOtherHandsOverAndThenEitherMayGo(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let token = try await APIClient.adminToken(app)
            let (sandbox, mercadoPago) = try await Self.twoGateways(app, token: token)

            let (activated, _) = try await APIClient.send(
                app, .PUT, APIURL.adminGateway(sandbox).path, token: token, body: ["is_active": true])
            let activeAfterHandOver = try await Self.activeGatewayIDs(app)
            let (inactiveDeleted, _) = try await APIClient.send(
                app, .DELETE, APIURL.adminGateway(mercadoPago).path, token: token)
            let (lastDeleted, _) = try await APIClient.send(
                app, .DELETE, APIURL.adminGateway(sandbox).path, token: token)

            #expect(activated.status == .ok)
            #expect(activeAfterHandOver == [sandbox])
            #expect(inactiveDeleted.status == .noContent)
            #expect(lastDeleted.status == .noContent, "the last may go: checkout then says payments are not set up")
            #expect(try await PaymentGateway.query(on: app.db).count() == 0)
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

    // The report's figures are tested in CommerceTests (`RevenueReportTests`); here, the page and the API that
    // show them.
    @Test(arguments: DatabaseKind.underTest)
    func theRevenuePageDrawsTheReport(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            try await app.db.makeSalesHistory(now: Date())
            var browser = try await app.adminBrowser()

            let page = try await browser.get(AdminURL.revenue.path)

            #expect(page.status == .ok)
            #expect(page.text.contains(#"<svg class="chart""#))
            #expect(page.text.contains(#"role="img""#))
            #expect(page.text.contains("R$ 149,40"))
            #expect(page.text.contains("50,0% (2/4)"))
            #expect(page.text.contains("a@example.com"))
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func theRevenueAPIAnswersTheReport(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            try await app.db.makeSalesHistory(now: Date())

            let (api, json) = try await APIClient.send(
                app, .GET, APIURL.adminRevenue.path, token: try await APIClient.adminToken(app))

            #expect(api.status == .ok)
            #expect(APIClient.int(json?["total_revenue"]) == 14_940)
            #expect(APIClient.int(json?["active_subscribers"]) == 2)
            if case .array(let months)? = json?["months"] {
                #expect(months.count == 12)
            } else {
                Issue.record("no months")
            }
            #expect(APIClient.int(json?["past_due_count"]) == 0)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func theRecurringRevenueDownloadsAsCSVMonthByMonth(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            var browser = try await app.adminBrowser()

            let csv = try await browser.get(AdminURL.revenueRecurringCSV.path)

            #expect(csv.status == .ok)
            #expect(csv.headers.contentType?.serialize().hasPrefix("text/csv") == true)
            let lines = csv.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(
                lines.first
                    == "month,mrr_cents,mrr,renewals,renewal_revenue_cents,failed_renewals,cancellations,expiries")
            #expect(lines.count == 13)
            let page = try await browser.get(AdminURL.revenue.path)
            #expect(page.text.contains(AdminURL.revenueRecurringCSV.path))
            #expect(page.text.contains("Nenhuma assinatura em atraso."))
        }
    }
}
