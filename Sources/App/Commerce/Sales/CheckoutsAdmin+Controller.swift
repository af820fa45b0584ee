import Commerce
import Fluent
import Localization
import Payments
import Schema
import Vapor

/// The admin panel's checkouts (`/admin/checkouts`): the filtered list (abandoned ones are the recovery list),
/// its CSV, one checkout with its postback history, and "simulate payment" on a sandbox checkout.
enum CheckoutsAdminController {
    static func register(on routes: any RoutesBuilder) {
        routes.get(AdminURL.checkouts.pathComponents, use: list)
        routes.get(AdminURL.checkoutsCSV.pathComponents, use: csv)
        routes.get(AdminURL.checkout(nil).pathComponents, use: show)
        routes.post(AdminURL.checkoutSimulate(nil).pathComponents, use: simulate)
    }

    @Sendable static func list(req: Request) async throws -> Response {
        let context = await req.pageContext()
        let query = try req.query.decode(CheckoutSearch.Query.self)
        do {
            let search = try CheckoutSearch(query)
            let page = try await search.page(on: req.db)
            return CheckoutsAdminPages.list(
                context, search: search, checkouts: page.checkouts, hasMore: page.hasMore, problems: [:])
        } catch let refused as Refusal {
            return CheckoutsAdminPages.list(
                context, search: CheckoutSearch(), checkouts: [], hasMore: false,
                problems: refused.messages(context.copy), status: .unprocessableEntity)
        }
    }

    @Sendable static func csv(req: Request) async throws -> Response {
        let search = try CheckoutSearch(try req.query.decode(CheckoutSearch.Query.self))
        return csvResponse(try await search.query(on: req.db).limit(CheckoutSearch.exportLimit).all(), now: req.now)
    }

    struct Detail: Sendable {
        let checkout: Checkout
        let bumps: [OrderBump]
        let events: [PaymentEvent]
        let buyer: User?
    }

    static func detail(_ req: Request) async throws -> Detail {
        guard
            let checkout = try await Checkout.query(on: req.db).filter(\.$id == (try req.recordID())).with(\.$plan)
                .with(\.$user).first()
        else {
            throw Refusal.unknown(.checkout)
        }
        let bumpIDs = checkout.orderBumpIDs?.value ?? []
        let bumps = bumpIDs.isEmpty ? [] : try await OrderBump.query(on: req.db).filter(\.$id ~~ bumpIDs).all()
        // Its postbacks: the ones applied to it, and any for its charge that found no checkout (unknown at the time).
        let events = try await PaymentEvent.query(on: req.db).group(.or) { group in
            group.filter(\.$checkout.$id == checkout.id)
            if let charge = checkout.externalID { group.filter(\.$chargeID == charge) }
        }.sort(\.$receivedAt, .descending).sort(\.$id, .descending).limit(200).all()
        return Detail(checkout: checkout, bumps: bumps, events: events, buyer: checkout.user)
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let detail = try await detail(req)
        return CheckoutsAdminPages.detail(
            await req.pageContext(), detail, canSimulate: try await canSimulate(detail.checkout, on: req.db),
            notice: req.adminNotice)
    }

    /// The sandbox can pay any checkout that has a sandbox charge: its ids start with the sandbox's prefix.
    static func canSimulate(_ checkout: Checkout, on database: any Database) async throws -> Bool {
        guard checkout.externalID?.hasPrefix(SandboxGateway.chargePrefix) == true else { return false }
        return try await PaymentGateway.query(on: database).filter(\.$name == PaymentProviders.Kind.sandbox.rawValue)
            .count() > 0
    }

    struct SimulateForm: Content {
        var status: String?
    }

    @Sendable static func simulate(req: Request) async throws -> Response {
        let detail = try await detail(req)
        let checkoutID = try detail.checkout.requireID()
        guard try await canSimulate(detail.checkout, on: req.db),
            let status = ChargeStatus(rawValue: try req.content.decode(SimulateForm.self).status ?? "paid")
        else { throw Refusal.request(.conflict, .simulationNeedsSandbox) }
        do {
            let delivery = try await SimulatedPayment.send(
                status, for: detail.checkout, siteAddress: SimulatedPayment.loopbackAddress(of: req.application),
                application: req.application)
            req.logger.info(
                "simulated \(status.rawValue) postback for checkout \(checkoutID): \(delivery.status.code) \(delivery.answer)"
            )
            return req.redirectAfterForm(
                to: AdminURL.checkout(checkoutID).with(delivery.status == .ok ? .postbackSent : .postbackRefused))
        } catch let error as SimulatedPayment.Refused {
            req.logger.warning("simulate payment for checkout \(checkoutID): \(error)")
            return req.redirectAfterForm(to: AdminURL.checkout(checkoutID).with(.postbackRefused))
        }
    }

    private static func csvResponse(_ checkouts: [Checkout], now: Date) -> Response {
        let stamp = ISO8601DateFormatter().string(from: now).prefix(10)
        return CSVDownload.response(CheckoutSearch.csvRows(checkouts), filename: "checkouts-\(stamp).csv")
    }
}

extension CheckoutSearch.Query: Content {}
