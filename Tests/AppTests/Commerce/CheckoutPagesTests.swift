import DatabaseTestBed
import Fluent
import Foundation
import Payments
import Schema
import Testing
import Vapor
import VaporTesting

@testable import App

/// The buyer's pages: plans, a plan's checkout form, and the payment page that moves on once paid.
@Suite struct CheckoutPagesTests {
    @Test(arguments: DatabaseKind.underTest)
    func thePlansPageLeadsToEachPlansCheckoutWithItsBumps(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let shop = try await CommerceFixtures.shop(app)
            let planID = try shop.plan.requireID()
            var visitor = TestBrowser(app)

            let plans = try await visitor.get(SiteURL.plans.path)
            let checkout = try await visitor.get(SiteURL.checkout(planID: planID).path)

            #expect(plans.text.contains(SiteURL.checkout(planID: planID).path))
            #expect(checkout.text.contains("Pack de fotos"))
        }
    }

    /// A visitor's Pix checkout of the plan with two bumps (R$ 89,70), as the form sends it: the answer, the
    /// visitor's browser after it, and the payment page it leads to.
    static func aPixCheckoutWithTwoBumps(_ app: Application) async throws -> (
        started: TestingHTTPResponse, visitor: TestBrowser, paymentPage: String
    ) {
        let shop = try await CommerceFixtures.shop(app)
        let planID = try shop.plan.requireID()
        var visitor = TestBrowser(app)
        let bumps = try shop.bumps.prefix(2).map { "bump_ids[]=\(try $0.requireID())" }.joined(separator: "&")
        let form =
            "name=Nova+Cliente&email=nova%40example.com&cpf=529.982.247-25&phone=%2811%29+91234-5678"
            + "&password=senha-da-nova-1&method=pix&" + bumps
        let started = try await visitor.submitRaw(SiteURL.checkout(planID: planID).path, body: form)
        return (started, visitor, started.headers.first(name: .location) ?? "")
    }

    @Test(arguments: DatabaseKind.underTest)
    func aVisitorChecksOutWithBumpsAndIsSentToThePaymentPage(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let (started, _, paymentPage) = try await Self.aPixCheckoutWithTwoBumps(app)

            #expect(started.status == .seeOther)
            #expect(paymentPage.hasPrefix(SiteURL.payment(nil).path.replacingOccurrences(of: ":id", with: "")))
            #expect(try await Checkout.query(on: app.db).first()?.totalAmount == 8_970)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func thePaymentPageShowsThePixAndWorksWithoutScript(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            var (_, visitor, paymentPage) = try await Self.aPixCheckoutWithTwoBumps(app)

            let waiting = try await visitor.get(paymentPage).text

            #expect(waiting.contains("<svg"))
            #expect(waiting.contains("R$ 89,70"))
            #expect(waiting.contains("br.gov.bcb.pix"))
            #expect(
                waiting.contains(#"<noscript><a href="\#(paymentPage)">"#), "without script, a link reloads this page")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func oncePaidThePaymentPageShowsTheResultAndTheBuyerIsSignedIn(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            var (_, visitor, paymentPage) = try await Self.aPixCheckoutWithTwoBumps(app)
            let checkout = try #require(try await Checkout.query(on: app.db).first())
            let sandbox = SandboxGateway(
                secret: CommerceFixtures.sandboxSecret, pix: .init(key: "k", merchantName: "n", merchantCity: "c"))

            _ = try await CommerceFixtures.sendPostback(
                app,
                PostbackEvent(
                    eventID: "evt_1", chargeID: try #require(checkout.externalID), status: .paid, amountCents: 8_970,
                    reference: nil), signedBy: sandbox)

            let done = try await visitor.get(paymentPage).text
            #expect(done.contains("Pagamento confirmado"))
            #expect(!done.contains("<svg"))
            #expect(
                try await visitor.get(SiteURL.account.path).status == .ok,
                "the visitor was signed in to their new account")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aPaymentPageWithAnotherTokenIsNotFound(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            var (_, visitor, paymentPage) = try await Self.aPixCheckoutWithTwoBumps(app)

            let guessed = try await visitor.get(paymentPage.replacingOccurrences(of: "token=", with: "token=x"))

            #expect(paymentPage.contains("token="))
            #expect(guessed.status == .notFound)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aBadFormIsShownAgainWithItsMistakes(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let shop = try await CommerceFixtures.shop(app)
            var visitor = TestBrowser(app)
            let refused = try await visitor.submit(
                SiteURL.checkout(planID: shop.plan.id).path,
                [
                    "name": "Nova", "email": "nova@example.com", "cpf": "123.456.789-00", "phone": "123",
                    "password": "senha-da-nova-1",
                    "method": "pix",
                ])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("Informe um CPF válido"))
            #expect(refused.text.contains("Informe um celular com DDD"))
            #expect(refused.text.contains(#"value="nova@example.com""#), "what was typed stays")
            #expect(try await Checkout.query(on: app.db).count() == 0)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aSubscriberSeesTheirPlanOnThePlansPage(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let shop = try await CommerceFixtures.shop(app)
            let user = try await app.makeUser("assinante@example.com", password: "senha-assinante-1")
            try await Subscription(
                userID: user.id, planID: shop.plan.id, startDate: Date(),
                endDate: Date(timeIntervalSinceNow: 10 * 86_400),
                status: .active
            ).create(on: app.db)
            var subscriber = TestBrowser(app)
            try await subscriber.signIn("assinante@example.com", "senha-assinante-1")
            #expect(try await subscriber.get(SiteURL.plans.path).text.contains("Seu plano: Mensal, ativo até"))
        }
    }
}
