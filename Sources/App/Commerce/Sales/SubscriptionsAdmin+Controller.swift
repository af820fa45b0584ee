import Commerce
import Fluent
import Localization
import Schema
import Vapor

/// `/admin/assinaturas`.
enum SubscriptionsAdminController {
    static func register(on routes: any RoutesBuilder) {
        routes.get(AdminURL.subscriptions.pathComponents, use: list)
        routes.post(AdminURL.subscriptionGrant.pathComponents, use: grant)
        routes.post(AdminURL.subscriptionExtend(nil).pathComponents, use: extend)
        routes.post(AdminURL.subscriptionExpire(nil).pathComponents, use: expire)
        routes.post(AdminURL.subscriptionStopRenewal(nil).pathComponents, use: stopRenewal)
    }

    struct Filters: Content {
        var status: String?
        var email: String?
        var page: Int?
    }

    struct ChangeForm: Content {
        var email: String?
        var plan_id: String?
        var days: String?
        var note: String?
    }

    @Sendable static func list(req: Request) async throws -> Response {
        let notice = req.adminNotice
        return try await page(
            req, notice: { notice?.message($0) }, grantState: { _ in FormState(values: ["days": "30"]) }, status: .ok)
    }

    /// The page, with a notice and the grant form's state in the page's language.
    static func page(
        _ req: Request, notice: (Copy) -> String?, grantState: (Copy) -> FormState, status: HTTPResponseStatus
    ) async throws -> Response {
        let context = await req.pageContext()
        let filters = try req.query.decode(Filters.self)
        let statusFilter = filters.status.flatMap(SubscriptionStatus.init(rawValue:))
        let pageNumber = max(1, min(filters.page ?? 1, 10_000))
        let listing = try await SubscriptionAdministration.listing(
            status: statusFilter, email: filters.email, page: pageNumber, on: req.db)
        return SubscriptionsAdminPages.list(
            context, listing: listing, audits: try await SubscriptionAdministration.latestAudits(limit: 50, on: req.db),
            plans: try await PlanAdministration.all(on: req.db),
            filters: FormState(values: ["status": statusFilter?.rawValue ?? "", "email": filters.email ?? ""]),
            page: pageNumber,
            grantState: grantState(context.copy), notice: notice(context.copy), status: status)
    }

    @Sendable static func grant(req: Request) async throws -> Response {
        let form = try req.content.decode(ChangeForm.self)
        do {
            _ = try await SubscriptionAdministration.grant(
                userID: nil, email: form.email, planID: form.plan_id.flatMap { Int($0) },
                days: form.days.flatMap { Int($0) }, note: form.note,
                by: try req.subscriptionAdmin(), on: req.db)
            return req.redirectAfterForm(to: AdminURL.subscriptions.with(.subscriptionChanged))
        } catch let refused as Refusal {
            let values = [
                "email": form.email ?? "", "plan_id": form.plan_id ?? "", "days": form.days ?? "",
                "note": form.note ?? "",
            ]
            return try await page(
                req, notice: { _ in nil },
                grantState: { FormState(refused, values: values, copy: $0) }, status: refused.status)
        }
    }

    @Sendable static func extend(req: Request) async throws -> Response {
        let form = try req.content.decode(ChangeForm.self)
        do {
            _ = try await SubscriptionAdministration.extend(
                try req.recordID(), days: form.days.flatMap { Int($0) }, note: form.note,
                by: try req.subscriptionAdmin(), on: req.db)
            return req.redirectAfterForm(to: AdminURL.subscriptions.with(.subscriptionChanged))
        } catch let refused as Refusal {
            return try await refusedChange(req, refused)
        }
    }

    /// A refused extend or expire: the list again, with the reason as its notice.
    static func refusedChange(_ req: Request, _ refused: Refusal) async throws -> Response {
        try await page(
            req, notice: { refused.messages($0).values.sorted().first },
            grantState: { _ in FormState(values: ["days": "30"]) },
            status: refused.status)
    }

    @Sendable static func stopRenewal(req: Request) async throws -> Response {
        let form = try req.content.decode(ChangeForm.self)
        do {
            _ = try await SubscriptionAdministration.stopRenewal(
                try req.recordID(), note: form.note, by: try req.subscriptionAdmin(),
                providers: await req.configuredProviders(), on: req.db)
            return req.redirectAfterForm(to: AdminURL.subscriptions.with(.subscriptionChanged))
        } catch let refused as Refusal {
            return try await refusedChange(req, refused)
        }
    }

    @Sendable static func expire(req: Request) async throws -> Response {
        let form = try req.content.decode(ChangeForm.self)
        do {
            _ = try await SubscriptionAdministration.expire(
                try req.recordID(), note: form.note, by: try req.subscriptionAdmin(),
                providers: await req.configuredProviders(), on: req.db)
            return req.redirectAfterForm(to: AdminURL.subscriptions.with(.subscriptionChanged))
        } catch let refused as Refusal {
            return try await refusedChange(req, refused)
        }
    }
}

extension Request {
    /// The admin making a manual change to a subscription, as its audit row names them.
    func subscriptionAdmin() throws -> SubscriptionAdjustments.Admin {
        guard let user = signedInUser?.user else { throw Abort(.unauthorized) }
        return .init(id: user.id, email: user.email)
    }
}
