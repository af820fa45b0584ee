import Foundation
import Payments
import Schema
import Testing
import Vapor
import VaporTesting

@testable import APISchema
@testable import App

/// A shop to buy from (a plan, bumps, the sandbox gateway), a checkout's body, and the sandbox's signed postbacks.
enum CommerceFixtures {
    struct Shop {
        let plan: Plan
        let bumps: [OrderBump]
    }

    static func shop(_ app: Application, gateway: Bool = true) async throws -> Shop {
        if gateway {
            let sealed = try SecretBox(appSecret: app.configuration.appSecret).seal(CommerceFixtures.sandboxSecret)
            try await PaymentGateway(
                name: "sandbox", publicKey: "pix@creatorflix.test", secretKey: sealed, takesCard: true, takesPix: true
            ).create(on: app.db)
        }
        let plan = Plan(name: "Mensal", price: 2_990, duration: 30)
        try await plan.create(on: app.db)
        let bumps = [
            OrderBump(name: "Pack de fotos", price: 990, isActive: true, displayOrder: 1),
            OrderBump(name: "Chamada", price: 4_990, isActive: true, displayOrder: 2),
            OrderBump(name: "Desligada", price: 100, isActive: false, displayOrder: 3),
        ]
        for bump in bumps { try await bump.create(on: app.db) }
        return Shop(plan: plan, bumps: bumps)
    }

    static func checkoutBody(
        planID: Int?, bumps: [Int] = [], method: String = "pix", email: String = "nova@example.com",
        cpf: String = "529.982.247-25",
        phone: String = "(11) 91234-5678", password: String? = "senha-da-nova-1", card: String? = nil,
        extra: [String: JSONValue] = [:]
    ) -> [String: JSONValue] {
        var body: [String: JSONValue] = [
            "plan_id": planID.map { .number(Double($0)) } ?? .null,
            "order_bump_ids": .array(bumps.map { .number(Double($0)) }),
            "method": .string(method),
            "customer": .object([
                "name": "Nova Cliente", "email": .string(email), "cpf": .string(cpf), "phone": .string(phone),
            ]),
        ]
        if let password { body["password"] = .string(password) }
        if let card { body["card_number"] = .string(card) }
        return body.merging(extra) { _, new in new }
    }

    static func startCheckout(_ app: Application, _ body: [String: JSONValue], token: String? = nil) async throws -> (
        TestingHTTPResponse, [String: JSONValue]
    ) {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        if let token { headers.bearerAuthorization = .init(token: token) }
        let response = try await app.testing().sendRequest(
            .POST, APIURL.checkouts.path, headers: headers,
            body: ByteBuffer(data: try JSONEncoder().encode(JSONValue.object(body))))
        let json = (try? JSONDecoder().decode([String: JSONValue].self, from: response.body)) ?? [:]
        return (response, json)
    }

    static let sandboxSecret = "whsec_test_sandbox_secret"

    struct PostbackSetup {
        let sandbox: SandboxGateway
        let checkout: Checkout
        let user: User
    }

    static func postbackSetup(_ app: Application) async throws -> PostbackSetup {
        let sealed = try SecretBox(appSecret: app.configuration.appSecret).seal(sandboxSecret)
        try await PaymentGateway(
            name: "sandbox", publicKey: "pix@creatorflix.test", secretKey: sealed, takesCard: true, takesPix: true
        )
        .create(on: app.db)
        let user = try await app.makeUser("comprador@example.com")
        let plan = Plan(name: "Mensal", price: 2_990, duration: 30)
        try await plan.create(on: app.db)
        let checkout = Checkout(
            userID: user.id, planID: plan.id, externalID: "sbx_1_abc", paymentMethod: .pix, totalAmount: 3_980)
        checkout.gateway = "sandbox"
        try await checkout.create(on: app.db)
        let sandbox = SandboxGateway(secret: sandboxSecret, pix: .init(key: "k", merchantName: "n", merchantCity: "c"))
        return PostbackSetup(sandbox: sandbox, checkout: checkout, user: user)
    }

    static func sendPostback(
        _ app: Application, _ event: PostbackEvent, signedBy sandbox: SandboxGateway, at time: Date = Date()
    ) async throws -> TestingHTTPResponse {
        let (headers, body) = try sandbox.signedPostback(event, at: time)
        return try await app.testing().sendRequest(
            .POST, APIURL.webhook(gateway: "sandbox").path, headers: HTTPHeaders(headers.map { ($0.key, $0.value) }),
            body: ByteBuffer(data: body))
    }

    static func paidEvent(_ eventID: String, amount: Int = 3_980, charge: String = "sbx_1_abc") -> PostbackEvent {
        PostbackEvent(eventID: eventID, chargeID: charge, status: .paid, amountCents: amount, reference: "1")
    }
}
