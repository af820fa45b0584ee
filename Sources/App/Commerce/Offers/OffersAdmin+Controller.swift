import Commerce
import Fluent
import Localization
import Schema
import Vapor

/// The admin panel's plans and order bumps (`/admin/planos`): list, create, edit, delete.
enum OffersAdminController {
    static func register(on routes: any RoutesBuilder) {
        routes.get(AdminURL.offers.pathComponents, use: list)
        routes.get(AdminURL.planNew.pathComponents, use: newPlan)
        routes.post(AdminURL.planNew.pathComponents, use: createPlan)
        routes.get(AdminURL.plan(nil).pathComponents, use: editPlan)
        routes.post(AdminURL.plan(nil).pathComponents, use: updatePlan)
        routes.post(AdminURL.planDelete(nil).pathComponents, use: deletePlan)
        routes.get(AdminURL.orderBumpNew.pathComponents, use: newBump)
        routes.post(AdminURL.orderBumpNew.pathComponents, use: createBump)
        routes.get(AdminURL.orderBump(nil).pathComponents, use: editBump)
        routes.post(AdminURL.orderBump(nil).pathComponents, use: updateBump)
        routes.post(AdminURL.orderBumpDelete(nil).pathComponents, use: deleteBump)
    }

    struct PlanForm: Content {
        var name: String?
        var price: String?
        var duration_days: String?
        var benefits: String?
        var cta_text: String?
        var checkout_url: String?
        var accepts_pix: String?
        var accepts_card: String?
        /// `one_time`, a period of months (`P1M`), or `days` for a period of `duration_days` days.
        var billing_period: String?

        /// A price or duration that doesn't read as a number becomes an impossible one, which validation names.
        var input: PlanAdministration.Input {
            let choice = billing_period ?? PlanBilling.oneTime.rawValue
            let isOneTime = choice == PlanBilling.oneTime.rawValue
            return .init(
                name: name ?? "", priceCents: Money(parsing: price ?? "")?.cents ?? 0,
                durationDays: Int(duration_days ?? "") ?? 0,
                benefits: (benefits ?? "").split(whereSeparator: \.isNewline).map(String.init), ctaText: cta_text ?? "",
                checkoutURL: checkout_url ?? "", acceptsPix: accepts_pix == "true", acceptsCard: accepts_card == "true",
                billing: (isOneTime ? PlanBilling.oneTime : .recurring).rawValue,
                billingPeriod: choice == "days" ? "P\(Int(duration_days ?? "") ?? 0)D" : isOneTime ? "" : choice)
        }

        var values: [String: String] {
            [
                "name": name ?? "", "price": price ?? "", "duration_days": duration_days ?? "",
                "benefits": benefits ?? "",
                "cta_text": cta_text ?? "", "checkout_url": checkout_url ?? "", "accepts_pix": accepts_pix ?? "",
                "accepts_card": accepts_card ?? "", "billing_period": billing_period ?? "",
            ]
        }

        init(_ plan: Plan?) {
            name = plan?.name
            price = plan.map { Money(cents: $0.price).formatted.replacingOccurrences(of: "R$ ", with: "") }
            duration_days = plan.map { String($0.duration) }
            benefits = plan?.benefits?.value.joined(separator: "\n")
            cta_text = plan?.ctaText
            checkout_url = plan?.checkoutURL
            accepts_pix = plan?.acceptsPix ?? true ? "true" : nil
            accepts_card = plan?.acceptsCard ?? true ? "true" : nil
            switch plan.map(SubscriptionLifecycle.Length.init(of:)) {
            case .period(.days(let days))?:
                billing_period = "days"
                duration_days = String(days)
            case .period(let period)?: billing_period = period.iso8601
            case .days?, nil: billing_period = PlanBilling.oneTime.rawValue
            }
        }
    }

    struct BumpForm: Content {
        var name: String?
        var description: String?
        var price: String?
        var image_url: String?
        var display_order: String?
        var is_active: String?

        var input: OrderBumpAdministration.Input {
            .init(
                name: name ?? "", description: description ?? "", priceCents: Money(parsing: price ?? "")?.cents ?? 0,
                isActive: is_active == "true", imageURL: image_url ?? "",
                displayOrder: display_order.flatMap { $0.isEmpty ? 0 : Int($0) } ?? -1)
        }

        var values: [String: String] {
            [
                "name": name ?? "", "description": description ?? "", "price": price ?? "",
                "image_url": image_url ?? "",
                "display_order": display_order ?? "", "is_active": is_active ?? "",
            ]
        }

        init(_ bump: OrderBump?) {
            name = bump?.name
            description = bump?.offerDescription
            price = bump.map { Money(cents: $0.price).formatted.replacingOccurrences(of: "R$ ", with: "") }
            image_url = bump?.imageURL
            display_order = bump.map { String($0.displayOrder) }
            is_active = bump?.isActive ?? true ? "true" : nil
        }
    }

    @Sendable static func list(req: Request) async throws -> Response {
        OffersAdminPages.list(
            await req.pageContext(), plans: try await PlanAdministration.all(on: req.db),
            bumps: try await OrderBumpAdministration.all(activeOnly: false, on: req.db), notice: req.adminNotice)
    }

    @Sendable static func newPlan(req: Request) async throws -> Response {
        OffersAdminPages.planForm(
            await req.pageContext(), plan: nil, state: FormState(values: PlanForm(nil).values), status: .ok)
    }

    @Sendable static func createPlan(req: Request) async throws -> Response { try await savePlan(req, into: Plan()) }

    @Sendable static func editPlan(req: Request) async throws -> Response {
        let plan = try await OffersAPI.plan(req)
        return OffersAdminPages.planForm(
            await req.pageContext(), plan: plan, state: FormState(values: PlanForm(plan).values), status: .ok)
    }

    @Sendable static func updatePlan(req: Request) async throws -> Response {
        try await savePlan(req, into: try await OffersAPI.plan(req))
    }

    static func savePlan(_ req: Request, into plan: Plan) async throws -> Response {
        let form = try req.content.decode(PlanForm.self)
        return try await req.submitForm(keeping: form.values) {
            try await PlanAdministration.save(form.input, into: plan, on: req.db)
            return AdminURL.offers.with(.saved)
        } orRedraw: { context, state, status in
            OffersAdminPages.planForm(context, plan: plan.id == nil ? nil : plan, state: state, status: status)
        }
    }

    @Sendable static func deletePlan(req: Request) async throws -> Response {
        try await PlanAdministration.delete(try await OffersAPI.plan(req), on: req.db)
        return req.redirectAfterForm(to: AdminURL.offers.with(.deleted))
    }

    @Sendable static func newBump(req: Request) async throws -> Response {
        OffersAdminPages.bumpForm(
            await req.pageContext(), bump: nil, state: FormState(values: BumpForm(nil).values), status: .ok)
    }

    @Sendable static func createBump(req: Request) async throws -> Response {
        try await saveBump(req, into: OrderBump())
    }

    @Sendable static func editBump(req: Request) async throws -> Response {
        let bump = try await OffersAPI.bump(req)
        return OffersAdminPages.bumpForm(
            await req.pageContext(), bump: bump, state: FormState(values: BumpForm(bump).values), status: .ok)
    }

    @Sendable static func updateBump(req: Request) async throws -> Response {
        try await saveBump(req, into: try await OffersAPI.bump(req))
    }

    static func saveBump(_ req: Request, into bump: OrderBump) async throws -> Response {
        let form = try req.content.decode(BumpForm.self)
        return try await req.submitForm(keeping: form.values) {
            try await OrderBumpAdministration.save(form.input, into: bump, on: req.db)
            return AdminURL.offers.with(.saved)
        } orRedraw: { context, state, status in
            OffersAdminPages.bumpForm(context, bump: bump.id == nil ? nil : bump, state: state, status: status)
        }
    }

    @Sendable static func deleteBump(req: Request) async throws -> Response {
        try await OffersAPI.bump(req).delete(on: req.db)
        return req.redirectAfterForm(to: AdminURL.offers.with(.deleted))
    }
}
