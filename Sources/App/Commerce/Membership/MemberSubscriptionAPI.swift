import APISchema
import Accounts
import Commerce
import Localization
import Schema
import Vapor

/// `/api/v1/me/subscription` and `/api/v1/me/payments`: the signed-in member's own subscription, its renewal
/// turned off and on, the plan the next renewal switches to, and what they paid.
enum MemberSubscriptionAPI {
    struct SubscriptionDTO: Content {
        struct NextCharge: Content {
            let on: Date
            let amount: Int
            let amountFormatted: String
            let method: PaymentMethod
        }
        struct PlanRef: Content {
            let id: Int
            let name: String
        }

        let id: Int
        let planId: Int?
        let planName: String?
        let status: SubscriptionStatus
        let endDate: Date?
        let graceEndsAt: Date?
        let grantsAccess: Bool
        let recurring: Bool
        let renewsByItself: Bool
        let cancelledAt: Date?
        let canResume: Bool
        let renewalMethod: PaymentMethod?
        let nextCharge: NextCharge?
        let nextPlan: PlanRef?

        init(_ overview: MemberSubscription.Overview) {
            id = overview.id
            planId = overview.planID
            planName = overview.planName
            status = overview.status
            endDate = overview.endDate
            graceEndsAt = overview.graceEndsAt
            grantsAccess = overview.grantsAccess
            recurring = overview.isRecurring
            renewsByItself = overview.renewsByItself
            cancelledAt = overview.cancelledAt
            canResume = overview.canResume
            renewalMethod = overview.renewalMethod
            nextCharge = overview.nextCharge.map {
                NextCharge(on: $0.on, amount: $0.amount.cents, amountFormatted: $0.amount.formatted, method: $0.method)
            }
            nextPlan = overview.nextPlan.map { PlanRef(id: $0.id, name: $0.name) }
        }

        static let schema = JSONSchema.object([
            .init("id", .integer), .init("plan_id", .nullable(.integer)), .init("plan_name", .nullable(.string)),
            .init("status", .enumeration(SubscriptionStatus.self)), .init("end_date", .nullable(.dateTime)),
            .init("grace_ends_at", .nullable(.dateTime)),
            .init("grants_access", .boolean(description: "Whether it lets the member in now.")),
            .init("recurring", .boolean(description: "A recurring plan's: it renews by itself or by a reminder.")),
            .init("renews_by_itself", .boolean(description: "Renewal is on, and the next cycle is charged by us.")),
            .init("cancelled_at", .nullable(.dateTime)),
            .init("can_resume", .boolean(description: "Renewal is off and may be turned on again.")),
            .init("renewal_method", .nullable(.enumeration(PaymentMethod.self))),
            .init(
                "next_charge",
                .nullable(
                    .object([
                        .init("on", .dateTime), .init("amount", .integer(description: "In cents.")),
                        .init("amount_formatted", .string), .init("method", .enumeration(PaymentMethod.self)),
                    ]))),
            .init("next_plan", .nullable(.object([.init("id", .integer), .init("name", .string)]))),
        ])
    }

    struct SubscriptionResponse: Content {
        let subscription: SubscriptionDTO
        static let schema = JSONSchema.object([.init("subscription", .reference("MemberSubscription"))])
    }

    struct PlanBody: Content {
        var planId: Int?
        static let schema = JSONSchema.object(
            [
                .init(
                    "plan_id",
                    .nullable(.integer(description: "A recurring plan; null, or the current plan, keeps it.")))
            ], required: ["plan_id"])
    }

    struct PaymentDTO: Content {
        let checkoutId: Int
        let planName: String?
        let amount: Int
        let amountFormatted: String
        let method: PaymentMethod?
        let paidAt: Date
        let renewalCycle: Int?
        let refunded: Bool
        let receiptUrl: String

        init(_ record: MemberSubscription.PaymentRecord) {
            checkoutId = record.checkoutID
            planName = record.planName
            amount = record.amount.cents
            amountFormatted = record.amount.formatted
            method = record.method
            paidAt = record.paidAt
            renewalCycle = record.renewalCycle
            refunded = record.isRefunded
            receiptUrl = SiteURL.accountReceipt(checkoutID: record.checkoutID).path
        }
    }

    struct PaymentsResponse: Content {
        let payments: [PaymentDTO]
        static let schema = JSONSchema.object([
            .init(
                "payments",
                .array(
                    .object([
                        .init("checkout_id", .integer), .init("plan_name", .nullable(.string)),
                        .init("amount", .integer(description: "In cents.")), .init("amount_formatted", .string),
                        .init("method", .nullable(.enumeration(PaymentMethod.self))), .init("paid_at", .dateTime),
                        .init("renewal_cycle", .nullable(.integer)),
                        .init("refunded", .boolean(description: "Refunded or charged back since.")),
                        .init("receipt_url", .string(description: "The printable receipt, on the site.")),
                    ])))
        ])
    }

    static let schemas: [String: JSONSchema] = ["MemberSubscription": SubscriptionDTO.schema]

    private static let noSubscription: (HTTPResponseStatus, String, JSONSchema?) = (
        .notFound, "The member has no subscription", .reference("Error")
    )
    private static let unauthorized: (HTTPResponseStatus, String, JSONSchema?) = (
        .unauthorized, "No valid token", .reference("Error")
    )

    static let operations: [APIRoute] = [
        APIRoute(
            method: .GET, url: .mySubscription,
            summary: "The member's subscription: its plan, standing, renewal and next charge", tag: "me",
            access: .signedIn,
            responses: [(.ok, "The subscription", SubscriptionResponse.schema), unauthorized, noSubscription],
            handler: show),
        APIRoute(
            method: .POST, url: .mySubscriptionCancel,
            summary: "Turn renewal off: nothing more is charged, and access runs to the end", tag: "me",
            access: .signedIn,
            responses: [(.ok, "Renewal is off", SubscriptionResponse.schema), unauthorized, noSubscription],
            handler: cancel),
        APIRoute(
            method: .POST, url: .mySubscriptionResume,
            summary: "Turn renewal back on before the end; it continues with no gap", tag: "me", access: .signedIn,
            responses: [
                (.ok, "Renewal is on", SubscriptionResponse.schema), unauthorized, noSubscription,
                (.unprocessableEntity, "It renews only by hand (`renewal`)", .reference("Error")),
            ],
            handler: resume),
        APIRoute(
            method: .POST, url: .mySubscriptionPlan,
            summary: "Choose the plan the next renewal switches to", tag: "me", access: .signedIn,
            requestBody: PlanBody.schema,
            responses: [
                (.ok, "Chosen", SubscriptionResponse.schema), unauthorized, noSubscription,
                (.unprocessableEntity, "Not a plan it can switch to (`plan_id`)", .reference("Error")),
            ],
            handler: switchPlan),
        APIRoute(
            method: .GET, url: .myPayments, summary: "What the member paid, newest first, with receipts", tag: "me",
            access: .signedIn,
            responses: [(.ok, "The payments", PaymentsResponse.schema), unauthorized],
            handler: payments),
    ]

    @Sendable static func show(req: Request) async throws -> Response {
        guard let overview = try await MemberSubscription.current(of: try memberID(req), on: req.db, now: req.now)
        else { throw Refusal(.notFound, reason: MemberSubscription.Problem.noSubscription) }
        return try APICoding.response(SubscriptionResponse(subscription: .init(overview)))
    }

    @Sendable static func cancel(req: Request) async throws -> Response {
        let overview = try await MemberSubscription.cancel(
            userID: try memberID(req), providers: await req.configuredProviders(), on: req.db, now: req.now)
        return try APICoding.response(SubscriptionResponse(subscription: .init(overview)))
    }

    @Sendable static func resume(req: Request) async throws -> Response {
        let overview = try await MemberSubscription.resume(userID: try memberID(req), on: req.db, now: req.now)
        return try APICoding.response(SubscriptionResponse(subscription: .init(overview)))
    }

    @Sendable static func switchPlan(req: Request) async throws -> Response {
        let body = try req.apiBody(PlanBody.self)
        let overview = try await MemberSubscription.switchPlan(
            userID: try memberID(req), to: body.planId, on: req.db, now: req.now)
        return try APICoding.response(SubscriptionResponse(subscription: .init(overview)))
    }

    @Sendable static func payments(req: Request) async throws -> Response {
        let records = try await MemberSubscription.payments(of: try memberID(req), on: req.db)
        return try APICoding.response(PaymentsResponse(payments: records.map(PaymentDTO.init)))
    }

    private static func memberID(_ req: Request) throws -> Int {
        try req.auth.require(SignedInUser.self).user.requireID()
    }
}
