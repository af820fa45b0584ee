import Accounts
import Commerce
import Fluent
import Localization
import Payments
import Schema
import Vapor

/// The buyer's pages: the plans side by side, a plan's checkout, and the payment page that waits for the Pix.
enum CheckoutPagesController {
    static func register(on routes: any RoutesBuilder) {
        routes.get(SiteURL.plans.pathComponents, use: plans)
        routes.get(SiteURL.checkout(planID: nil).pathComponents, use: checkoutForm)
        routes.post(SiteURL.checkout(planID: nil).pathComponents, use: startCheckout)
        routes.get(SiteURL.payment(nil).pathComponents, use: payment)
        routes.get(SiteURL.paymentProviderPage(nil).pathComponents, use: providerPage)
    }

    @Sendable static func plans(req: Request) async throws -> Response {
        var current: (plan: String, until: Date)?
        if let user = req.signedInUser?.user {
            let summary = try await AccountSummary.load(for: user, on: req.db, now: req.now)
            if case .active(let until?) = summary.standing {
                current = (
                    summary.subscriptions.first { $0.status == .active || $0.status == .pastDue }?.planName ?? "", until
                )
            }
        }
        return CheckoutPages.plans(
            await req.pageContext(), plans: try await PlanAdministration.all(on: req.db), current: current)
    }

    struct CheckoutForm: Content {
        var name: String?
        var email: String?
        var cpf: String?
        var phone: String?
        var password: String?
        var method: String?
        var card_number: String?
        var bump_ids: [Int]?

        var values: [String: String] {
            [
                "name": name ?? "", "email": email ?? "", "cpf": cpf ?? "", "phone": phone ?? "",
                "method": method ?? "pix",
            ]
        }
    }

    static func plan(_ req: Request) async throws -> Plan {
        guard let id = req.parameters.get("plan", as: Int.self), let plan = try await Plan.find(id, on: req.db) else {
            throw Abort(.notFound)
        }
        return plan
    }

    @Sendable static func checkoutForm(req: Request) async throws -> Response {
        let plan = try await plan(req)
        // A plan sold elsewhere has nothing to check out here.
        if let external = plan.checkoutURL { return req.redirect(to: external) }
        let user = req.signedInUser?.user
        var state = FormState(values: [
            "name": user?.name ?? "", "email": user?.email ?? "", "method": plan.acceptsPix ? "pix" : "credit_card",
        ])
        var ticked: Set<Int> = []
        if let resumed = try await resumedCheckout(req, plan: plan) {
            // A recovery e-mail's link: the form as the buyer left it, but the CPF, which a link should not carry.
            state.values["name"] = resumed.customerName ?? state.values["name"]
            state.values["email"] = resumed.customerEmail ?? state.values["email"]
            state.values["phone"] = resumed.customerPhone ?? ""
            state.values["method"] = resumed.paymentMethod?.rawValue ?? state.values["method"]
            ticked = Set(resumed.orderBumpIDs?.value ?? [])
        }
        return CheckoutPages.checkout(
            await req.pageContext(), plan: plan,
            bumps: try await OrderBumpAdministration.all(activeOnly: true, on: req.db),
            ticked: ticked, state: state, gateways: try await activeGateways(req),
            showsTestCard: !req.application.configuration.isProduction, status: .ok)
    }

    @Sendable static func startCheckout(req: Request) async throws -> Response {
        let plan = try await plan(req)
        let form = try req.content.decode(CheckoutForm.self)
        let context = await req.pageContext()
        let input = CheckoutFlow.Input(
            planID: plan.id, bumpIDs: form.bump_ids ?? [], method: PaymentMethod(rawValue: form.method ?? "") ?? .pix,
            name: form.name ?? "", email: form.email ?? "", cpf: form.cpf ?? "", phone: form.phone ?? "",
            password: form.password, cardNumber: form.card_number)
        let appSecret = req.application.configuration.appSecret
        func again(_ state: FormState, status: HTTPResponseStatus) async throws -> Response {
            return CheckoutPages.checkout(
                context, plan: plan, bumps: try await OrderBumpAdministration.all(activeOnly: true, on: req.db),
                ticked: Set(form.bump_ids ?? []), state: state, gateways: try await activeGateways(req),
                showsTestCard: !req.application.configuration.isProduction, status: status)
        }
        do {
            let started = try await CheckoutFlow.start(
                input, signedIn: req.signedInUser?.user, on: req.db, providers: await req.paymentProviderSetup(),
                now: req.now, mailer: try await req.checkoutMailer(),
                registerVisitor: { try await req.throttledRegistration($0) })
            let id = try started.checkout.requireID()
            // A card paid on the provider's own page goes there through a page of ours (a form's redirect may not leave
            // the site under the CSP); the provider sends the buyer back to our payment page.
            let response = req.redirect(
                to: started.charge.redirectURL == nil
                    ? SiteURL.paymentPage(checkoutID: id, appSecret: appSecret)
                    : SiteURL.providerPage(checkoutID: id, appSecret: appSecret),
                redirectType: .normal)
            // The visitor's new account is theirs from now on: the content opens once the payment lands.
            if let account = started.createdAccount {
                try await WebSession.start(for: account, on: req, response: response)
            }
            return response
        } catch let refused as Refusal {
            return try await again(
                FormState(refused, values: form.values, copy: context.copy), status: refused.status)
        } catch let failure as PaymentProviderFailure {
            req.logger.error("\(failure.reason)")
            return try await again(
                FormState(values: form.values, formError: context.copy.paymentProviderFailed), status: .badGateway)
        }
    }

    @Sendable static func payment(req: Request) async throws -> Response {
        let (checkout, token) = try await tokenedCheckout(req)
        return CheckoutPages.payment(
            await req.pageContext(), checkout: checkout,
            statusURL: APIURL.checkout(checkout.id ?? 0).path + "?token=" + token,
            pageURL: SiteURL.payment(checkout.id).path + "?token=" + token)
    }

    /// Forwards the buyer to the provider's page while the card checkout is payable; afterwards, to our payment page.
    @Sendable static func providerPage(req: Request) async throws -> Response {
        let (checkout, _) = try await tokenedCheckout(req)
        let appSecret = req.application.configuration.appSecret
        guard checkout.status == .pending, let destination = checkout.providerPageURL else {
            return req.redirect(to: SiteURL.paymentPage(checkoutID: checkout.id ?? 0, appSecret: appSecret))
        }
        return CheckoutPages.forwardToProvider(await req.pageContext(), destination: destination)
    }

    /// The unpaid checkout of this plan a recovery link names (`?retomar=<id>&token=<status token>`), or nil.
    static func resumedCheckout(_ req: Request, plan: Plan) async throws -> Checkout? {
        guard let id = try? req.query.get(Int.self, at: "retomar"),
            let token = try? req.query.get(String.self, at: "token"),
            TokenDigest.constantTimeEquals(
                token, CheckoutFlow.statusToken(checkoutID: id, appSecret: req.application.configuration.appSecret)),
            let checkout = try await Checkout.find(id, on: req.db), checkout.$plan.id == plan.id,
            checkout.status != .paid
        else { return nil }
        return checkout
    }

    /// The checkout a link names, when it carries the checkout's status token; anything else is a 404.
    static func tokenedCheckout(_ req: Request) async throws -> (Checkout, token: String) {
        let appSecret = req.application.configuration.appSecret
        guard let id = req.parameters.get("id", as: Int.self), let token = try? req.query.get(String.self, at: "token"),
            TokenDigest.constantTimeEquals(token, CheckoutFlow.statusToken(checkoutID: id, appSecret: appSecret)),
            let checkout = try await Checkout.query(on: req.db).filter(\.$id == id).with(\.$plan).first()
        else { throw Abort(.notFound) }
        return (checkout, token)
    }

    /// The gateways the page tells of, as the checkout will use them (a sandbox takes nothing in production unless
    /// allowed), so the page offers and promises no more than the checkout does.
    static func activeGateways(_ req: Request) async throws -> ActiveGateways {
        try await ActiveGateways.load(on: req.db, allowsSandbox: req.application.configuration.allowsSandbox)
    }
}
