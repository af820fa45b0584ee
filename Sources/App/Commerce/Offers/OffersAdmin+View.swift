import Commerce
import Localization
import Plot
import Schema
import Vapor

/// The plans and order bumps area's pages.
enum OffersAdminPages {
    static func list(_ context: PageContext, plans: [Plan], bumps: [OrderBump], notice: AdminNotice?) -> Response {
        let copy = context.copy
        return AdminLayout.render(
            context, area: .offers, title: copy.offers, notice: notice?.message(copy),
            .section(
                .class("card"),
                .h2(.text(copy.plans)),
                .p(.a(.class("button"), .href(AdminURL.planNew.path), .text(copy.newPlan))),
                .if(
                    plans.isEmpty, .p(.class("hint"), .text(copy.noPlans)),
                    else: .div(
                        .class("table-scroll"),
                        .table(
                            .thead(
                                .tr(.th(.text(copy.name)), .th(.text(copy.price)), .th(.text(copy.billingLabel)), .th())
                            ),
                            .tbody(
                                .forEach(plans) { plan in
                                    .tr(
                                        .td(.a(.href(AdminURL.plan(plan.id).path), .text(plan.name))),
                                        .td(.text(Money(cents: plan.price).formatted)),
                                        .td(.text(PlanPrice.per(plan, copy))),
                                        .td(
                                            SiteLayout.postButton(
                                                copy.delete, to: AdminURL.planDelete(plan.id).path, context,
                                                style: "link-button"))
                                    )
                                })
                        )
                    ))
            ),
            .section(
                .class("card"),
                .h2(.text(copy.orderBumps)),
                .p(.a(.class("button"), .href(AdminURL.orderBumpNew.path), .text(copy.newOrderBump))),
                .if(
                    bumps.isEmpty, .p(.class("hint"), .text(copy.noOrderBumps)),
                    else: .div(
                        .class("table-scroll"),
                        .table(
                            .thead(.tr(.th(.text(copy.name)), .th(.text(copy.price)), .th(.text(copy.status)), .th())),
                            .tbody(
                                .forEach(bumps) { bump in
                                    .tr(
                                        .td(.a(.href(AdminURL.orderBump(bump.id).path), .text(bump.name))),
                                        .td(.text(Money(cents: bump.price).formatted)),
                                        .td(
                                            .span(
                                                .class(bump.isActive ? "badge active" : "badge"),
                                                .text(bump.isActive ? copy.active : copy.inactive))),
                                        .td(
                                            SiteLayout.postButton(
                                                copy.delete, to: AdminURL.orderBumpDelete(bump.id).path, context,
                                                style: "link-button"))
                                    )
                                })
                        )
                    ))
            )
        )
    }

    static func planForm(_ context: PageContext, plan: Plan?, state: FormState, status: HTTPResponseStatus) -> Response
    {
        let copy = context.copy
        return AdminLayout.render(
            context, area: .offers, title: plan?.name ?? copy.newPlan, status: status,
            .p(.a(.href(AdminURL.offers.path), .text("← " + copy.offers))),
            .section(
                .class("card"),
                .form(
                    .action(plan.map { AdminURL.plan($0.id).path } ?? AdminURL.planNew.path), .method(.post),
                    .attribute(named: "novalidate"),
                    SiteLayout.formTokenField(context),
                    FormFields.formError(state),
                    FormFields.input("name", label: copy.name, state: state, autocomplete: "off"),
                    FormFields.input(
                        "price", label: copy.price, state: state, autocomplete: "off", hint: copy.priceHint),
                    FormFields.input(
                        "duration_days", label: copy.durationDays, type: .number, state: state, autocomplete: "off"),
                    FormFields.select(
                        "billing_period", label: copy.billingLabel,
                        options: [
                            (PlanBilling.oneTime.rawValue, copy.oneTimeBilling),
                            (BillingPeriod.monthly.iso8601, copy.everyMonth),
                            (BillingPeriod.quarterly.iso8601, copy.everyQuarter),
                            (BillingPeriod.semiannual.iso8601, copy.everySemester),
                            (BillingPeriod.yearly.iso8601, copy.everyYear), ("days", copy.everyNDays),
                        ], state: state, hint: copy.billingHint),
                    FormFields.textArea(
                        "benefits", label: copy.benefits, state: state, hint: copy.benefitsHint, rows: 4),
                    FormFields.input(
                        "cta_text", label: copy.ctaText, state: state, autocomplete: "off", required: false),
                    FormFields.input(
                        "checkout_url", label: copy.externalCheckout, type: .url, state: state, autocomplete: "off",
                        hint: copy.externalCheckoutHint, required: false),
                    FormFields.checkbox(
                        "accepts_pix", label: copy.acceptsPix, isChecked: state[value: "accepts_pix"] == "true"),
                    FormFields.checkbox(
                        "accepts_card", label: copy.acceptsCard, isChecked: state[value: "accepts_card"] == "true"),
                    .unwrap(state.fieldErrors["accepts_pix"]) { .p(.class("field-error"), .text($0)) },
                    .button(.type(.submit), .class("button"), .text(copy.save))
                )
            )
        )
    }

    static func bumpForm(_ context: PageContext, bump: OrderBump?, state: FormState, status: HTTPResponseStatus)
        -> Response
    {
        let copy = context.copy
        return AdminLayout.render(
            context, area: .offers, title: bump?.name ?? copy.newOrderBump, status: status,
            .p(.a(.href(AdminURL.offers.path), .text("← " + copy.offers))),
            .section(
                .class("card"),
                .form(
                    .action(bump.map { AdminURL.orderBump($0.id).path } ?? AdminURL.orderBumpNew.path), .method(.post),
                    .attribute(named: "novalidate"),
                    SiteLayout.formTokenField(context),
                    FormFields.formError(state),
                    FormFields.input("name", label: copy.name, state: state, autocomplete: "off"),
                    FormFields.textArea("description", label: copy.offerDescription, state: state, rows: 3),
                    FormFields.input(
                        "price", label: copy.price, state: state, autocomplete: "off", hint: copy.priceHint),
                    FormFields.input(
                        "image_url", label: copy.imageURLOptional, type: .url, state: state, autocomplete: "off",
                        required: false),
                    FormFields.input(
                        "display_order", label: copy.displayOrder, type: .number, state: state, autocomplete: "off",
                        required: false),
                    FormFields.checkbox(
                        "is_active", label: copy.active, isChecked: state[value: "is_active"] == "true"),
                    .button(.type(.submit), .class("button"), .text(copy.save))
                )
            )
        )
    }
}
