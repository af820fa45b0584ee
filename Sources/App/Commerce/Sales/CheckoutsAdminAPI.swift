import APISchema
import Commerce
import Fluent
import Localization
import Payments
import Schema
import Vapor

/// `/api/v1/admin/checkouts`: checkouts filtered, as CSV, one with its postback history, and the sandbox's
/// simulated payment.
enum CheckoutsAdminAPI {
    struct AdminCheckoutDTO: Content {
        let id: Int
        let createdAt: Date?
        let paidAt: Date?
        let status: CheckoutStatus
        let paymentMethod: PaymentMethod?
        let planId: Int?
        let planName: String?
        let orderBumpIds: [Int]
        let totalAmount: Int
        let totalFormatted: String
        let customerName: String?
        let customerEmail: String?
        let customerPhone: String?
        let userId: Int?
        let externalId: String?

        init(_ checkout: Checkout) {
            id = checkout.id ?? 0
            createdAt = checkout.createdAt
            paidAt = checkout.paidAt
            status = checkout.status
            paymentMethod = checkout.paymentMethod
            planId = checkout.$plan.id
            planName = checkout.$plan.value??.name
            orderBumpIds = checkout.orderBumpIDs?.value ?? []
            totalAmount = checkout.totalAmount
            totalFormatted = Money(cents: checkout.totalAmount).formatted
            customerName = checkout.customerName
            customerEmail = checkout.customerEmail
            customerPhone = checkout.customerPhone
            userId = checkout.$user.id
            externalId = checkout.externalID
        }

        static let schema = JSONSchema.object([
            .init("id", .integer), .init("created_at", .nullable(.dateTime)), .init("paid_at", .nullable(.dateTime)),
            .init("status", .enumeration(CheckoutStatus.self)),
            .init("payment_method", .nullable(.enumeration(PaymentMethod.self))),
            .init("plan_id", .nullable(.integer)), .init("plan_name", .nullable(.string)),
            .init("order_bump_ids", .array(.integer)),
            .init("total_amount", .integer(description: "Cents.")), .init("total_formatted", .string),
            .init("customer_name", .nullable(.string)), .init("customer_email", .nullable(.string)),
            .init("customer_phone", .nullable(.string)),
            .init("user_id", .nullable(.integer)), .init("external_id", .nullable(.string)),
        ])
    }

    struct CheckoutPageDTO: Content {
        let checkouts: [AdminCheckoutDTO]
        let hasMore: Bool
        static let schema = JSONSchema.object([
            .init("checkouts", .array(.reference("AdminCheckout"))), .init("has_more", .boolean),
        ])
    }

    struct PostbackDTO: Content {
        let id: Int
        let receivedAt: Date?
        let gateway: String
        let verified: Bool
        let chargeId: String?
        let status: String?
        let amount: Int?
        let outcome: String
        let detail: String?

        init(_ event: PaymentEvent) {
            id = event.id ?? 0
            receivedAt = event.receivedAt
            gateway = event.gateway
            verified = event.isVerified
            chargeId = event.chargeID
            status = event.status
            amount = event.amount
            outcome = event.outcome
            detail = event.detail
        }

        static let schema = JSONSchema.object([
            .init("id", .integer), .init("received_at", .nullable(.dateTime)), .init("gateway", .string),
            .init("verified", .boolean),
            .init("charge_id", .nullable(.string)), .init("status", .nullable(.string)),
            .init("amount", .nullable(.integer)),
            .init("outcome", .string), .init("detail", .nullable(.string)),
        ])
    }

    struct CheckoutDetailDTO: Content {
        let checkout: AdminCheckoutDTO
        let postbacks: [PostbackDTO]
        static let schema = JSONSchema.object([
            .init("checkout", .reference("AdminCheckout")), .init("postbacks", .array(.reference("Postback"))),
        ])
    }

    struct SimulateBody: Content {
        var status: ChargeStatus?
        static let schema = JSONSchema.object(
            [
                .init(
                    "status",
                    .string(allowed: ["paid", "failed", "refunded", "charged_back"], description: "Default paid."))
            ], required: [])
    }

    struct SimulationDTO: Content {
        let webhookStatus: Int
        let webhookAnswer: String
        static let schema = JSONSchema.object([.init("webhook_status", .integer), .init("webhook_answer", .string)])
    }

    static let filterParameters: [APIRoute.Parameter] = [
        .init(
            name: "status", location: .query, schema: .enumeration(CheckoutStatus.self),
            description: "Only this status."),
        .init(
            name: "method", location: .query, schema: .enumeration(PaymentMethod.self),
            description: "Only this payment method."),
        .init(
            name: "from", location: .query, schema: .string(format: "date"),
            description: "From this day (São Paulo), inclusive."),
        .init(
            name: "to", location: .query, schema: .string(format: "date"),
            description: "To this day (São Paulo), inclusive."),
        .init(name: "email", location: .query, schema: .string, description: "Part of the customer's e-mail."),
    ]
    static let pageParameter = APIRoute.Parameter(
        name: "page", location: .query, schema: .integer, description: "From 1.")

    static let operations: [APIRoute] = [
        APIRoute(
            method: .GET, url: .adminCheckouts, summary: "Checkouts, newest first, filtered", tag: "admin",
            access: .admin,
            parameters: filterParameters + [pageParameter],
            responses: [(.ok, "A page of checkouts", .reference("AdminCheckoutPage")), APIResponses.invalid]
                + APIResponses.adminRefusals,
            handler: listCheckouts),
        APIRoute(
            method: .GET, url: .adminCheckoutsCSV, summary: "The filtered checkouts as CSV (text/csv)", tag: "admin",
            access: .admin,
            parameters: filterParameters,
            responses: [
                (.ok, "CSV, one checkout per line, amounts in cents", .text(mediaType: "text/csv")),
                APIResponses.invalid,
            ] + APIResponses.adminRefusals,
            handler: exportCheckouts),
        APIRoute(
            method: .GET, url: .adminCheckout(nil), summary: "A checkout with its postback history", tag: "admin",
            access: .admin,
            parameters: [.id(of: "checkout")],
            responses: [(.ok, "The checkout", .reference("AdminCheckoutDetail")), APIResponses.notFound("checkout")]
                + APIResponses.adminRefusals,
            handler: showCheckout),
        APIRoute(
            method: .POST, url: .adminCheckoutSimulatePayment(nil),
            summary: "Sandbox only: send the checkout's signed postback to our own webhook over HTTP", tag: "admin",
            access: .admin,
            parameters: [.id(of: "checkout")], requestBody: SimulateBody.schema, requestBodyIsOptional: true,
            responses: [
                (.ok, "Sent; the webhook's answer", .reference("Simulation")), APIResponses.notFound("checkout"),
                (.conflict, "Not a sandbox checkout, or the webhook could not be reached", .reference("Error")),
            ] + APIResponses.adminRefusals,
            handler: simulatePayment),
    ]

    static let schemas: [String: JSONSchema] = [
        "AdminCheckout": AdminCheckoutDTO.schema, "AdminCheckoutPage": CheckoutPageDTO.schema,
        "Postback": PostbackDTO.schema, "AdminCheckoutDetail": CheckoutDetailDTO.schema,
        "Simulation": SimulationDTO.schema,
    ]

    @Sendable static func listCheckouts(req: Request) async throws -> Response {
        let page = try await CheckoutSearch(try req.query.decode(CheckoutSearch.Query.self)).page(on: req.db)
        return try APICoding.response(
            CheckoutPageDTO(checkouts: page.checkouts.map(AdminCheckoutDTO.init), hasMore: page.hasMore))
    }

    @Sendable static func exportCheckouts(req: Request) async throws -> Response {
        try await CheckoutsAdminController.csv(req: req)
    }

    @Sendable static func showCheckout(req: Request) async throws -> Response {
        let detail = try await CheckoutsAdminController.detail(req)
        return try APICoding.response(
            CheckoutDetailDTO(
                checkout: AdminCheckoutDTO(detail.checkout), postbacks: detail.events.map(PostbackDTO.init)))
    }

    @Sendable static func simulatePayment(req: Request) async throws -> Response {
        let detail = try await CheckoutsAdminController.detail(req)
        guard try await CheckoutsAdminController.canSimulate(detail.checkout, on: req.db) else {
            throw Refusal.request(.conflict, .simulationNeedsSandbox)
        }
        let body = req.body.data == nil ? SimulateBody() : try req.apiBody(SimulateBody.self)
        let delivery = try await SimulatedPayment.send(
            body.status ?? .paid, for: detail.checkout,
            siteAddress: SimulatedPayment.loopbackAddress(of: req.application),
            application: req.application)
        return try APICoding.response(
            SimulationDTO(webhookStatus: Int(delivery.status.code), webhookAnswer: delivery.answer))
    }
}
