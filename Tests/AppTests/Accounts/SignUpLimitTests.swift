import APISchema
import Accounts
import DatabaseTestBed
import Fluent
import Foundation
import Schema
import Site
import Testing
import Vapor
import VaporTesting

@testable import App

/// Successful sign-ups and visitors' checkouts are limited too: accounts per address an hour, and unpaid
/// checkouts per e-mail and per CPF, each by a setting, answered with 429 and Retry-After.
@Suite struct SignUpLimitTests {
    @Test(arguments: DatabaseKind.underTest)
    func anAddressMakesOnlySoManyAccountsAnHour(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            // setup
            try await AdminSetting(key: KnownSetting.signUpsPerAddressPerHour.rawValue, value: "3").create(on: app.db)
            for number in 1...3 {
                var browser = TestBrowser(app)
                let made = try await browser.submit(
                    SiteURL.signUp.path,
                    ["name": "Conta \(number)", "email": "conta\(number)@example.com", "password": "senha-segura-1"])
                #expect(made.status == .seeOther)
            }

            // MUT
            var fourth = TestBrowser(app)
            let refused = try await fourth.submit(
                SiteURL.signUp.path, ["name": "Conta 4", "email": "conta4@example.com", "password": "senha-segura-1"])
            let api = try await app.testing().sendRequest(
                .POST, APIURL.register.path, headers: ["Content-Type": "application/json"],
                body: ByteBuffer(
                    string: #"{"name":"Conta 5","email":"conta5@example.com","password":"senha-segura-1"}"#))

            // validate
            #expect(refused.status == .tooManyRequests)
            #expect(api.status == .tooManyRequests)
            let retryAfter = try #require(api.headers.first(name: "Retry-After").flatMap(Int.init))
            #expect((3_000...3_600).contains(retryAfter))
            #expect(try await User.query(on: app.db).count() == 3)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aRefusedSignUpDoesntUseUpTheAddresssAllowance(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            try await AdminSetting(key: KnownSetting.signUpsPerAddressPerHour.rawValue, value: "1").create(on: app.db)
            var browser = TestBrowser(app)
            #expect(
                try await browser.submit(
                    SiteURL.signUp.path, ["name": "", "email": "x@example.com", "password": "curta"]
                ).status
                    == .unprocessableEntity)
            var again = TestBrowser(app)
            #expect(
                try await again.submit(
                    SiteURL.signUp.path, ["name": "Ana", "email": "ana@example.com", "password": "senha-segura-1"]
                ).status
                    == .seeOther)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aSignUpRefusedForItsAddressIsNoFailedSignIn(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            try await AdminSetting(key: KnownSetting.signUpsPerAddressPerHour.rawValue, value: "1").create(on: app.db)
            var first = TestBrowser(app)
            _ = try await first.submit(
                SiteURL.signUp.path, ["name": "Ana", "email": "ana@example.com", "password": "senha-segura-1"])
            for number in 1...(SignInThrottle.limit + 2) {
                var again = TestBrowser(app)
                let refused = try await again.submit(
                    SiteURL.signUp.path, ["name": "X", "email": "x\(number)@example.com", "password": "senha-segura-1"])
                #expect(refused.status == .tooManyRequests)
            }
            #expect(try await AuthFailure.query(on: app.db).count() == 0)
            var ana = TestBrowser(app)
            try await ana.signIn("ana@example.com", "senha-segura-1")
        }
    }

    @Test(.enabled(if: DatabaseKind.postgresIsUnderTest))
    func aBurstOfParallelCheckoutsOpensOnlyTheAllowedNumber() async throws {
        try await withApp(.postgres) { app in
            let shop = try await CommerceFixtures.shop(app)
            try await AdminSetting(key: KnownSetting.openCheckoutsPerEmail.rawValue, value: "2").create(on: app.db)
            let user = try await app.makeUser("ana@example.com")
            var headers = HTTPHeaders()
            headers.bearerAuthorization = .init(
                token: try await AuthTokens.issue(.api, for: try user.requireID(), on: app.db).token)
            headers.contentType = .json
            var body = CommerceFixtures.checkoutBody(planID: shop.plan.id, email: "ana@example.com")
            body["password"] = nil
            let data = try JSONEncoder().encode(JSONValue.object(body))
            let sent = headers
            let statuses = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for _ in 0..<12 {
                    group.addTask {
                        try await app.testing().sendRequest(
                            .POST, APIURL.checkouts.path, headers: sent, body: ByteBuffer(data: data)
                        ).status
                    }
                }
                return try await group.reduce(into: [HTTPResponseStatus]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .created }.count == 2, "\(statuses)")
            #expect(statuses.allSatisfy { $0 == .created || $0 == .tooManyRequests })
            #expect(try await Checkout.query(on: app.db).count() == 2)
        }
    }

    static func startCheckout(_ app: Application, planID: Int?, email: String, cpf: String = "529.982.247-25")
        async throws -> TestingHTTPResponse
    {
        let body = CommerceFixtures.checkoutBody(planID: planID, email: email, cpf: cpf)
        return try await app.testing().sendRequest(
            .POST, APIURL.checkouts.path, headers: ["Content-Type": "application/json"],
            body: ByteBuffer(data: try JSONEncoder().encode(JSONValue.object(body))))
    }

    @Test(arguments: DatabaseKind.underTest)
    func aBuyerHoldsOnlySoManyUnpaidCheckoutsByEmailAndByCPF(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            // setup: two open checkouts for one buyer
            let shop = try await CommerceFixtures.shop(app)
            try await AdminSetting(key: KnownSetting.openCheckoutsPerEmail.rawValue, value: "2").create(on: app.db)
            try await AdminSetting(key: KnownSetting.openCheckoutsPerCPF.rawValue, value: "3").create(on: app.db)
            let user = try await app.makeUser("ana@example.com")
            for _ in 1...2 {
                try await Checkout(
                    userID: user.id, planID: shop.plan.id, paymentMethod: .pix, totalAmount: 2_990,
                    customerEmail: "ana@example.com", customerDocument: "52998224725"
                ).create(on: app.db)
            }

            // MUT: a third by the same e-mail; then by another e-mail with the same CPF, past the CPF's limit
            let byEmail = try await Self.startCheckout(app, planID: shop.plan.id, email: "ana@example.com")
            try await Checkout(
                userID: nil, planID: shop.plan.id, paymentMethod: .pix, totalAmount: 2_990,
                customerEmail: "bia@example.com", customerDocument: "52998224725"
            ).create(on: app.db)
            let byCPF = try await Self.startCheckout(app, planID: shop.plan.id, email: "carla@example.com")

            // validate
            #expect(byEmail.status == .tooManyRequests)
            #expect(byCPF.status == .tooManyRequests)
            let retryAfter = try #require(byEmail.headers.first(name: "Retry-After").flatMap(Int.init))
            #expect((3_000...3_600).contains(retryAfter), "until the oldest is abandoned, an hour after it opened")
            #expect(try await Checkout.query(on: app.db).count() == 3)

            // once one is paid, the e-mail may open another
            let first = try #require(
                try await Checkout.query(on: app.db).filter(\.$customerEmail == "ana@example.com").first())
            first.status = .paid
            try await first.save(on: app.db)
            let afterPaying = try await Self.startCheckout(
                app, planID: shop.plan.id, email: "ana@example.com", cpf: "111.444.777-35")
            #expect(afterPaying.status != .tooManyRequests)
        }
    }
}
