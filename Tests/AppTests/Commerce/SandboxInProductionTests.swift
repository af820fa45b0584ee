import DatabaseTestBed
import Fluent
import Foundation
import Payments
import Schema
import Testing
import Vapor
import VaporTesting

@testable import App

/// In production the sandbox hands out no free subscriptions: it can't be activated, its postbacks are refused,
/// and the checkout page never shows the test card; `ALLOW_SANDBOX_IN_PRODUCTION=true` lifts the first two.
@Suite struct SandboxInProductionTests {
    static func production(_ configuration: inout AppConfiguration) {
        configuration.isProduction = true
        configuration.allowsSandbox = false
    }

    @Test func onlyProductionWithoutTheFlagRefusesTheSandbox() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("cf-sandbox-\(UUID().uuidString)")
        let secret = ["APP_SECRET": String(repeating: "s", count: 40), "PUBLIC_URL": "https://www.example.com.br"]
        #expect(
            try AppConfiguration.load(from: secret, environment: .production, dataDirectory: data).allowsSandbox
                == false)
        #expect(
            try AppConfiguration.load(
                from: secret.merging(["ALLOW_SANDBOX_IN_PRODUCTION": "true"]) { $1 },
                environment: .production, dataDirectory: data
            ).allowsSandbox)
        #expect(try AppConfiguration.load(from: [:], environment: .testing, dataDirectory: data).allowsSandbox)
    }

    @Test(arguments: DatabaseKind.underTest)
    func theSandboxCantBeActivatedInProduction(_ kind: DatabaseKind) async throws {
        try await withApp(kind, configuration: Self.production) { app in
            let token = try await APIClient.adminToken(app)
            let (response, body) = try await APIClient.send(
                app, .POST, APIURL.adminGateways.path, token: token,
                body: ["name": "sandbox", "secret_key": "whsec_x", "is_active": true])
            #expect(response.status == .unprocessableEntity)
            #expect(body?["error"]?["fields"]?["is_active"] != nil)
            // Added without asking to be active, it stays off even as the only gateway.
            let (added, _) = try await APIClient.send(
                app, .POST, APIURL.adminGateways.path, token: token, body: ["name": "sandbox", "secret_key": "whsec_x"])
            #expect(added.status == .created)
            #expect(try await PaymentGateway.query(on: app.db).filter(\.$isActive == true).count() == 0)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aSandboxLeftActiveTakesNoPostbackAndNoCheckoutInProduction(_ kind: DatabaseKind) async throws {
        try await withApp(kind, configuration: Self.production) { app in
            // setup: a database that had the sandbox active before it went to production
            let setup = try await CommerceFixtures.postbackSetup(app)

            // MUT
            let postback = try await CommerceFixtures.sendPostback(
                app, CommerceFixtures.paidEvent("evt_free"), signedBy: setup.sandbox)
            var visitor = TestBrowser(app)
            let plan = try #require(try await Plan.query(on: app.db).first())
            let form = try await visitor.get(SiteURL.checkout(planID: plan.id).path)

            // validate
            #expect(postback.status == .forbidden)
            #expect(try await Checkout.find(setup.checkout.id, on: app.db)?.status == .pending)
            #expect(try await Subscription.query(on: app.db).count() == 0)
            #expect(!form.text.contains("4111"))
            #expect(!form.text.contains("card_number"))
            let started = try await visitor.submit(
                SiteURL.checkout(planID: plan.id).path,
                [
                    "name": "Nova Cliente", "email": "gratis@example.com", "cpf": "529.982.247-25",
                    "phone": "(11) 91234-5678",
                    "password": "senha-da-nova-1", "method": "pix",
                ])
            #expect(started.status == .serviceUnavailable)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func withTheFlagTheSandboxWorksButTheTestCardStaysHidden(_ kind: DatabaseKind) async throws {
        try await withApp(
            kind,
            configuration: {
                $0.isProduction = true; $0.allowsSandbox = true
            }
        ) { app in
            let setup = try await CommerceFixtures.postbackSetup(app)
            let plan = try #require(try await Plan.query(on: app.db).first())
            var visitor = TestBrowser(app)
            let form = try await visitor.get(SiteURL.checkout(planID: plan.id).path)
            #expect(form.text.contains("card_number"))
            #expect(!form.text.contains("4111"))
            let postback = try await CommerceFixtures.sendPostback(
                app, CommerceFixtures.paidEvent("evt_flag"), signedBy: setup.sandbox)
            #expect(postback.status == .ok)
            #expect(try await Checkout.find(setup.checkout.id, on: app.db)?.status == .paid)
        }
    }
}
