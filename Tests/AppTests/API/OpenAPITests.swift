import APISchema
import Accounts
import DatabaseTestBed
import Fluent
import Foundation
import Payments
import Schema
import Testing
import Vapor
import VaporTesting
import Whitelabel

@testable import App

/// The OpenAPI document stays true: every route is in it, and every response the API gives has the status and
/// the shape that the document promises.
@Suite struct OpenAPITests {
    @Test func everyAPIRouteIsInTheDocumentAndNothingElse() async throws {
        try await withApp(.sqlite) { app in
            let routed = Set(
                app.routes.all.compactMap { route -> String? in
                    let path =
                        "/"
                        + route.path.map { component -> String in
                            if case .parameter(let name) = component { return "{\(name)}" }
                            return component.description
                        }.joined(separator: "/")
                    guard
                        path.hasPrefix(APIURL.anyVersionPrefix) || path == OpenAPIDocument.path
                            || path == SiteURL.healthz.path
                    else { return nil }
                    return "\(route.method.rawValue) \(path)"
                })
            let document = OpenAPIDocument.document()
            guard case .object(let paths)? = document["paths"] else {
                Issue.record("the document has no paths")
                return
            }
            let documented = Set(
                paths.flatMap { path, item -> [String] in
                    guard case .object(let methods) = item else { return [] }
                    return methods.keys.map { "\($0.uppercased()) \(path)" }
                })
            #expect(routed == documented)
            #expect(documented.count > 20)
        }
    }

    @Test func theDocumentIsServedAsOpenAPI31() async throws {
        try await withApp(.sqlite) { app in
            try await app.testing().test(.GET, OpenAPIDocument.path) { response in
                #expect(response.status == .ok)
                let document = try JSONDecoder().decode(JSONValue.self, from: response.body)
                #expect(document["openapi"] == "3.1.0")
                #expect(document["components"]?["schemas"]?["User"] != nil)
            }
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func everyOperationAnswersAsDocumented(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            var tour = APITour(app: app)
            try await tour.run()
            #expect(tour.problems.isEmpty, "\(tour.problems.joined(separator: "\n"))")
            let documented = Set(OpenAPIDocument.operations.map { "\($0.method.rawValue) \($0.path)" })
            #expect(
                tour.visited == documented, "operations the tour did not call: \(documented.subtracting(tour.visited))")
        }
    }
}

/// Calls every API operation, the way a client would, and checks each answer against the document.
struct APITour {
    let app: Application
    var problems: [String] = []
    var visited: Set<String> = []
    let validator = SchemaValidator(components: OpenAPIDocument.components)

    mutating func run() async throws {
        // Accounts.
        let registered = try await call(
            .POST, APIURL.register.path, body: ["name": "Ana", "email": "ana@example.com", "password": "senha-da-ana"],
            expect: .created)
        let userToken = try #require(registered?["token"].flatMap { if case .string(let s) = $0 { s } else { nil } })
        _ = try await call(
            .POST, APIURL.register.path, body: ["name": "Ana", "email": "ana@example.com", "password": "senha-da-ana"],
            expect: .conflict)
        _ = try await call(
            .POST, APIURL.register.path, body: ["name": "", "email": "x", "password": "1"], expect: .unprocessableEntity
        )
        _ = try await call(.GET, APIURL.me.path, token: userToken)
        _ = try await call(.GET, APIURL.me.path, expect: .unauthorized)
        _ = try await call(
            .PUT, APIURL.myPassword.path, token: userToken,
            body: ["current_password": "errada", "new_password": "nova-senha-1"], expect: .unprocessableEntity)
        _ = try await call(
            .PUT, APIURL.myPassword.path, token: userToken,
            body: ["current_password": "senha-da-ana", "new_password": "nova-senha-1"], expect: .noContent)
        _ = try await call(.GET, APIURL.adminDashboard.path, token: userToken, expect: .forbidden)
        _ = try await call(
            .POST, APIURL.login.path, body: ["email": "ana@example.com", "password": "errada"], expect: .unauthorized)
        _ = try await call(.POST, APIURL.logout.path, token: userToken, expect: .noContent)
        _ = try await call(.GET, APIURL.me.path, token: userToken, expect: .unauthorized)
        _ = try await call(.POST, APIURL.passwordReset.path, body: ["email": "ana@example.com"], expect: .accepted)
        _ = try await call(.POST, APIURL.passwordReset.path, body: ["email": "x"], expect: .unprocessableEntity)
        _ = try await call(
            .POST, APIURL.passwordResetConfirm.path, body: ["token": "inventado", "password": "nova-senha-2"],
            expect: .unprocessableEntity)

        // Admin.
        try await app.makeUser("admin@example.com", password: "senha-admin-1", role: .admin)
        let login = try await call(
            .POST, APIURL.login.path, body: ["email": "admin@example.com", "password": "senha-admin-1"])
        let admin = try #require(login?["token"].flatMap { if case .string(let s) = $0 { s } else { nil } })
        _ = try await call(.GET, APIURL.adminDashboard.path, token: admin)
        _ = try await call(.GET, APIURL.adminEmails.path + "?status=pending&kind=password_reset&page=1", token: admin)
        let created = try await call(
            .POST, APIURL.adminUsers.path, token: admin,
            body: ["name": "Bia", "email": "bia@example.com", "password": "senha-da-bia", "role": "user"],
            expect: .created)
        let biaID = try #require(created?["id"].flatMap { if case .number(let n) = $0 { Int(n) } else { nil } })
        try await Checkout(userID: biaID, planID: nil, paymentMethod: .pix, totalAmount: 4990).create(on: app.db)
        _ = try await call(.GET, APIURL.adminUsers.path + "?q=BIA&page=1", token: admin)
        _ = try await call(.GET, APIURL.adminUser(biaID).path, token: admin)
        _ = try await call(.GET, APIURL.adminUser(999999).path, token: admin, expect: .notFound)
        _ = try await call(.PATCH, APIURL.adminUser(biaID).path, token: admin, body: ["name": "Bia Lima"])
        _ = try await call(
            .PATCH, APIURL.adminUser(biaID).path, token: admin, body: ["email": "admin@example.com"], expect: .conflict)
        _ = try await call(
            .PUT, APIURL.adminUserPassword(biaID).path, token: admin, body: ["password": "senha-nova-1"],
            expect: .noContent)
        _ = try await call(.DELETE, APIURL.adminUser(biaID).path, token: admin, expect: .conflict)
        let idle = try await call(
            .POST, APIURL.adminUsers.path, token: admin,
            body: ["name": "Caio", "email": "caio@example.com", "password": "senha-do-caio"], expect: .created)
        let idleID = try #require(idle?["id"].flatMap { if case .number(let n) = $0 { Int(n) } else { nil } })
        _ = try await call(.DELETE, APIURL.adminUser(idleID).path, token: admin, expect: .noContent)

        let contact = try await call(
            .POST, APIURL.adminSupportContacts.path, token: admin,
            body: ["platform": "WhatsApp", "url": "https://wa.me/5511999990000"], expect: .created)
        let contactID = try #require(contact?["id"].flatMap { if case .number(let n) = $0 { Int(n) } else { nil } })
        _ = try await call(
            .POST, APIURL.adminSupportContacts.path, token: admin,
            body: ["platform": "X", "url": "javascript:alert(1)"], expect: .unprocessableEntity)
        _ = try await call(.GET, APIURL.adminSupportContacts.path, token: admin)
        _ = try await call(.GET, APIURL.adminSupportContact(contactID).path, token: admin)
        _ = try await call(
            .PUT, APIURL.adminSupportContact(contactID).path, token: admin,
            body: ["platform": "WhatsApp", "url": "https://wa.me/5511999991111", "is_active": false])
        _ = try await call(.DELETE, APIURL.adminSupportContact(contactID).path, token: admin, expect: .noContent)

        _ = try await call(.PUT, APIURL.adminSetting(key: "site_name").path, token: admin, body: ["value": "Musas"])
        _ = try await call(.PUT, APIURL.adminSetting(key: "pixel.meta").path, token: admin, body: ["value": "123"])
        _ = try await call(
            .PUT, APIURL.adminSetting(key: "language").path, token: admin, body: ["value": "fr"],
            expect: .unprocessableEntity)
        _ = try await call(.GET, APIURL.adminSettings.path, token: admin)
        _ = try await call(
            .DELETE, APIURL.adminSetting(key: "site_name").path, token: admin, expect: .unprocessableEntity)
        _ = try await call(.DELETE, APIURL.adminSetting(key: "pixel.meta").path, token: admin, expect: .noContent)

        // The site's own catalogue.
        let newModel = try await call(
            .POST, APIURL.adminModels.path, token: admin,
            body: [
                "name": "Júlia Andrade", "description": "Fotógrafa.", "icon_url": "https://cdn.example.com/j.png",
                "is_featured": true,
            ], expect: .created)
        let creatorID = try #require(newModel?["id"].flatMap { if case .number(let n) = $0 { Int(n) } else { nil } })
        _ = try await call(
            .POST, APIURL.adminModels.path, token: admin, body: ["name": "", "icon_url": "javascript:alert(1)"],
            expect: .unprocessableEntity)
        _ = try await call(
            .PUT, APIURL.adminModel(creatorID).path, token: admin, body: ["name": "Júlia A.", "is_advertiser": true])
        _ = try await call(.PUT, APIURL.adminModel(999999).path, token: admin, body: ["name": "X"], expect: .notFound)
        _ = try await call(
            .PUT, APIURL.adminModel(creatorID).path, token: admin,
            body: ["name": .string(String(repeating: "x", count: 101))], expect: .unprocessableEntity)
        let newPost = try await call(
            .POST, APIURL.adminModelPosts(creatorID).path, token: admin,
            body: ["title": "Praia", "content_url": "https://cdn.example.com/p.jpg", "type": "image"], expect: .created)
        let postID = try #require(newPost?["id"].flatMap { if case .number(let n) = $0 { Int(n) } else { nil } })
        _ = try await call(
            .POST, APIURL.adminModelPosts(creatorID).path, token: admin, body: ["content_url": "ftp://x"],
            expect: .unprocessableEntity)
        _ = try await call(
            .POST, APIURL.adminModelPosts(999999).path, token: admin,
            body: ["content_url": "https://cdn.example.com/p.jpg"], expect: .notFound)
        _ = try await call(
            .PUT, APIURL.adminPost(postID).path, token: admin,
            body: ["title": "Praia 2", "content_url": "https://cdn.example.com/v.mp4", "type": "video"])
        _ = try await call(
            .PUT, APIURL.adminPost(postID).path, token: admin, body: ["content_url": ""], expect: .unprocessableEntity)
        _ = try await call(
            .PUT, APIURL.adminPost(999999).path, token: admin, body: ["content_url": "https://cdn.example.com/v.mp4"],
            expect: .notFound)
        _ = try await call(.GET, APIURL.models.path + "?q=julia&order=most_posts")
        _ = try await call(.GET, APIURL.model(creatorID).path)
        _ = try await call(.GET, APIURL.model(creatorID).path + "?before=\(postID)", token: admin)
        _ = try await call(.GET, APIURL.model(999999).path, expect: .notFound)
        _ = try await call(.GET, APIURL.post(postID).path)
        _ = try await call(.GET, APIURL.post(postID).path, token: admin)
        _ = try await call(.GET, APIURL.post(999999).path, expect: .notFound)
        _ = try await call(.DELETE, APIURL.adminModel(creatorID).path, token: admin, expect: .conflict)
        _ = try await call(.DELETE, APIURL.adminPost(postID).path, token: admin, expect: .noContent)
        _ = try await call(.DELETE, APIURL.adminPost(postID).path, token: admin, expect: .notFound)
        _ = try await call(
            .POST, APIURL.adminModelPosts(creatorID).path, token: admin,
            body: ["content_url": "https://cdn.example.com/q.jpg"], expect: .created)
        _ = try await call(
            .DELETE, APIURL.adminModel(creatorID).path + "?with_posts=true", token: admin, expect: .noContent)
        _ = try await call(.DELETE, APIURL.adminModel(creatorID).path, token: admin, expect: .notFound)
        _ = try await call(.POST, APIURL.adminModels.path, token: userToken, body: ["name": "X"], expect: .unauthorized)

        // Plans and order bumps.
        let plan = try await call(
            .POST, APIURL.adminPlans.path, token: admin,
            body: [
                "name": "Mensal", "price": 2990, "duration_days": 30,
                "benefits": .array(["Tudo liberado", "Novidades toda semana"]), "cta_text": "Assinar",
            ], expect: .created)
        let planID = try #require(plan?["id"].flatMap { if case .number(let n) = $0 { Int(n) } else { nil } })
        _ = try await call(
            .POST, APIURL.adminPlans.path, token: admin,
            body: [
                "name": "", "price": 0, "duration_days": 0, "checkout_url": "http://x", "accepts_pix": false,
                "accepts_card": false,
            ], expect: .unprocessableEntity)
        _ = try await call(
            .PUT, APIURL.adminPlan(planID).path, token: admin,
            body: ["name": "Mensal", "price": 3490, "duration_days": 30, "accepts_card": false])
        _ = try await call(
            .PUT, APIURL.adminPlan(999999).path, token: admin, body: ["name": "X", "price": 100, "duration_days": 1],
            expect: .notFound)
        _ = try await call(
            .PUT, APIURL.adminPlan(planID).path, token: admin,
            body: ["name": "Mensal", "price": -1, "duration_days": 30], expect: .unprocessableEntity)
        _ = try await call(.GET, APIURL.plans.path)
        let bump = try await call(
            .POST, APIURL.adminOrderBumps.path, token: admin,
            body: ["name": "Pack extra", "price": 990, "display_order": 1], expect: .created)
        let bumpID = try #require(bump?["id"].flatMap { if case .number(let n) = $0 { Int(n) } else { nil } })
        _ = try await call(
            .POST, APIURL.adminOrderBumps.path, token: admin,
            body: ["name": "Ruim", "price": 990, "image_url": "javascript:x"], expect: .unprocessableEntity)
        _ = try await call(
            .PUT, APIURL.adminOrderBump(bumpID).path, token: admin,
            body: ["name": "Pack extra", "price": 1290, "is_active": false])
        _ = try await call(
            .PUT, APIURL.adminOrderBump(999999).path, token: admin, body: ["name": "X", "price": 1], expect: .notFound)
        _ = try await call(
            .PUT, APIURL.adminOrderBump(bumpID).path, token: admin, body: ["name": "", "price": 1],
            expect: .unprocessableEntity)
        _ = try await call(.GET, APIURL.orderBumps.path)
        _ = try await call(.GET, APIURL.adminOrderBumps.path, token: admin)
        _ = try await call(.DELETE, APIURL.adminOrderBump(bumpID).path, token: admin, expect: .noContent)
        _ = try await call(.DELETE, APIURL.adminOrderBump(bumpID).path, token: admin, expect: .notFound)
        try await Checkout(userID: nil, planID: planID, paymentMethod: .pix, totalAmount: 3490).create(on: app.db)
        _ = try await call(.DELETE, APIURL.adminPlan(planID).path, token: admin, expect: .conflict)
        let spare = try await call(
            .POST, APIURL.adminPlans.path, token: admin, body: ["name": "Anual", "price": 29900, "duration_days": 365],
            expect: .created)
        let spareID = try #require(spare?["id"].flatMap { if case .number(let n) = $0 { Int(n) } else { nil } })
        _ = try await call(.DELETE, APIURL.adminPlan(spareID).path, token: admin, expect: .noContent)
        _ = try await call(.DELETE, APIURL.adminPlan(spareID).path, token: admin, expect: .notFound)
        let checkoutBody: [String: JSONValue] = [
            "plan_id": .number(Double(planID)), "method": "pix", "password": "senha-da-nova-1",
            "customer": .object([
                "name": "Nova", "email": "nova@example.com", "cpf": "52998224725", "phone": "11912345678",
            ]),
        ]
        _ = try await call(.POST, APIURL.checkouts.path, body: checkoutBody, expect: .serviceUnavailable)

        // Payment postbacks.
        let sandbox = SandboxGateway(secret: "whsec_tour", pix: .init(key: "k", merchantName: "n", merchantCity: "c"))
        try await PaymentGateway(
            name: "sandbox", secretKey: try SecretBox(appSecret: app.configuration.appSecret).seal("whsec_tour"),
            takesCard: true, takesPix: true
        )
        .create(on: app.db)
        let tour = Checkout(userID: nil, planID: nil, externalID: "sbx_tour", paymentMethod: .pix, totalAmount: 4990)
        tour.gateway = "sandbox"
        try await tour.create(on: app.db)
        func postback(_ eventID: String, amount: Int, secret: SandboxGateway) throws -> (
            headers: [String: String], data: Data
        ) {
            let signed = try secret.signedPostback(
                PostbackEvent(
                    eventID: eventID, chargeID: "sbx_tour", status: .paid, amountCents: amount, reference: nil),
                at: Date())
            return (signed.headers, signed.body)
        }
        _ = try await call(
            .POST, APIURL.webhook(gateway: "sandbox").path,
            rawBody: try postback("evt_bad_amount", amount: 1, secret: sandbox), expect: .unprocessableEntity)
        _ = try await call(
            .POST, APIURL.webhook(gateway: "sandbox").path,
            rawBody: try postback("evt_tour", amount: 4990, secret: sandbox))
        let forger = SandboxGateway(secret: "guess", pix: .init(key: "k", merchantName: "n", merchantCity: "c"))
        _ = try await call(
            .POST, APIURL.webhook(gateway: "sandbox").path,
            rawBody: try postback("evt_forged", amount: 4990, secret: forger), expect: .unauthorized)
        _ = try await call(
            .POST, APIURL.webhook(gateway: "nenhum").path,
            rawBody: try postback("evt_x", amount: 4990, secret: sandbox), expect: .notFound)
        // An API Pix callback, with no API Pix gateway set up here (APIPixTests walks one that is).
        _ = try await call(
            .POST, APIURL.providerCallback(gateway: "apipix", token: "not-the-token", callback: "rec").path,
            rawBody: (["content-type": "application/json"], Data(#"{"recs":[]}"#.utf8)), expect: .notFound)
        let started = try await call(.POST, APIURL.checkouts.path, body: checkoutBody, expect: .created)
        _ = try await call(.POST, APIURL.checkouts.path, body: checkoutBody, expect: .conflict)
        _ = try await call(
            .POST, APIURL.checkouts.path,
            body: [
                "plan_id": .number(Double(planID)), "method": "pix",
                "customer": .object(["name": "", "email": "x", "cpf": "1", "phone": "2"]),
            ], expect: .unprocessableEntity)
        if case .string(let statusURL)? = started?["status_url"] {
            _ = try await call(.GET, statusURL)
            _ = try await call(.GET, APIURL.checkout(999999).path + "?token=nope", expect: .notFound)
        } else {
            problems.append("no status_url in the started checkout")
        }

        // The member's own subscription: none while the checkout is pending, then a recurring card one.
        let member = try #require(
            try await call(
                .POST, APIURL.login.path, body: ["email": "nova@example.com", "password": "senha-da-nova-1"])?[
                    "token"
                ].flatMap { if case .string(let s) = $0 { s } else { nil } })
        _ = try await call(.GET, APIURL.mySubscription.path, expect: .unauthorized)
        _ = try await call(.GET, APIURL.mySubscription.path, token: member, expect: .notFound)
        _ = try await call(.POST, APIURL.mySubscriptionCancel.path, token: member, expect: .notFound)
        let novaID = try #require(try await User.query(on: app.db).filter(\.$email == "nova@example.com").first()?.id)
        let running = Subscription(
            userID: novaID, planID: planID, startDate: Date(), endDate: Date().addingTimeInterval(20 * 86_400),
            status: .active)
        running.billingPeriod = "P1M"
        running.periodAnchor = running.startDate
        running.cyclesPaid = 1
        running.renewalPrice = 3_490
        try await running.create(on: app.db)
        _ = try await call(.GET, APIURL.mySubscription.path, token: member)
        _ = try await call(.POST, APIURL.mySubscriptionResume.path, token: member, expect: .unprocessableEntity)
        running.renewalGateway = "sandbox"
        running.renewalMethod = "credit_card"
        running.renewalReference = "sbxcard_tour"
        try await running.save(on: app.db)
        _ = try await call(.POST, APIURL.mySubscriptionCancel.path, token: member)
        _ = try await call(.POST, APIURL.mySubscriptionResume.path, token: member)
        _ = try await call(
            .POST, APIURL.mySubscriptionPlan.path, token: member, body: ["plan_id": 999999],
            expect: .unprocessableEntity)
        _ = try await call(.POST, APIURL.mySubscriptionPlan.path, token: member, body: ["plan_id": .null])
        _ = try await call(.GET, APIURL.myPayments.path, token: member)
        _ = try await call(.GET, APIURL.myPayments.path, expect: .unauthorized)
        _ = try await call(.POST, APIURL.adminSubscriptionStopRenewal(running.id).path, token: admin)
        _ = try await call(
            .POST, APIURL.adminSubscriptionStopRenewal(running.id).path, token: admin, body: ["note": "de novo"],
            expect: .conflict)
        _ = try await call(.POST, APIURL.adminSubscriptionStopRenewal(999999).path, token: admin, expect: .notFound)
        // What the sandbox doesn't renew has no renewal to simulate (paid over HTTP in AutomaticRenewalsTests).
        _ = try await call(
            .POST, APIURL.adminSubscriptionSimulateRenewal(running.id).path, token: admin, body: ["status": "paid"],
            expect: .conflict)
        _ = try await call(
            .POST, APIURL.adminSubscriptionSimulateRenewal(999999).path, token: admin, expect: .notFound)

        // Payment gateways, checkouts, subscriptions and revenue, as the admin sees them.
        _ = try await call(.GET, APIURL.adminGateways.path, token: admin)
        let gateway = try await call(
            .POST, APIURL.adminGateways.path, token: admin,
            body: ["name": "mercadopago", "secret_key": "APP_USR-tour", "webhook_secret": "whsec-tour"],
            expect: .created)
        let gatewayID = try #require(gateway?["id"].flatMap { if case .number(let n) = $0 { Int(n) } else { nil } })
        _ = try await call(
            .POST, APIURL.adminGateways.path, token: admin, body: ["name": "paypal", "secret_key": "x"],
            expect: .unprocessableEntity)
        _ = try await call(
            .POST, APIURL.adminGateways.path, token: admin,
            body: ["name": "mercadopago", "secret_key": "x", "webhook_secret": "y"], expect: .conflict)
        _ = try await call(
            .PUT, APIURL.adminGateway(gatewayID).path, token: admin, body: ["public_key": "APP_USR-public"])
        _ = try await call(
            .PUT, APIURL.adminGateway(999999).path, token: admin, body: ["public_key": "x"], expect: .notFound)
        _ = try await call(
            .PUT, APIURL.adminGateway(gatewayID).path, token: admin,
            body: ["secret_key": .string(String(repeating: "x", count: 501))], expect: .unprocessableEntity)
        _ = try await call(.DELETE, APIURL.adminGateway(gatewayID).path, token: admin, expect: .noContent)
        _ = try await call(.DELETE, APIURL.adminGateway(gatewayID).path, token: admin, expect: .notFound)
        let sandboxGateway = try #require(
            try await PaymentGateway.query(on: app.db).filter(\.$name == "sandbox").first())
        let secondGateway = try await call(
            .POST, APIURL.adminGateways.path, token: admin,
            body: ["name": "mercadopago", "secret_key": "t", "webhook_secret": "w", "is_active": true], expect: .created
        )
        _ = try await call(
            .DELETE,
            APIURL.adminGateway(
                try #require(secondGateway?["id"].flatMap { if case .number(let n) = $0 { Int(n) } else { nil } })
            ).path, token: admin, expect: .conflict)
        _ = try await call(
            .PUT, APIURL.adminGateway(sandboxGateway.id ?? 0).path, token: admin, body: ["is_active": true])

        let listed = try await call(
            .GET, APIURL.adminCheckouts.path + "?status=pending&method=pix&email=nova", token: admin)
        _ = try await call(
            .GET, APIURL.adminCheckouts.path + "?from=2026-13-01", token: admin, expect: .unprocessableEntity)
        _ = try await call(.GET, APIURL.adminCheckoutsCSV.path + "?status=paid", token: admin)
        _ = try await call(
            .GET, APIURL.adminCheckoutsCSV.path + "?method=boleto", token: admin, expect: .unprocessableEntity)
        if case .array(let rows)? = listed?["checkouts"], case .number(let firstID)? = rows.first?["id"] {
            _ = try await call(.GET, APIURL.adminCheckout(Int(firstID)).path, token: admin)
        } else {
            problems.append("no checkout in the admin list")
        }
        _ = try await call(.GET, APIURL.adminCheckout(999999).path, token: admin, expect: .notFound)
        let tourCheckout = try #require(
            try await Checkout.query(on: app.db).filter(\.$externalID == "sbx_tour").first())
        let foreign = Checkout(
            userID: nil, planID: nil, externalID: "1320000001", paymentMethod: .pix, totalAmount: 100)
        try await foreign.create(on: app.db)
        _ = try await call(
            .POST, APIURL.adminCheckoutSimulatePayment(foreign.id ?? 0).path, token: admin, body: ["status": "paid"],
            expect: .conflict)
        _ = try await call(
            .POST, APIURL.adminCheckoutSimulatePayment(999999).path, token: admin, body: [:], expect: .notFound)
        _ = tourCheckout

        let grant = try await call(
            .POST, APIURL.adminSubscriptions.path, token: admin,
            body: ["email": "admin@example.com", "plan_id": .number(Double(planID)), "days": 30, "note": "tour"],
            expect: .created)
        let grantedID = try #require(grant?["id"].flatMap { if case .number(let n) = $0 { Int(n) } else { nil } })
        _ = try await call(
            .POST, APIURL.adminSubscriptions.path, token: admin, body: ["email": "ninguem@example.com", "days": 0],
            expect: .unprocessableEntity)
        _ = try await call(.GET, APIURL.adminSubscriptions.path + "?status=active&email=admin", token: admin)
        _ = try await call(.POST, APIURL.adminSubscriptionExtend(grantedID).path, token: admin, body: ["days": 5])
        _ = try await call(
            .POST, APIURL.adminSubscriptionExtend(grantedID).path, token: admin, body: ["days": 99999],
            expect: .unprocessableEntity)
        _ = try await call(
            .POST, APIURL.adminSubscriptionExtend(999999).path, token: admin, body: ["days": 5], expect: .notFound)
        _ = try await call(.POST, APIURL.adminSubscriptionExpire(grantedID).path, token: admin, body: ["note": "tour"])
        _ = try await call(
            .POST, APIURL.adminSubscriptionExpire(grantedID).path, token: admin, body: [:], expect: .conflict)
        _ = try await call(
            .POST, APIURL.adminSubscriptionExpire(999999).path, token: admin, body: [:], expect: .notFound)
        _ = try await call(.GET, APIURL.adminSubscriptionAudits.path, token: admin)
        _ = try await call(.GET, APIURL.adminRevenue.path, token: admin)

        // Ads.
        _ = try await call(.GET, APIURL.adminAdRules.path, token: admin)
        let newAd = try await call(
            .POST, APIURL.adminAds.path, token: admin,
            body: [
                "name": "Banner tour", "type": "banner", "placement": "footer", "status": "active", "title": "Oferta",
                "link": "https://example.com/oferta", "priority": 3, "start_date": "2026-01-01T00:00:00Z",
            ], expect: .created)
        let adID = try #require(newAd?["id"].flatMap { if case .number(let n) = $0 { Int(n) } else { nil } })
        _ = try await call(
            .POST, APIURL.adminAds.path, token: admin,
            body: ["name": "X", "type": "hero", "placement": "footer", "title": "X", "link": "javascript:x"],
            expect: .unprocessableEntity)
        _ = try await call(.GET, APIURL.adminAds.path, token: admin)
        _ = try await call(.GET, APIURL.adminAd(adID).path, token: admin)
        _ = try await call(.GET, APIURL.adminAd(999999).path, token: admin, expect: .notFound)
        _ = try await call(.GET, APIURL.adminAdAnalytics(adID).path + "?from=2026-11-01&to=2026-11-26", token: admin)
        _ = try await call(
            .GET, APIURL.adminAdAnalytics(adID).path + "?from=2026-11-26&to=2026-11-01", token: admin,
            expect: .unprocessableEntity)
        _ = try await call(.GET, APIURL.adminAdAnalytics(999999).path, token: admin, expect: .notFound)
        _ = try await call(.GET, APIURL.adminAdPlacements.path + "?from=2026-11-01&to=2026-11-26", token: admin)
        _ = try await call(
            .GET, APIURL.adminAdPlacements.path + "?from=2026-11-26&to=2026-11-01", token: admin,
            expect: .unprocessableEntity)
        _ = try await call(
            .PUT, APIURL.adminAd(adID).path, token: admin,
            body: [
                "name": "Banner tour", "type": "banner", "placement": "footer", "status": "active", "title": "Oferta 2",
                "link": "https://example.com/oferta",
            ])
        _ = try await call(
            .PUT, APIURL.adminAd(999999).path, token: admin,
            body: ["name": "X", "type": "banner", "placement": "footer", "title": "X", "link": "https://example.com"],
            expect: .notFound)
        _ = try await call(
            .PUT, APIURL.adminAd(adID).path, token: admin,
            body: ["name": "", "type": "banner", "placement": "footer", "title": "X", "link": "https://example.com"],
            expect: .unprocessableEntity)
        _ = try await call(.GET, APIURL.ads.path + "?placement=footer&limit=2")
        _ = try await call(.GET, APIURL.ads.path + "?placement=teto", expect: .unprocessableEntity)
        let copied = try await call(.POST, APIURL.adminAdDuplicate(adID).path, token: admin, expect: .created)
        _ = try await call(.POST, APIURL.adminAdDuplicate(999999).path, token: admin, expect: .notFound)
        _ = try await call(.POST, APIURL.adminAdPause(adID).path, token: admin)
        _ = try await call(.POST, APIURL.adminAdPause(999999).path, token: admin, expect: .notFound)
        _ = try await call(.POST, APIURL.adminAdResume(adID).path, token: admin)
        _ = try await call(.POST, APIURL.adminAdResume(999999).path, token: admin, expect: .notFound)
        if case .number(let copyID)? = copied?["id"] {
            _ = try await call(.DELETE, APIURL.adminAd(Int(copyID)).path, token: admin, expect: .noContent)
        }
        _ = try await call(.DELETE, APIURL.adminAd(999999).path, token: admin, expect: .notFound)

        // Whitelabel.
        for key in [
            "whitelabel/ana/icon.png", "whitelabel/ana/p 1/1.jpg", "whitelabel/ana/p 1/2.mp4", "whitelabel/bia/p/1.jpg",
        ] {
            try await app.objectStore.put(key, data: Data(key.utf8), contentType: nil)
        }
        _ = try await WhitelabelSync(database: app.db, store: app.objectStore, options: .init(prefix: "whitelabel/"))
            .run()
        let models = try await call(.GET, APIURL.adminWhitelabelModels.path + "?status=new", token: admin)
        guard case .array(let cards)? = models?["models"], case .number(let first)? = cards.first?["id"] else {
            problems.append("no models to moderate")
            return
        }
        let modelID = Int(first)
        _ = try await call(
            .POST, APIURL.adminWhitelabelModelsStatus.path, token: admin,
            body: ["ids": .array([.number(first)]), "status": "active"])
        _ = try await call(
            .POST, APIURL.adminWhitelabelModelsStatus.path, token: admin, body: ["status": "active"],
            expect: .unprocessableEntity)
        _ = try await call(
            .PATCH, APIURL.adminWhitelabelModel(modelID).path, token: admin,
            body: ["thumbnail_url": "https://cdn.example.com/t.png"])
        _ = try await call(
            .PATCH, APIURL.adminWhitelabelModel(modelID).path, token: admin, body: ["icon_url": "javascript:x"],
            expect: .unprocessableEntity)
        _ = try await call(
            .PATCH, APIURL.adminWhitelabelModel(999999).path, token: admin, body: ["status": "hidden"],
            expect: .notFound)
        _ = try await call(.GET, APIURL.whitelabelModels.path + "?order=most_posts")
        _ = try await call(.GET, APIURL.whitelabelModelPosts(modelID).path)
        _ = try await call(.GET, APIURL.whitelabelModelPosts(modelID).path, token: admin)
        _ = try await call(.GET, APIURL.whitelabelModelPosts(999999).path, expect: .notFound)
        _ = try await call(.GET, APIURL.adminWhitelabelSyncReports.path, token: admin)
        _ = try await call(
            .POST, APIURL.adminWhitelabelSync.path, token: admin, body: ["prune": false], expect: .accepted)
    }

    /// Sends one request, checks its status is the expected one and documented, validates its body, and returns it.
    mutating func call(
        _ method: HTTPMethod, _ path: String, token: String? = nil, body: [String: JSONValue]? = nil,
        rawBody: (headers: [String: String], data: Data)? = nil, expect expected: HTTPResponseStatus = .ok
    ) async throws -> JSONValue? {
        var headers = HTTPHeaders()
        if let token { headers.bearerAuthorization = .init(token: token) }
        var buffer: ByteBuffer?
        if let body {
            headers.contentType = .json
            buffer = ByteBuffer(data: try JSONEncoder().encode(JSONValue.object(body)))
        }
        if let rawBody {
            for (name, value) in rawBody.headers { headers.replaceOrAdd(name: name, value: value) }
            buffer = ByteBuffer(data: rawBody.data)
        }
        let response = try await app.testing().sendRequest(method, path, headers: headers, body: buffer)
        let label = "\(method.rawValue) \(path)"
        if response.status != expected {
            problems.append(
                "\(label): \(response.status.code), expected \(expected.code): \(response.body.getString(at: 0, length: response.body.readableBytes) ?? "")"
            )
        }

        let pathOnly = String(path.split(separator: "?").first ?? "")
        // A literal segment wins over a parameter, as in the router: `/ads/placements` is not `/ads/{id}`.
        let candidates = OpenAPIDocument.operations.filter { $0.method == method && Self.matches($0.path, pathOnly) }
        guard
            let operation = candidates.min(by: {
                $0.path.filter { $0 == "{" }.count < $1.path.filter { $0 == "{" }.count
            })
        else {
            problems.append("\(label): no documented operation")
            return nil
        }
        visited.insert("\(operation.method.rawValue) \(operation.path)")
        guard let documented = operation.responses.first(where: { $0.status == response.status }) else {
            problems.append("\(label): status \(response.status.code) is not documented")
            return nil
        }
        guard let schema = documented.schema else {
            if response.body.readableBytes > 0 { problems.append("\(label): documented without a body, but has one") }
            return nil
        }
        if case .text(let mediaType) = schema {
            if response.headers.contentType?.serialize().hasPrefix(mediaType) != true {
                problems.append("\(label): not \(mediaType)")
            }
            return .string(response.body.getString(at: 0, length: response.body.readableBytes) ?? "")
        }
        let json = try JSONDecoder().decode(JSONValue.self, from: response.body)
        problems += validator.problems(json, against: schema).map { "\(label): \($0)" }
        return json
    }

    static func matches(_ template: String, _ path: String) -> Bool {
        let templateParts = template.split(separator: "/"), pathParts = path.split(separator: "/")
        guard templateParts.count == pathParts.count else { return false }
        return zip(templateParts, pathParts).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
    }
}

extension JSONValue: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
}
