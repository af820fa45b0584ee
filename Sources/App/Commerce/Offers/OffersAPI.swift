import APISchema
import Commerce
import Fluent
import Localization
import Schema
import Vapor

/// `/api/v1/plans` and `/api/v1/order-bumps` (what anyone may buy) and their admin CRUD under `/api/v1/admin`.
enum OffersAPI {

    struct PlanDTO: Content {
        let id: Int
        let name: String
        /// Cents.
        let price: Int
        /// "R$ 29,90".
        let priceFormatted: String
        let durationDays: Int
        let benefits: [String]
        let ctaText: String?
        /// When set, buying happens there instead of on our checkout.
        let checkoutUrl: String?
        let acceptsPix: Bool
        let acceptsCard: Bool
        /// `one_time` or `recurring`.
        let billing: String
        /// A recurring plan's period as an ISO 8601 duration (`P1M`); nil for a one-time plan.
        let billingPeriod: String?

        init(_ plan: Plan) {
            id = plan.id ?? 0
            name = plan.name
            price = plan.price
            priceFormatted = Money(cents: plan.price).formatted
            durationDays = plan.duration
            benefits = plan.benefits?.value ?? []
            ctaText = plan.ctaText
            checkoutUrl = plan.checkoutURL
            acceptsPix = plan.acceptsPix
            acceptsCard = plan.acceptsCard
            billing = plan.billing.rawValue
            billingPeriod = plan.billing == .recurring ? plan.billingPeriod : nil
        }

        static let schema = JSONSchema.object([
            .init("id", .integer), .init("name", .string), .init("price", .integer(description: "Cents.")),
            .init("price_formatted", .string), .init("duration_days", .integer), .init("benefits", .array(.string)),
            .init("cta_text", .nullable(.string)), .init("checkout_url", .nullable(.string)),
            .init("accepts_pix", .boolean),
            .init("accepts_card", .boolean),
            .init("billing", .enumeration(PlanBilling.self)),
            .init("billing_period", .nullable(.string(description: "ISO 8601: P1M, P3M, P6M, P12M or PnD."))),
        ])
    }

    struct BumpDTO: Content {
        let id: Int
        let name: String
        let description: String?
        let price: Int
        let priceFormatted: String
        let isActive: Bool
        let imageUrl: String?
        let displayOrder: Int

        init(_ bump: OrderBump) {
            id = bump.id ?? 0
            name = bump.name
            description = bump.offerDescription
            price = bump.price
            priceFormatted = Money(cents: bump.price).formatted
            isActive = bump.isActive
            imageUrl = bump.imageURL
            displayOrder = bump.displayOrder
        }

        static let schema = JSONSchema.object([
            .init("id", .integer), .init("name", .string), .init("description", .nullable(.string)),
            .init("price", .integer(description: "Cents.")), .init("price_formatted", .string),
            .init("is_active", .boolean),
            .init("image_url", .nullable(.string)), .init("display_order", .integer),
        ])
    }

    struct PlanBody: Content {
        var name: String?
        var price: Int?
        var durationDays: Int?
        var benefits: [String]?
        var ctaText: String?
        var checkoutUrl: String?
        var acceptsPix: Bool?
        var acceptsCard: Bool?
        var billing: String?
        var billingPeriod: String?

        var input: PlanAdministration.Input {
            .init(
                name: name ?? "", priceCents: price ?? 0, durationDays: durationDays ?? 0, benefits: benefits ?? [],
                ctaText: ctaText ?? "", checkoutURL: checkoutUrl ?? "", acceptsPix: acceptsPix ?? true,
                acceptsCard: acceptsCard ?? true, billing: billing ?? PlanBilling.oneTime.rawValue,
                billingPeriod: billingPeriod ?? "")
        }

        static let schema = JSONSchema.object(
            [
                .init("name", .string), .init("price", .integer(description: "Cents.")),
                .init("duration_days", .integer),
                .init("benefits", .array(.string)), .init("cta_text", .string),
                .init("checkout_url", .string(description: "An https URL of an external checkout; empty for ours.")),
                .init("accepts_pix", .boolean), .init("accepts_card", .boolean),
                .init("billing", .enumeration(PlanBilling.self)),
                .init(
                    "billing_period",
                    .string(description: "For a recurring plan: P1M to P12M (months) or P1D to P3650D (days).")),
            ], required: ["name", "price"])
    }

    struct BumpBody: Content {
        var name: String?
        var description: String?
        var price: Int?
        var isActive: Bool?
        var imageUrl: String?
        var displayOrder: Int?

        var input: OrderBumpAdministration.Input {
            .init(
                name: name ?? "", description: description ?? "", priceCents: price ?? 0, isActive: isActive ?? true,
                imageURL: imageUrl ?? "", displayOrder: displayOrder ?? 0)
        }

        static let schema = JSONSchema.object(
            [
                .init("name", .string), .init("description", .string), .init("price", .integer(description: "Cents.")),
                .init("is_active", .boolean), .init("image_url", .string), .init("display_order", .integer),
            ], required: ["name", "price"])
    }

    static let operations: [APIRoute] = [
        APIRoute(
            method: .GET, url: .plans, summary: "The plans on sale, cheapest first", tag: "commerce", access: .anyone,
            responses: [(.ok, "The plans", .array(.reference("Plan")))], handler: listPlans),
        APIRoute(
            method: .GET, url: .orderBumps, summary: "The active order bumps, in display order", tag: "commerce",
            access: .anyone,
            responses: [(.ok, "The order bumps", .array(.reference("OrderBump")))], handler: listActiveBumps),
        APIRoute(
            method: .POST, url: .adminPlans, summary: "Create a plan", tag: "admin", access: .admin,
            requestBody: PlanBody.schema,
            responses: [(.created, "Created", .reference("Plan")), APIResponses.invalid] + APIResponses.adminRefusals,
            handler: createPlan),
        APIRoute(
            method: .PUT, url: .adminPlan(nil), summary: "Replace a plan's fields", tag: "admin", access: .admin,
            parameters: [.id(of: "plan")], requestBody: PlanBody.schema,
            responses: [(.ok, "Saved", .reference("Plan")), APIResponses.notFound("plan"), APIResponses.invalid]
                + APIResponses.adminRefusals,
            handler: updatePlan),
        APIRoute(
            method: .DELETE, url: .adminPlan(nil), summary: "Delete a plan nothing refers to", tag: "admin",
            access: .admin,
            parameters: [.id(of: "plan")],
            responses: [
                (.noContent, "Deleted", nil), APIResponses.notFound("plan"),
                (.conflict, "Checkouts or subscriptions refer to the plan", .reference("Error")),
            ] + APIResponses.adminRefusals,
            handler: deletePlan),
        APIRoute(
            method: .GET, url: .adminOrderBumps, summary: "Every order bump, active or not", tag: "admin",
            access: .admin,
            responses: [(.ok, "The order bumps", .array(.reference("OrderBump")))] + APIResponses.adminRefusals,
            handler: listAllBumps),
        APIRoute(
            method: .POST, url: .adminOrderBumps, summary: "Create an order bump", tag: "admin", access: .admin,
            requestBody: BumpBody.schema,
            responses: [(.created, "Created", .reference("OrderBump")), APIResponses.invalid]
                + APIResponses.adminRefusals,
            handler: createBump),
        APIRoute(
            method: .PUT, url: .adminOrderBump(nil), summary: "Replace an order bump's fields", tag: "admin",
            access: .admin,
            parameters: [.id(of: "order bump")], requestBody: BumpBody.schema,
            responses: [
                (.ok, "Saved", .reference("OrderBump")), APIResponses.notFound("order bump"), APIResponses.invalid,
            ] + APIResponses.adminRefusals,
            handler: updateBump),
        APIRoute(
            method: .DELETE, url: .adminOrderBump(nil), summary: "Delete an order bump", tag: "admin", access: .admin,
            parameters: [.id(of: "order bump")],
            responses: [(.noContent, "Deleted", nil), APIResponses.notFound("order bump")] + APIResponses.adminRefusals,
            handler: deleteBump),
    ]

    @Sendable static func listPlans(req: Request) async throws -> Response {
        try APICoding.response(try await PlanAdministration.all(on: req.db).map(PlanDTO.init))
    }

    @Sendable static func listActiveBumps(req: Request) async throws -> Response {
        try APICoding.response(try await OrderBumpAdministration.all(activeOnly: true, on: req.db).map(BumpDTO.init))
    }

    @Sendable static func listAllBumps(req: Request) async throws -> Response {
        try APICoding.response(try await OrderBumpAdministration.all(activeOnly: false, on: req.db).map(BumpDTO.init))
    }

    static func plan(_ req: Request) async throws -> Plan {
        guard let plan = try await Plan.find(try req.recordID(), on: req.db) else {
            throw Refusal.unknown(.plan)
        }
        return plan
    }

    static func bump(_ req: Request) async throws -> OrderBump {
        guard let bump = try await OrderBump.find(try req.recordID(), on: req.db) else {
            throw Refusal.unknown(.orderBump)
        }
        return bump
    }

    @Sendable static func createPlan(req: Request) async throws -> Response {
        let plan = Plan()
        try await PlanAdministration.save(try req.apiBody(PlanBody.self).input, into: plan, on: req.db)
        return try APICoding.response(PlanDTO(plan), status: .created)
    }

    @Sendable static func updatePlan(req: Request) async throws -> Response {
        let plan = try await plan(req)
        try await PlanAdministration.save(try req.apiBody(PlanBody.self).input, into: plan, on: req.db)
        return try APICoding.response(PlanDTO(plan))
    }

    @Sendable static func deletePlan(req: Request) async throws -> Response {
        try await PlanAdministration.delete(try await plan(req), on: req.db)
        return APICoding.noContent()
    }

    @Sendable static func createBump(req: Request) async throws -> Response {
        let bump = OrderBump()
        try await OrderBumpAdministration.save(try req.apiBody(BumpBody.self).input, into: bump, on: req.db)
        return try APICoding.response(BumpDTO(bump), status: .created)
    }

    @Sendable static func updateBump(req: Request) async throws -> Response {
        let bump = try await bump(req)
        try await OrderBumpAdministration.save(try req.apiBody(BumpBody.self).input, into: bump, on: req.db)
        return try APICoding.response(BumpDTO(bump))
    }

    @Sendable static func deleteBump(req: Request) async throws -> Response {
        try await bump(req).delete(on: req.db)
        return APICoding.noContent()
    }
}
