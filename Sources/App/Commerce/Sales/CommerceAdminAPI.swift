import APISchema
import Commerce
import Fluent
import Localization
import Payments
import Schema
import Vapor

/// The admin's commerce resources under `/api/v1/admin`: checkouts (filtered, CSV, one with its postbacks,
/// simulate payment), subscriptions (list, grant, extend, expire, audit log) and the revenue report.
enum CommerceAdminAPI {

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
            .init("status", .enumeration(CheckoutStatus.self)), .init("payment_method", .nullable(.enumeration(PaymentMethod.self))),
            .init("plan_id", .nullable(.integer)), .init("plan_name", .nullable(.string)), .init("order_bump_ids", .array(.integer)),
            .init("total_amount", .integer(description: "Cents.")), .init("total_formatted", .string),
            .init("customer_name", .nullable(.string)), .init("customer_email", .nullable(.string)), .init("customer_phone", .nullable(.string)),
            .init("user_id", .nullable(.integer)), .init("external_id", .nullable(.string)),
        ])
    }

    struct CheckoutPageDTO: Content {
        let checkouts: [AdminCheckoutDTO]
        let hasMore: Bool
        static let schema = JSONSchema.object([.init("checkouts", .array(.reference("AdminCheckout"))), .init("has_more", .boolean)])
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
            .init("id", .integer), .init("received_at", .nullable(.dateTime)), .init("gateway", .string), .init("verified", .boolean),
            .init("charge_id", .nullable(.string)), .init("status", .nullable(.string)), .init("amount", .nullable(.integer)),
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
            [.init("status", .string(allowed: ["paid", "failed", "refunded", "charged_back"], description: "Default paid."))], required: [])
    }

    struct SimulationDTO: Content {
        let webhookStatus: Int
        let webhookAnswer: String
        static let schema = JSONSchema.object([.init("webhook_status", .integer), .init("webhook_answer", .string)])
    }

    struct AdminSubscriptionDTO: Content {
        let id: Int
        let userId: Int?
        let userEmail: String?
        let planId: Int?
        let planName: String?
        let status: SubscriptionStatus
        let startDate: Date?
        let endDate: Date?

        init(_ subscription: Subscription) {
            id = subscription.id ?? 0
            userId = subscription.$user.id
            userEmail = subscription.$user.value??.email
            planId = subscription.$plan.id
            planName = subscription.$plan.value??.name
            status = subscription.status
            startDate = subscription.startDate
            endDate = subscription.endDate
        }

        static let schema = JSONSchema.object([
            .init("id", .integer), .init("user_id", .nullable(.integer)), .init("user_email", .nullable(.string)),
            .init("plan_id", .nullable(.integer)), .init("plan_name", .nullable(.string)),
            .init("status", .enumeration(SubscriptionStatus.self)), .init("start_date", .nullable(.dateTime)),
            .init("end_date", .nullable(.dateTime)),
        ])
    }

    struct SubscriptionPageDTO: Content {
        let subscriptions: [AdminSubscriptionDTO]
        let hasMore: Bool
        static let schema = JSONSchema.object([.init("subscriptions", .array(.reference("AdminSubscription"))), .init("has_more", .boolean)])
    }

    struct GrantBody: Content {
        var userId: Int?
        var email: String?
        var planId: Int?
        var days: Int?
        var note: String?
        static let schema = JSONSchema.object(
            [
                .init("user_id", .integer(description: "The subscriber; or give their e-mail.")), .init("email", .string),
                .init("plan_id", .integer), .init("days", .integer(description: "1 to 3650.")), .init("note", .string),
            ], required: ["days"])
    }

    struct ChangeBody: Content {
        var days: Int?
        var note: String?
        static let extendSchema = JSONSchema.object(
            [.init("days", .integer(description: "1 to 3650.")), .init("note", .string)], required: ["days"])
        static let expireSchema = JSONSchema.object([.init("note", .string)], required: [])
    }

    struct AuditDTO: Content {
        let id: Int
        let createdAt: Date?
        let subscriptionId: Int?
        let userId: Int
        let adminId: Int?
        let adminEmail: String?
        let action: SubscriptionAuditAction
        let days: Int?
        let previousEndDate: Date?
        let newEndDate: Date?
        let note: String?

        init(_ audit: SubscriptionAudit) {
            id = audit.id ?? 0
            createdAt = audit.createdAt
            subscriptionId = audit.$subscription.id
            userId = audit.$user.id
            adminId = audit.adminID
            adminEmail = audit.adminEmail
            action = audit.action
            days = audit.days
            previousEndDate = audit.previousEndDate
            newEndDate = audit.newEndDate
            note = audit.note
        }

        static let schema = JSONSchema.object([
            .init("id", .integer), .init("created_at", .nullable(.dateTime)), .init("subscription_id", .nullable(.integer)),
            .init("user_id", .integer), .init("admin_id", .nullable(.integer)), .init("admin_email", .nullable(.string)),
            .init("action", .enumeration(SubscriptionAuditAction.self)), .init("days", .nullable(.integer)),
            .init("previous_end_date", .nullable(.dateTime)), .init("new_end_date", .nullable(.dateTime)), .init("note", .nullable(.string)),
        ])
    }

    struct RevenueDTO: Content {
        struct Day: Content {
            let day: String
            let revenue: Int
            let paidCount: Int
        }
        struct Conversion: Content {
            let method: PaymentMethod
            let created: Int
            let paid: Int
            let rate: Double
        }
        struct BumpTake: Content {
            let orderBumpId: Int
            let name: String
            let taken: Int
            let checkouts: Int
            let rate: Double
        }
        let days: [Day]
        let totalRevenue: Int
        let conversions: [Conversion]
        let orderBumps: [BumpTake]
        let activeSubscribers: Int
        let expiringThisWeek: Int

        init(_ report: RevenueReport) {
            days = report.days.map { Day(day: $0.day, revenue: $0.revenueCents, paidCount: $0.paidCount) }
            totalRevenue = report.totalRevenueCents
            conversions = report.conversions.map { Conversion(method: $0.method, created: $0.created, paid: $0.paid, rate: $0.rate) }
            orderBumps = report.bumpTakes.map { BumpTake(orderBumpId: $0.bumpID, name: $0.name, taken: $0.taken, checkouts: $0.checkouts, rate: $0.rate) }
            activeSubscribers = report.activeSubscribers
            expiringThisWeek = report.expiringThisWeek.count
        }

        static let schema = JSONSchema.object([
            .init("days", .array(.object([
                .init("day", .string(format: "date")), .init("revenue", .integer(description: "Cents.")), .init("paid_count", .integer),
            ]))),
            .init("total_revenue", .integer(description: "Cents, over the 30 days.")),
            .init("conversions", .array(.object([
                .init("method", .enumeration(PaymentMethod.self)), .init("created", .integer), .init("paid", .integer), .init("rate", .number),
            ]))),
            .init("order_bumps", .array(.object([
                .init("order_bump_id", .integer), .init("name", .string), .init("taken", .integer), .init("checkouts", .integer),
                .init("rate", .number),
            ]))),
            .init("active_subscribers", .integer), .init("expiring_this_week", .integer),
        ])
    }

    static let filterParameters: [APIRoute.Parameter] = [
        .init(name: "status", location: .query, schema: .enumeration(CheckoutStatus.self), description: "Only this status."),
        .init(name: "method", location: .query, schema: .enumeration(PaymentMethod.self), description: "Only this payment method."),
        .init(name: "from", location: .query, schema: .string(format: "date"), description: "From this day (São Paulo), inclusive."),
        .init(name: "to", location: .query, schema: .string(format: "date"), description: "To this day (São Paulo), inclusive."),
        .init(name: "email", location: .query, schema: .string, description: "Part of the customer's e-mail."),
    ]
    static let pageParameter = APIRoute.Parameter(name: "page", location: .query, schema: .integer, description: "From 1.")

    static let operations: [APIRoute] = [
        APIRoute(method: .GET, url: .adminCheckouts, summary: "Checkouts, newest first, filtered", tag: "admin", access: .admin,
                 parameters: filterParameters + [pageParameter],
                 responses: [(.ok, "A page of checkouts", .reference("AdminCheckoutPage")), OffersAPI.invalid] + UsersAPI.refusals,
                 handler: listCheckouts),
        APIRoute(method: .GET, url: .adminCheckoutsCSV, summary: "The filtered checkouts as CSV (text/csv)", tag: "admin", access: .admin,
                 parameters: filterParameters,
                 responses: [(.ok, "CSV, one checkout per line, amounts in cents", .text(mediaType: "text/csv")), OffersAPI.invalid] + UsersAPI.refusals,
                 handler: exportCheckouts),
        APIRoute(method: .GET, url: .adminCheckout(nil), summary: "A checkout with its postback history", tag: "admin", access: .admin,
                 parameters: [OffersAPI.idParameter],
                 responses: [(.ok, "The checkout", .reference("AdminCheckoutDetail")), OffersAPI.notFound("checkout")] + UsersAPI.refusals,
                 handler: showCheckout),
        APIRoute(method: .POST, url: .adminCheckoutSimulatePayment(nil),
                 summary: "Sandbox only: send the checkout's signed postback to our own webhook over HTTP", tag: "admin", access: .admin,
                 parameters: [OffersAPI.idParameter], requestBody: SimulateBody.schema, requestBodyIsOptional: true,
                 responses: [(.ok, "Sent; the webhook's answer", .reference("Simulation")), OffersAPI.notFound("checkout"),
                             (.conflict, "Not a sandbox checkout, or the webhook could not be reached", .reference("Error"))] + UsersAPI.refusals,
                 handler: simulatePayment),
        APIRoute(method: .GET, url: .adminSubscriptions, summary: "Subscriptions, newest first", tag: "admin", access: .admin,
                 parameters: [
                    .init(name: "status", location: .query, schema: .enumeration(SubscriptionStatus.self), description: "Only this status."),
                    .init(name: "email", location: .query, schema: .string, description: "Part of the subscriber's e-mail."), pageParameter,
                 ],
                 responses: [(.ok, "A page of subscriptions", .reference("AdminSubscriptionPage"))] + UsersAPI.refusals,
                 handler: listSubscriptions),
        APIRoute(method: .POST, url: .adminSubscriptions, summary: "Grant days to a user (added to their running subscription); audited",
                 tag: "admin", access: .admin, requestBody: GrantBody.schema,
                 responses: [(.created, "The subscription granted or extended", .reference("AdminSubscription")), OffersAPI.invalid]
                    + UsersAPI.refusals,
                 handler: grant),
        APIRoute(method: .POST, url: .adminSubscriptionExtend(nil), summary: "Add days to a subscription; audited", tag: "admin",
                 access: .admin, parameters: [OffersAPI.idParameter], requestBody: ChangeBody.extendSchema,
                 responses: [(.ok, "Extended", .reference("AdminSubscription")), OffersAPI.notFound("subscription"), OffersAPI.invalid]
                    + UsersAPI.refusals,
                 handler: extend),
        APIRoute(method: .POST, url: .adminSubscriptionExpire(nil), summary: "End a subscription now; audited", tag: "admin",
                 access: .admin, parameters: [OffersAPI.idParameter], requestBody: ChangeBody.expireSchema, requestBodyIsOptional: true,
                 responses: [(.ok, "Expired", .reference("AdminSubscription")), OffersAPI.notFound("subscription"),
                             (.conflict, "Already expired", .reference("Error"))] + UsersAPI.refusals,
                 handler: expire),
        APIRoute(method: .GET, url: .adminSubscriptionAudits, summary: "The latest manual subscription changes", tag: "admin", access: .admin,
                 responses: [(.ok, "Newest first, up to 200", .array(.reference("SubscriptionAudit")))] + UsersAPI.refusals,
                 handler: listAudits),
        APIRoute(method: .GET, url: .adminRevenue, summary: "The revenue report over the last 30 days", tag: "admin", access: .admin,
                 responses: [(.ok, "The report", .reference("Revenue"))] + UsersAPI.refusals, handler: revenue),
    ]

    static let schemas: [String: JSONSchema] = [
        "AdminCheckout": AdminCheckoutDTO.schema, "AdminCheckoutPage": CheckoutPageDTO.schema, "Postback": PostbackDTO.schema,
        "AdminCheckoutDetail": CheckoutDetailDTO.schema, "Simulation": SimulationDTO.schema, "AdminSubscription": AdminSubscriptionDTO.schema,
        "AdminSubscriptionPage": SubscriptionPageDTO.schema, "SubscriptionAudit": AuditDTO.schema, "Revenue": RevenueDTO.schema,
        "Gateway": GatewaysAPI.GatewayDTO.schema,
    ]

    @Sendable static func listCheckouts(req: Request) async throws -> Response {
        let page = try await CheckoutSearch(try req.query.decode(CheckoutSearch.Query.self)).page(on: req.db)
        return try APICoding.response(CheckoutPageDTO(checkouts: page.checkouts.map(AdminCheckoutDTO.init), hasMore: page.hasMore))
    }

    @Sendable static func exportCheckouts(req: Request) async throws -> Response {
        try await CheckoutsAdminController.csv(req: req)
    }

    @Sendable static func showCheckout(req: Request) async throws -> Response {
        let detail = try await CheckoutsAdminController.detail(req)
        return try APICoding.response(CheckoutDetailDTO(checkout: AdminCheckoutDTO(detail.checkout), postbacks: detail.events.map(PostbackDTO.init)))
    }

    @Sendable static func simulatePayment(req: Request) async throws -> Response {
        let detail = try await CheckoutsAdminController.detail(req)
        guard try await CheckoutsAdminController.canSimulate(detail.checkout, on: req.db) else {
            throw Abort(.conflict, reason: "Only a checkout charged by the sandbox gateway can be paid by simulation.")
        }
        let body = req.body.data == nil ? SimulateBody() : try req.apiBody(SimulateBody.self)
        let delivery = try await SimulatedPayment.send(
            body.status ?? .paid, for: detail.checkout, siteAddress: SimulatedPayment.loopbackAddress(of: req.application),
            application: req.application)
        return try APICoding.response(SimulationDTO(webhookStatus: Int(delivery.status.code), webhookAnswer: delivery.answer))
    }

    @Sendable static func listSubscriptions(req: Request) async throws -> Response {
        let filters = try req.query.decode(SubscriptionsAdminController.Filters.self)
        let page = max(1, min(filters.page ?? 1, 10_000))
        let listing = try await SubscriptionAdministration.listing(
            status: filters.status.flatMap(SubscriptionStatus.init(rawValue:)), email: filters.email, page: page, on: req.db)
        return try APICoding.response(SubscriptionPageDTO(subscriptions: listing.subscriptions.map(AdminSubscriptionDTO.init), hasMore: listing.hasMore))
    }

    static func withRelations(_ subscription: Subscription, on database: any Database) async throws -> Subscription {
        try await Subscription.query(on: database).filter(\.$id == subscription.requireID()).with(\.$user).with(\.$plan).first() ?? subscription
    }

    @Sendable static func grant(req: Request) async throws -> Response {
        let body = try req.apiBody(GrantBody.self)
        let subscription = try await SubscriptionAdministration.grant(
            userID: body.userId, email: body.email, planID: body.planId, days: body.days, note: body.note,
            by: try req.subscriptionAdmin(), on: req.db)
        return try APICoding.response(AdminSubscriptionDTO(try await withRelations(subscription, on: req.db)), status: .created)
    }

    @Sendable static func extend(req: Request) async throws -> Response {
        let body = try req.apiBody(ChangeBody.self)
        let subscription = try await SubscriptionAdministration.extend(
            try req.recordID(), days: body.days, note: body.note, by: try req.subscriptionAdmin(), on: req.db)
        return try APICoding.response(AdminSubscriptionDTO(try await withRelations(subscription, on: req.db)))
    }

    @Sendable static func expire(req: Request) async throws -> Response {
        let body = req.body.data == nil ? ChangeBody() : try req.apiBody(ChangeBody.self)
        let subscription = try await SubscriptionAdministration.expire(
            try req.recordID(), note: body.note, by: try req.subscriptionAdmin(), on: req.db)
        return try APICoding.response(AdminSubscriptionDTO(try await withRelations(subscription, on: req.db)))
    }

    @Sendable static func listAudits(req: Request) async throws -> Response {
        try APICoding.response(try await SubscriptionAdministration.latestAudits(limit: 200, on: req.db).map(AuditDTO.init))
    }

    @Sendable static func revenue(req: Request) async throws -> Response {
        try APICoding.response(RevenueDTO(try await RevenueReport.load(on: req.db, now: req.now)))
    }
}
