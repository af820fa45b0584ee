import Accounts
import Crypto
import FluentKit
import Foundation
import Localization
import Payments
import Schema

/// Why a checkout could not start, per field or as a whole.
public enum CheckoutProblem: String, RefusalReason {
    case planMissing = "plan_missing"
    case planIsExternal = "plan_is_external"
    case methodNotAccepted = "method_not_accepted"
    case bumpUnavailable = "bump_unavailable"
    case nameMissing = "name_missing"
    case emailInvalid = "email_invalid"
    case cpfInvalid = "cpf_invalid"
    case phoneInvalid = "phone_invalid"
    case passwordInvalid = "password_invalid"
    /// The e-mail already has an account: its owner signs in first, so the purchase lands on their account.
    case signInRequired = "sign_in_required"
    /// No payment gateway is active, so nothing can be charged.
    case noGateway = "no_gateway"
    /// A recurring plan by card through a provider that charges the renewals itself (a preapproval) charges the
    /// plan's price each cycle, the first included: add-ons would not be paid.
    case bumpsWithScheduledRenewal = "bumps_with_scheduled_renewal"

    public func message(_ copy: Copy) -> String {
        switch self {
        case .planMissing: copy.noPlansOnSale
        case .planIsExternal: copy.planIsSoldElsewhere
        case .methodNotAccepted: copy.methodNotAccepted
        case .bumpUnavailable: copy.bumpUnavailable
        case .nameMissing: copy.buyerNameRequired
        case .emailInvalid: copy.emailInvalid
        case .cpfInvalid: copy.cpfInvalid
        case .phoneInvalid: copy.phoneInvalid
        case .passwordInvalid: copy.passwordTooShort(minimum: AccountRules.minimumPasswordLength)
        case .signInRequired: copy.signInToCheckout
        case .noGateway: copy.paymentsUnavailable
        case .bumpsWithScheduledRenewal: copy.bumpsWithScheduledRenewal
        }
    }

    public var code: String? { rawValue }
}

/// Starting a checkout: validate the buyer, price on the server, make or link the account, record the checkout,
/// and ask the gateway that takes the chosen method for the charge. A card the sandbox approves is paid at once.
public enum CheckoutFlow {
    public struct Input: Sendable {
        public var planID: Int?
        public var bumpIDs: [Int]
        public var method: PaymentMethod
        public var name: String
        public var email: String
        public var cpf: String
        public var phone: String
        /// For a visitor: the password of the account the checkout makes.
        public var password: String?
        public var cardNumber: String?

        public init(
            planID: Int? = nil, bumpIDs: [Int], method: PaymentMethod, name: String, email: String, cpf: String,
            phone: String, password: String? = nil, cardNumber: String? = nil
        ) {
            self.planID = planID
            self.bumpIDs = bumpIDs
            self.method = method
            self.name = name
            self.email = email
            self.cpf = cpf
            self.phone = phone
            self.password = password
            self.cardNumber = cardNumber
        }
    }

    public struct Started: Sendable {
        public let checkout: Checkout
        public let charge: Charge
        /// The account made for a visitor, whom the page then signs in.
        public let createdAccount: User?
    }

    /// - Parameter registerVisitor: makes a visitor's account; the site passes `Request.throttledRegistration`, so
    ///   checkout can't be used to probe which e-mails have accounts faster than sign-up can.
    public static func start(
        _ input: Input, signedIn: User?, on database: any Database, providers setup: PaymentProviders.Setup,
        now: Date = Date(), mailer: CheckoutMailer? = nil,
        registerVisitor: (Accounts.Registration) async throws -> User
    ) async throws -> Started {
        var problems: [String: CheckoutProblem] = [:]
        let plan = try await input.planID.asyncMap { try await Plan.find($0, on: database) } ?? nil
        if plan == nil { problems["plan_id"] = .planMissing }
        if let plan, plan.checkoutURL != nil { problems["plan_id"] = .planIsExternal }
        if let plan, (input.method == .pix && !plan.acceptsPix) || (input.method == .creditCard && !plan.acceptsCard) {
            problems["method"] = .methodNotAccepted
        }
        let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty || name.count > 100 { problems["name"] = .nameMissing }
        let email = AccountRules.normalizedEmail(input.email)
        if email == nil { problems["email"] = .emailInvalid }
        let cpf = CPF(input.cpf)
        if cpf == nil { problems["cpf"] = .cpfInvalid }
        // The field asks for a mobile ("Celular com DDD"): the provider and the site reach buyers there.
        let phone = BrazilianPhone(input.phone).flatMap { $0.isMobile ? $0 : nil }
        if phone == nil { problems["phone"] = .phoneInvalid }
        if signedIn == nil, AccountRules.passwordProblem(input.password ?? "") != nil {
            problems["password"] = .passwordInvalid
        }
        var priced: CheckoutPricing.Priced?
        let bumps = try await OrderBump.query(on: database).all()
        if let plan, problems["plan_id"] == nil {
            do {
                priced = try CheckoutPricing.price(plan: plan, selectedBumpIDs: input.bumpIDs, bumps: bumps)
            } catch { problems["order_bump_ids"] = .bumpUnavailable }
        }
        guard problems.isEmpty, let plan, var priced, let email, let cpf, let phone else {
            throw Refusal.invalid(problems)
        }

        let gateways = try await ActiveGateways.load(on: database, allowsSandbox: setup.allowsSandbox)
        guard let gatewayRow = gateways.gateway(for: input.method),
            let provider = try PaymentProviders.provider(for: gatewayRow, setup: setup)
        else {
            // A method no gateway takes (a card with only API Pix) is refused by field, before anything is created.
            if gateways.takesAnyMethod { throw Refusal.invalid(["method": CheckoutProblem.methodNotAccepted]) }
            throw Refusal(.unavailable, reason: CheckoutProblem.noGateway)
        }
        let recurring = plan.billing == .recurring && input.method == .creditCard
        let period = plan.billing == .recurring ? plan.billingPeriod.flatMap(BillingPeriod.init(iso8601:)) : nil
        var recurrence = recurring && provider.schedulesRenewals ? period?.recurrence : nil
        // Pix Automático: the payer authorises the later cycles, at the plan's price, with the first one's payment.
        // A period it has no word for (every 30 days) renews by reminder instead.
        if plan.billing == .recurring, input.method == .pix, var terms = period?.recurrence,
            provider.acceptsRecurringPix(terms)
        {
            terms.amountCents = plan.price
            recurrence = terms
        }
        // A first-period offer is for a first purchase of the plan, and not through a provider that charges every
        // cycle alike (a Mercado Pago preapproval).
        if CheckoutPricing.firstPeriodPrice(of: plan) != nil, !(recurrence != nil && provider.schedulesRenewals),
            try await !hasBought(plan, signedIn: signedIn, on: database)
        {
            priced = try CheckoutPricing.price(
                plan: plan, selectedBumpIDs: input.bumpIDs, bumps: bumps, firstPeriod: true)
        }
        if recurrence != nil, provider.schedulesRenewals, !priced.bumpIDs.isEmpty {
            throw Refusal.invalid(["order_bump_ids": CheckoutProblem.bumpsWithScheduledRenewal])
        }
        try await OpenCheckoutLimit.check(
            email: email, cpfDigits: cpf.digits, userID: signedIn?.id, on: database, now: now)

        let user: User
        var createdAccount: User?
        if let signedIn {
            user = signedIn
        } else {
            do {
                user = try await registerVisitor(.init(name: name, email: email, password: input.password ?? ""))
            } catch let refused as Refusal where refused.reason(of: "email", as: AccountProblem.self) == .emailTaken {
                throw Refusal(
                    .conflict, fields: ["email": CheckoutProblem.signInRequired], reason: CheckoutProblem.signInRequired
                )
            }
            createdAccount = user
        }

        let checkout = Checkout(
            userID: try user.requireID(), planID: plan.id, paymentMethod: input.method, orderBumpIDs: priced.bumpIDs,
            totalAmount: priced.totalAmount, customerName: name, customerEmail: email, customerDocument: cpf.digits,
            customerPhone: phone.digits)
        try await checkout.create(on: database)
        let checkoutID = try checkout.requireID()
        do {
            try await OpenCheckoutLimit.check(
                email: email, cpfDigits: cpf.digits, userID: signedIn?.id, on: database, now: now, through: checkoutID)
        } catch {
            try await checkout.delete(on: database)
            throw error
        }
        let charge: Charge
        do {
            charge = try await provider.createCharge(
                ChargeRequest(
                    reference: String(checkoutID), amountCents: priced.totalAmount,
                    method: input.method == .pix ? .pix : .card(cardNumber: input.cardNumber),
                    customer: Customer(name: name, email: email, cpf: cpf, phone: phone), description: plan.name,
                    returnURL: setup.paymentPageURL(checkoutID),
                    keepsCardForRenewals: recurring, recurrence: recurrence))
        } catch let failure as PaymentProviderError {
            // Nothing was charged: the checkout is closed as failed rather than left to be abandoned.
            _ = try await SubscriptionLifecycle.markFailed(checkoutID: checkoutID, on: database)
            throw PaymentProviderFailure(gateway: provider.name, cause: failure)
        }
        checkout.externalID = charge.id
        checkout.gateway = provider.name
        // The Pix code, or the provider's page for a card: what the buyer pays with, shown until the checkout settles.
        checkout.paymentCode = charge.pixCode ?? charge.redirectURL
        checkout.paymentExpiresAt = charge.expiresAt
        try await checkout.save(on: database)
        // The charge is open whatever happens to its e-mail: the payment page shows the same code.
        if charge.status == .pending { try? await mailer?.pixWaiting(checkout, on: database, now: now) }
        switch charge.status {
        case .paid:
            _ = try await SubscriptionLifecycle.markPaid(
                checkoutID: checkoutID, on: database, now: now, mailer: mailer,
                renewal: charge.savedCardToken.map {
                    RenewalMethod(gateway: provider.name, method: .creditCard, reference: $0)
                })
        case .failed: _ = try await SubscriptionLifecycle.markFailed(checkoutID: checkoutID, on: database)
        case .pending, .refunded, .chargedBack: break
        }
        return Started(
            checkout: try await Checkout.find(checkoutID, on: database) ?? checkout, charge: charge,
            createdAccount: createdAccount)
    }

    /// Whether the member paid for this plan before (a refund leaves the checkout paid, so it counts too): a
    /// first-period offer is for a first purchase. A visitor has bought nothing yet.
    static func hasBought(_ plan: Plan, signedIn: User?, on database: any Database) async throws -> Bool {
        guard let userID = signedIn?.id, let planID = plan.id else { return false }
        return try await Checkout.query(on: database).filter(\.$user.$id == userID).filter(\.$plan.$id == planID)
            .filter(\.$status == .paid).count() > 0
    }

    /// The token that lets whoever started a checkout poll its status without an account's session: an HMAC of
    /// its id, so ids can't be enumerated.
    public static func statusToken(checkoutID: Int, appSecret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data("checkout-status:\(checkoutID)".utf8), using: SymmetricKey(data: Data(appSecret.utf8)))
        return mac.prefix(16).map { String(format: "%02x", $0) }.joined()
    }
}

extension Optional {
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
