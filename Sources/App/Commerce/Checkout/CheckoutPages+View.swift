import Commerce
import Localization
import Payments
import Plot
import Schema
import Vapor

/// The plans page, a plan's checkout form, and the payment page.
enum CheckoutPages {
    static let paymentScript = "/scripts/payment.js"

    static func plans(_ context: PageContext, plans: [Plan], current: (plan: String, until: Date)?) -> Response {
        let copy = context.copy
        return SiteLayout.render(
            context, title: copy.choosePlan,
            meta: PageMeta(description: copy.plansDescription, canonicalPath: SiteURL.plans.path),
            .h1(.text(copy.choosePlan)),
            .p(.class("tagline"), .text(copy.plansDescription)),
            .unwrap(current) { current in
                .p(
                    .class("notice"),
                    .text(copy.currentPlan(current.plan, until: SiteClock.day(current.until, in: context.language))))
            },
            .if(plans.isEmpty, .p(.text(copy.noPlansOnSale))),
            .ul(
                .class("plan-grid"),
                .forEach(plans) { plan in
                    .li(
                        .class("card plan-card"),
                        .h2(.text(plan.name)),
                        PlanPrice.paragraph(plan, copy),
                        .ul(.class("plan-benefits"), .forEach(plan.benefits?.value ?? []) { .li(.text($0)) }),
                        .a(
                            .class("button wide"),
                            .href((plan.checkoutURL ?? SiteURL.checkout(planID: plan.id).path).htmlAttributeEscaped),
                            .text(plan.ctaText ?? copy.subscribe))
                    )
                }
            )
        )
    }

    static func checkout(
        _ context: PageContext, plan: Plan, bumps: [OrderBump], ticked: Set<Int>, state: FormState,
        gateways: ActiveGateways, showsTestCard: Bool = false, status: HTTPResponseStatus
    ) -> Response {
        let copy = context.copy
        let isSandbox = gateways.kind(for: .creditCard) == .sandbox
        // The methods a gateway takes; with none at all, the plan's, so the buyer hears that payments are down.
        let methods: [(PaymentMethod, String)] = [(.pix, copy.pix), (.creditCard, copy.creditCard)].filter {
            ($0.0 == .pix ? plan.acceptsPix : plan.acceptsCard)
                && (gateways.gateway(for: $0.0) != nil || !gateways.takesAnyMethod)
        }
        return SiteLayout.render(
            context, title: copy.checkoutTitle, status: status,
            .h1(.text(copy.checkoutTitle)),
            .section(
                .class("card checkout-plan"),
                .h2(.text(plan.name)),
                PlanPrice.paragraph(plan, copy),
                renewalTerms(plan, gateways: gateways, copy)
            ),
            .form(
                .class("card checkout-form"), .action(SiteURL.checkout(planID: plan.id).path), .method(.post),
                .attribute(named: "novalidate"),
                SiteLayout.formTokenField(context),
                FormFields.formError(state),
                .if(
                    !bumps.isEmpty,
                    .fieldset(
                        .class("bumps"),
                        .element(named: "legend", text: copy.addToOrder),
                        .forEach(bumps) { bump in
                            .div(
                                .class("field checkbox bump"),
                                .input(
                                    .type(.checkbox), .name("bump_ids[]"), .id("bump-\(bump.id ?? 0)"),
                                    .value(String(bump.id ?? 0)),
                                    .checked(ticked.contains(bump.id ?? -1))),
                                .label(
                                    .for("bump-\(bump.id ?? 0)"),
                                    .strong(.text(bump.name)), .text(" + " + Money(cents: bump.price).formatted),
                                    .unwrap(bump.offerDescription) { .span(.class("hint bump-description"), .text($0)) }
                                )
                            )
                        }
                    )),
                .fieldset(
                    .element(named: "legend", text: copy.yourData),
                    FormFields.input("name", label: copy.name, state: state, autocomplete: "name"),
                    FormFields.input("email", label: copy.email, type: .email, state: state, autocomplete: "email"),
                    FormFields.input("cpf", label: copy.cpf, state: state, autocomplete: "off"),
                    FormFields.input("phone", label: copy.phone, type: .tel, state: state, autocomplete: "tel"),
                    .if(
                        context.signedIn == nil,
                        FormFields.input(
                            "password", label: copy.password, type: .password, state: state,
                            autocomplete: "new-password",
                            hint: copy.createPasswordHint, keepsValue: false))
                ),
                .fieldset(
                    .element(named: "legend", text: copy.paymentMethod),
                    .forEach(methods) { method, label in
                        .div(
                            .class("field checkbox"),
                            .input(
                                .type(.radio), .name("method"), .id("method-\(method.rawValue)"),
                                .value(method.rawValue),
                                .checked(state[value: "method"] == method.rawValue || (methods.count == 1))),
                            .label(.for("method-\(method.rawValue)"), .text(label))
                        )
                    },
                    .unwrap(state.fieldErrors["method"]) { .p(.class("field-error"), .text($0)) },
                    // Only the sandbox reads a card number here; a real provider takes the card on its own page, so
                    // card data never passes through this site.
                    .if(
                        plan.acceptsCard && isSandbox,
                        FormFields.input(
                            "card_number", label: copy.cardNumber, state: state, autocomplete: "cc-number",
                            hint: showsTestCard ? copy.sandboxCardHint : nil, required: false))
                ),
                .button(.type(.submit), .class("button wide"), .text(copy.payNow))
            )
        )
    }

    /// How a recurring plan renews, told before the buyer pays: by itself on a kept card, or by a reminder with a
    /// fresh payment. A one-time plan says nothing, since nothing follows it.
    /// How a recurring plan renews with the gateways that take each method: every provider renews a card by
    /// itself, by the renewal job's charge or on its own schedule; Pix renews by Pix Automático where the Pix
    /// gateway can ask for it, else by reminder.
    static func renewalTerms(_ plan: Plan, gateways: ActiveGateways, _ copy: Copy) -> Node<HTML.BodyContext> {
        guard plan.billing == .recurring, gateways.takesAnyMethod else { return .empty }
        let price = Money(cents: plan.price).formatted + " " + PlanPrice.per(plan, copy)
        let cardGateway = gateways.kind(for: .creditCard)
        let byCard = plan.acceptsCard && cardGateway != nil
        let period = plan.billingPeriod.flatMap(BillingPeriod.init(iso8601:))?.recurrence
        let byPixAutomatico =
            plan.acceptsPix && gateways.takesPixAutomatico
            && (gateways.kind(for: .pix) != .apiPix || period.map(APIPixGateway.hasPeriodicity) == true)
        return .ul(
            .class("renewal-terms"),
            .if(
                byCard,
                .li(
                    .text(
                        copy.cardRenewsByItself(
                            price: price,
                            authorisedAt: cardGateway?.schedulesRenewals == true ? cardGateway?.displayName : nil)))),
            .if(byPixAutomatico, .li(.text(copy.pixAutomaticoAuthorisedWithPayment(price: price)))),
            .if(
                !byPixAutomatico && (!byCard || plan.acceptsPix),
                .li(.text(copy.renewsByReminder(besideCard: byCard)))))
    }

    /// - Parameter pageURL: this page, with its token: without script, the buyer reloads it by this link.
    static func payment(_ context: PageContext, checkout: Checkout, statusURL: String, pageURL: String) -> Response {
        let copy = context.copy, now = context.now
        let expired = checkout.paymentExpiresAt.map { $0 <= now } ?? false
        let waiting = checkout.status == .pending && checkout.pixCode != nil && !expired
        // A card paid on the provider's own page: the buyer is back, and the provider's postback is on its way.
        let awaitingCard =
            checkout.status == .pending && checkout.paymentMethod == .creditCard && checkout.externalID != nil
        let total = Money(cents: checkout.totalAmount).formatted
        return SiteLayout.render(
            context, title: waiting ? copy.payWithPix : copy.checkoutTitle,
            scripts: waiting || awaitingCard ? [paymentScript] : [],
            .section(
                .class("card payment"), .id("pagamento"),
                .attribute(named: "data-status-url", value: statusURL.htmlAttributeEscaped),
                .attribute(named: "data-status", value: checkout.status.rawValue),
                .p(.class("payment-total"), .text("\(copy.total): \(total)")),
                .unwrap(
                    waiting ? checkout.pixCode : nil,
                    { code in
                        .group(
                            .h1(.text(copy.payWithPix)),
                            .p(.text(copy.pixInstructions)),
                            .div(.class("pix-qr"), .raw((try? QRCode(text: code).svg(title: "Pix \(total)")) ?? "")),
                            .textarea(
                                .id("pix-code"), .class("pix-code"), .attribute(named: "readonly"),
                                .attribute(named: "aria-label", value: copy.pixCopyAndPaste), .rows(4), .text(code)),
                            .button(
                                .type(.button), .class("button"), .id("copy-pix"),
                                .attribute(named: "data-copied", value: copy.codeCopied.htmlAttributeEscaped),
                                .text(copy.copyCode)),
                            .unwrap(checkout.paymentExpiresAt) { expires in
                                .p(
                                    .class("hint"), .text(copy.expiresIn + " "),
                                    .span(
                                        .id("countdown"),
                                        .attribute(
                                            named: "data-expires", value: String(Int(expires.timeIntervalSince1970))),
                                        .text(countdown(until: expires, now: now))))
                            },
                            .p(
                                .class("waiting"), .attribute(named: "aria-live", value: "polite"),
                                .text(copy.waitingPayment)),
                            .element(
                                named: "noscript",
                                nodes: [.a(.href(pageURL.htmlAttributeEscaped), .text(copy.tryAgain))])
                        )
                    },
                    else: .group(
                        .if(
                            checkout.status == .paid,
                            .group(
                                .h1(.text(copy.paymentConfirmed)),
                                .a(.class("button"), .href(SiteURL.home.path), .text(copy.seeContent))
                            )),
                        .if(
                            checkout.status == .failed,
                            .group(
                                .h1(.text(copy.paymentFailed)),
                                .a(.class("button"), .href(SiteURL.plans.path), .text(copy.tryAgain))
                            )),
                        .if(
                            awaitingCard,
                            .group(
                                .h1(.text(copy.cardAwaitingConfirmation)),
                                .p(
                                    .class("waiting"), .attribute(named: "aria-live", value: "polite"),
                                    .text(copy.waitingPayment)),
                                .unwrap(checkout.providerPageURL) {
                                    .p(.a(.href($0.htmlAttributeEscaped), .text(copy.payOnProviderPage)))
                                },
                                .element(
                                    named: "noscript",
                                    nodes: [.a(.href(pageURL.htmlAttributeEscaped), .text(copy.tryAgain))])
                            )),
                        .if(
                            checkout.status == .abandoned
                                || (!awaitingCard && checkout.status == .pending
                                    && (expired || checkout.pixCode == nil)),
                            .group(
                                .h1(.text(copy.paymentExpired)),
                                .a(.class("button"), .href(SiteURL.plans.path), .text(copy.tryAgain))
                            ))
                    ))
            )
        )
    }

    /// A page of ours that sends the buyer on to the provider's page at once (a meta refresh is a navigation of its
    /// own, which `form-action` doesn't govern), with a link for a browser that doesn't follow it.
    static func forwardToProvider(_ context: PageContext, destination: String) -> Response {
        let copy = context.copy
        return SiteLayout.render(
            context, title: copy.continueToProvider, redirectTo: destination,
            .section(
                .class("card narrow payment"),
                .h1(.text(copy.continueToProvider)),
                .p(.text(copy.goingToProvider)),
                .a(
                    .class("button wide"), .id("provider-page"), .href(destination.htmlAttributeEscaped),
                    .text(copy.continueToProvider))
            )
        )
    }

    /// "29:59": what is left of the charge's time, for the page without script; payment.js counts down from it.
    static func countdown(until end: Date, now: Date) -> String {
        let seconds = max(0, Int(end.timeIntervalSince(now)))
        let remainder = seconds % 60
        return "\(seconds / 60):" + (remainder < 10 ? "0\(remainder)" : "\(remainder)")
    }
}
