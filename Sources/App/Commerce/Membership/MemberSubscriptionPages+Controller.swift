import Accounts
import Commerce
import Localization
import Schema
import Vapor

/// The signed-in member's `/conta/assinatura`: turn renewal off and on, choose the next plan, and print receipts.
/// Each change is a POST that redirects back with a notice, so a reload never repeats it.
enum MemberSubscriptionPagesController {
    static func register(on routes: any RoutesBuilder) {
        let signedIn = routes.grouped(AccessControl.RequireSignIn())
        signedIn.get(SiteURL.accountSubscription.pathComponents, use: show)
        signedIn.post(SiteURL.accountSubscriptionCancel.pathComponents, use: cancel)
        signedIn.post(SiteURL.accountSubscriptionResume.pathComponents, use: resume)
        signedIn.post(SiteURL.accountSubscriptionPlan.pathComponents, use: switchPlan)
        signedIn.get(SiteURL.accountReceipt(checkoutID: nil).pathComponents, use: receipt)
    }

    /// Notices the page shows after a redirect, by a key in its query string.
    enum Notice: String {
        case renewalTurnedOff = "renovacao-cancelada"
        case renewalTurnedOn = "renovacao-retomada"
        case planSwitchSaved = "plano-escolhido"

        func text(_ copy: Copy) -> String {
            switch self {
            case .renewalTurnedOff: copy.renewalTurnedOffNotice
            case .renewalTurnedOn: copy.renewalTurnedOnNotice
            case .planSwitchSaved: copy.planSwitchSavedNotice
            }
        }
    }

    struct PlanForm: Content {
        var plan_id: String?
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let notice = (try? req.query.get(String.self, at: "aviso")).flatMap(Notice.init(rawValue:))
        return try await page(req, notice: notice)
    }

    @Sendable static func cancel(req: Request) async throws -> Response {
        try await change(req, notice: .renewalTurnedOff) {
            _ = try await MemberSubscription.cancel(
                userID: $0, providers: await req.configuredProviders(), on: req.db, now: req.now)
        }
    }

    @Sendable static func resume(req: Request) async throws -> Response {
        try await change(req, notice: .renewalTurnedOn) {
            _ = try await MemberSubscription.resume(userID: $0, on: req.db, now: req.now)
        }
    }

    @Sendable static func switchPlan(req: Request) async throws -> Response {
        let form = try req.content.decode(PlanForm.self)
        let raw = form.plan_id?.trimmingCharacters(in: .whitespaces) ?? ""
        guard raw.isEmpty || Int(raw) != nil else {
            throw Refusal.invalid(["plan_id": MemberSubscription.Problem.planNotSwitchable])
        }
        return try await change(req, notice: .planSwitchSaved) {
            _ = try await MemberSubscription.switchPlan(userID: $0, to: Int(raw), on: req.db, now: req.now)
        }
    }

    @Sendable static func receipt(req: Request) async throws -> Response {
        // Another member's receipt, or one that doesn't exist, answers the same 404: ids reveal nothing.
        guard let checkoutID = req.parameters.get("checkout", as: Int.self),
            let receipt = try await MemberSubscription.receipt(
                checkoutID: checkoutID, of: try memberID(req), on: req.db)
        else { throw Abort(.notFound) }
        return MemberSubscriptionPages.receipt(await req.pageContext(), receipt)
    }

    /// Runs one change; a refusal shows the page again with its message and the refusal's status.
    private static func change(
        _ req: Request, notice: Notice, _ body: (_ userID: Int) async throws -> Void
    ) async throws -> Response {
        do {
            try await body(try memberID(req))
        } catch let refusal as Refusal where refusal.kind == .invalid || refusal.kind == .notFound {
            let copy = await req.pageContext().copy
            let message = refusal.messages(copy).values.sorted().first ?? refusal.message(copy)
            return try await page(
                req, error: message, status: refusal.kind == .invalid ? .unprocessableEntity : .notFound)
        }
        return req.redirect(
            to: SiteURL.accountSubscription.path + "?aviso=" + notice.rawValue, redirectType: .normal)
    }

    private static func page(
        _ req: Request, notice: Notice? = nil, error: String? = nil, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let userID = try memberID(req)
        let overview = try await MemberSubscription.current(of: userID, on: req.db, now: req.now)
        var switchable: [Plan] = []
        if let overview { switchable = try await MemberSubscription.switchablePlans(for: overview, on: req.db) }
        let payments = try await MemberSubscription.payments(of: userID, on: req.db)
        let context = await req.pageContext()
        return MemberSubscriptionPages.subscription(
            context, overview: overview, switchable: switchable, payments: payments,
            notice: notice?.text(context.copy), error: error, status: status)
    }

    private static func memberID(_ req: Request) throws -> Int {
        try req.auth.require(SignedInUser.self).user.requireID()
    }
}
