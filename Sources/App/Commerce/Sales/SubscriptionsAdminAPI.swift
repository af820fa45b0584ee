import APISchema
import Commerce
import Fluent
import Localization
import Payments
import Schema
import Vapor

/// `/api/v1/admin/subscriptions`: subscriptions listed, granted, extended and expired, each change audited, and the
/// audit log.
enum SubscriptionsAdminAPI {
    struct AdminSubscriptionDTO: Content {
        let id: Int
        let userId: Int?
        let userEmail: String?
        let planId: Int?
        let planName: String?
        let status: SubscriptionStatus
        let startDate: Date?
        let endDate: Date?
        let graceEndsAt: Date?
        let billingPeriod: String?
        let renewalPrice: Int?
        let autoRenew: Bool
        let renewsByItself: Bool
        let renewalGateway: String?
        let renewalMethod: String?
        let cyclesPaid: Int
        let cancelledAt: Date?
        let nextPlanId: Int?

        init(_ subscription: Subscription) {
            id = subscription.id ?? 0
            userId = subscription.$user.id
            userEmail = subscription.$user.value??.email
            planId = subscription.$plan.id
            planName = subscription.$plan.value??.name
            status = subscription.status
            startDate = subscription.startDate
            endDate = subscription.endDate
            graceEndsAt = subscription.graceEndsAt
            billingPeriod = subscription.billingPeriod
            renewalPrice = subscription.renewalPrice
            autoRenew = subscription.autoRenew
            renewsByItself = AutomaticRenewals.renewsByItself(subscription)
            renewalGateway = subscription.renewalGateway
            renewalMethod = subscription.renewalMethod
            cyclesPaid = subscription.cyclesPaid
            cancelledAt = subscription.cancelledAt
            nextPlanId = subscription.nextPlanID
        }

        static let schema = JSONSchema.object([
            .init("id", .integer), .init("user_id", .nullable(.integer)), .init("user_email", .nullable(.string)),
            .init("plan_id", .nullable(.integer)), .init("plan_name", .nullable(.string)),
            .init("status", .enumeration(SubscriptionStatus.self)), .init("start_date", .nullable(.dateTime)),
            .init("end_date", .nullable(.dateTime)),
            .init("grace_ends_at", .nullable(.dateTime)),
            .init("billing_period", .nullable(.string(description: "A recurring one's period: P1M, P3M, P30D…"))),
            .init("renewal_price", .nullable(.integer(description: "What a renewal charges, in cents."))),
            .init("auto_renew", .boolean(description: "Renewal is on (the member or an admin may turn it off).")),
            .init("renews_by_itself", .boolean(description: "On, and a provider holds a method the job charges.")),
            .init("renewal_gateway", .nullable(.string)),
            .init("renewal_method", .nullable(.enumeration(PaymentMethod.self))),
            .init("cycles_paid", .integer),
            .init("cancelled_at", .nullable(.dateTime)),
            .init("next_plan_id", .nullable(.integer(description: "The plan the next renewal switches to."))),
        ])
    }

    struct SubscriptionPageDTO: Content {
        let subscriptions: [AdminSubscriptionDTO]
        let hasMore: Bool
        static let schema = JSONSchema.object([
            .init("subscriptions", .array(.reference("AdminSubscription"))), .init("has_more", .boolean),
        ])
    }

    struct GrantBody: Content {
        var userId: Int?
        var email: String?
        var planId: Int?
        var days: Int?
        var note: String?
        static let schema = JSONSchema.object(
            [
                .init("user_id", .integer(description: "The subscriber; or give their e-mail.")),
                .init("email", .string),
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
            .init("id", .integer), .init("created_at", .nullable(.dateTime)),
            .init("subscription_id", .nullable(.integer)),
            .init("user_id", .integer), .init("admin_id", .nullable(.integer)),
            .init("admin_email", .nullable(.string)),
            .init("action", .enumeration(SubscriptionAuditAction.self)), .init("days", .nullable(.integer)),
            .init("previous_end_date", .nullable(.dateTime)), .init("new_end_date", .nullable(.dateTime)),
            .init("note", .nullable(.string)),
        ])
    }

    static let operations: [APIRoute] = [
        APIRoute(
            method: .GET, url: .adminSubscriptions, summary: "Subscriptions, newest first", tag: "admin",
            access: .admin,
            parameters: [
                .init(
                    name: "status", location: .query, schema: .enumeration(SubscriptionStatus.self),
                    description: "Only this status."),
                .init(
                    name: "email", location: .query, schema: .string, description: "Part of the subscriber's e-mail."),
                CheckoutsAdminAPI.pageParameter,
            ],
            responses: [(.ok, "A page of subscriptions", .reference("AdminSubscriptionPage"))]
                + APIResponses.adminRefusals,
            handler: listSubscriptions),
        APIRoute(
            method: .POST, url: .adminSubscriptions,
            summary: "Grant days to a user (added to their running subscription); audited",
            tag: "admin", access: .admin, requestBody: GrantBody.schema,
            responses: [
                (.created, "The subscription granted or extended", .reference("AdminSubscription")),
                APIResponses.invalid,
            ]
                + APIResponses.adminRefusals,
            handler: grant),
        APIRoute(
            method: .POST, url: .adminSubscriptionExtend(nil), summary: "Add days to a subscription; audited",
            tag: "admin",
            access: .admin, parameters: [.id(of: "subscription")], requestBody: ChangeBody.extendSchema,
            responses: [
                (.ok, "Extended", .reference("AdminSubscription")), APIResponses.notFound("subscription"),
                APIResponses.invalid,
            ]
                + APIResponses.adminRefusals,
            handler: extend),
        APIRoute(
            method: .POST, url: .adminSubscriptionExpire(nil), summary: "End a subscription now; audited", tag: "admin",
            access: .admin, parameters: [.id(of: "subscription")], requestBody: ChangeBody.expireSchema,
            requestBodyIsOptional: true,
            responses: [
                (.ok, "Expired", .reference("AdminSubscription")), APIResponses.notFound("subscription"),
                (.conflict, "Already expired", .reference("Error")),
            ] + APIResponses.adminRefusals,
            handler: expire),
        APIRoute(
            method: .POST, url: .adminSubscriptionStopRenewal(nil),
            summary: "Turn a subscription's automatic renewal off; access runs to the end; audited", tag: "admin",
            access: .admin, parameters: [.id(of: "subscription")], requestBody: ChangeBody.expireSchema,
            requestBodyIsOptional: true,
            responses: [
                (.ok, "Renewal is off", .reference("AdminSubscription")), APIResponses.notFound("subscription"),
                (.conflict, "It doesn't renew by itself (`auto_renew`)", .reference("Error")),
            ] + APIResponses.adminRefusals,
            handler: stopRenewal),
        APIRoute(
            method: .POST, url: .adminSubscriptionSimulateRenewal(nil),
            summary: "Sandbox only: send the signed postback of the subscription's next renewal to our own webhook",
            tag: "admin", access: .admin, parameters: [.id(of: "subscription")],
            requestBody: CheckoutsAdminAPI.SimulateBody.schema, requestBodyIsOptional: true,
            responses: [
                (.ok, "Sent; the webhook's answer", .reference("Simulation")), APIResponses.notFound("subscription"),
                (.conflict, "The sandbox doesn't renew it, or the webhook could not be reached", .reference("Error")),
            ] + APIResponses.adminRefusals,
            handler: simulateRenewal),
        APIRoute(
            method: .GET, url: .adminSubscriptionAudits, summary: "The latest manual subscription changes",
            tag: "admin", access: .admin,
            responses: [(.ok, "Newest first, up to 200", .array(.reference("SubscriptionAudit")))]
                + APIResponses.adminRefusals,
            handler: listAudits),
    ]

    static let schemas: [String: JSONSchema] = [
        "AdminSubscription": AdminSubscriptionDTO.schema, "AdminSubscriptionPage": SubscriptionPageDTO.schema,
        "SubscriptionAudit": AuditDTO.schema,
    ]

    @Sendable static func listSubscriptions(req: Request) async throws -> Response {
        let filters = try req.query.decode(SubscriptionsAdminController.Filters.self)
        let page = max(1, min(filters.page ?? 1, 10_000))
        let listing = try await SubscriptionAdministration.listing(
            status: filters.status.flatMap(SubscriptionStatus.init(rawValue:)), email: filters.email, page: page,
            on: req.db)
        return try APICoding.response(
            SubscriptionPageDTO(
                subscriptions: listing.subscriptions.map(AdminSubscriptionDTO.init), hasMore: listing.hasMore))
    }

    static func withRelations(_ subscription: Subscription, on database: any Database) async throws -> Subscription {
        try await Subscription.query(on: database).filter(\.$id == subscription.requireID()).with(\.$user).with(\.$plan)
            .first() ?? subscription
    }

    @Sendable static func grant(req: Request) async throws -> Response {
        let body = try req.apiBody(GrantBody.self)
        let subscription = try await SubscriptionAdministration.grant(
            userID: body.userId, email: body.email, planID: body.planId, days: body.days, note: body.note,
            by: try req.subscriptionAdmin(), on: req.db)
        return try APICoding.response(
            AdminSubscriptionDTO(try await withRelations(subscription, on: req.db)), status: .created)
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
            try req.recordID(), note: body.note, by: try req.subscriptionAdmin(),
            providers: await req.configuredProviders(), on: req.db)
        return try APICoding.response(AdminSubscriptionDTO(try await withRelations(subscription, on: req.db)))
    }

    @Sendable static func stopRenewal(req: Request) async throws -> Response {
        let body = req.body.data == nil ? ChangeBody() : try req.apiBody(ChangeBody.self)
        let subscription = try await SubscriptionAdministration.stopRenewal(
            try req.recordID(), note: body.note, by: try req.subscriptionAdmin(),
            providers: await req.configuredProviders(), on: req.db)
        return try APICoding.response(AdminSubscriptionDTO(try await withRelations(subscription, on: req.db)))
    }

    @Sendable static func simulateRenewal(req: Request) async throws -> Response {
        guard let subscription = try await Subscription.find(try req.recordID(), on: req.db) else {
            throw Refusal(.notFound, reason: SubscriptionAdministration.Problem.subscriptionUnknown)
        }
        guard subscription.renewalGateway == PaymentProviders.Kind.sandbox.rawValue else {
            throw Refusal.request(.conflict, .renewalSimulationNeedsSandbox)
        }
        let body =
            req.body.data == nil
            ? CheckoutsAdminAPI.SimulateBody()
            : try req.apiBody(
                CheckoutsAdminAPI.SimulateBody.self)
        let delivery = try await SimulatedPayment.sendRenewal(
            body.status ?? .paid, for: subscription, siteAddress: SimulatedPayment.loopbackAddress(of: req.application),
            application: req.application)
        return try APICoding.response(
            CheckoutsAdminAPI.SimulationDTO(webhookStatus: Int(delivery.status.code), webhookAnswer: delivery.answer))
    }

    @Sendable static func listAudits(req: Request) async throws -> Response {
        try APICoding.response(
            try await SubscriptionAdministration.latestAudits(limit: 200, on: req.db).map(AuditDTO.init))
    }
}
