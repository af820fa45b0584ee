import Commerce
import Localization
import Plot
import Schema
import Vapor

/// The checkouts area's pages.
enum CheckoutsAdminPages {
    static func statusName(_ status: CheckoutStatus, _ copy: Copy) -> String {
        switch status {
        case .pending: copy.checkoutPending
        case .paid: copy.checkoutPaid
        case .failed: copy.checkoutFailed
        case .abandoned: copy.checkoutAbandoned
        }
    }

    static func methodName(_ method: PaymentMethod?, _ copy: Copy) -> String {
        switch method {
        case .pix: "Pix"
        case .creditCard: copy.card
        case nil: "—"
        }
    }

    static func statusBadge(_ status: CheckoutStatus, _ copy: Copy) -> Node<HTML.BodyContext> {
        .span(.class(status == .paid ? "badge active" : "badge"), .text(statusName(status, copy)))
    }

    static func list(
        _ context: PageContext, search: CheckoutSearch, checkouts: [Checkout], hasMore: Bool,
        problems: [String: String],
        status: HTTPResponseStatus = .ok
    ) -> Response {
        let copy = context.copy
        let filters = FormState(
            values: [
                "status": search.status?.rawValue ?? "", "method": search.method?.rawValue ?? "",
                "from": search.from ?? "",
                "to": search.to ?? "", "email": search.email ?? "",
            ],
            fieldErrors: problems)
        let query = search.queryString
        func pageLink(_ page: Int) -> String {
            AdminURL.checkouts.path + "?" + (query.isEmpty ? "" : query + "&") + "page=\(page)"
        }
        return AdminLayout.render(
            context, area: .checkouts, title: copy.checkouts, status: status,
            .section(
                .class("card"),
                .form(
                    .class("filters"), .action(AdminURL.checkouts.path), .method(.get),
                    FormFields.select(
                        "status", label: copy.status,
                        options: [("", copy.any)]
                            + CheckoutStatus.allCases.map {
                                ($0.rawValue, statusName($0, copy))
                            }, state: filters),
                    FormFields.select(
                        "method", label: copy.paymentMethod,
                        options: [("", copy.any)]
                            + PaymentMethod.allCases.map {
                                ($0.rawValue, methodName($0, copy))
                            }, state: filters),
                    FormFields.input("from", label: copy.fromDay, type: .date, state: filters, required: false),
                    FormFields.input("to", label: copy.toDay, type: .date, state: filters, required: false),
                    FormFields.input("email", label: copy.email, type: .search, state: filters, required: false),
                    .button(.type(.submit), .class("button"), .text(copy.filter))
                ),
                .p(
                    .a(.href(AdminURL.checkouts.path + "?status=abandoned"), .text(copy.abandonedForRecovery)),
                    .text(" · "),
                    .a(.href(AdminURL.checkoutsCSV.path + (query.isEmpty ? "" : "?" + query)), .text(copy.exportCSV))
                )
            ),
            .section(
                .class("card"),
                .if(
                    checkouts.isEmpty, .p(.class("hint"), .text(copy.noCheckouts)),
                    else: .div(
                        .class("table-scroll"),
                        .table(
                            .thead(
                                .tr(
                                    .th(.text("#")), .th(.text(copy.createdAt)), .th(.text(copy.customer)),
                                    .th(.text(copy.plan)),
                                    .th(.text(copy.paymentMethod)), .th(.text(copy.total)), .th(.text(copy.status)))),
                            .tbody(
                                .forEach(checkouts) { checkout in
                                    .tr(
                                        .td(
                                            .a(.href(AdminURL.checkout(checkout.id).path), .text("\(checkout.id ?? 0)"))
                                        ),
                                        .td(
                                            .text(
                                                checkout.createdAt.map { SiteClock.moment($0, in: context.language) }
                                                    ?? "")),
                                        .td(
                                            .text(checkout.customerName ?? ""), .br(),
                                            .span(.class("hint"), .text(checkout.customerEmail ?? "")),
                                            // For recovering abandoned ones: the phone is how a person is reached fastest.
                                            .unwrap(checkout.customerPhone) {
                                                .group(.br(), .span(.class("hint"), .text($0)))
                                            }),
                                        .td(.text(checkout.plan?.name ?? "—")),
                                        .td(.text(methodName(checkout.paymentMethod, copy))),
                                        .td(.text(Money(cents: checkout.totalAmount).formatted)),
                                        .td(statusBadge(checkout.status, copy))
                                    )
                                })
                        )
                    )),
                .nav(
                    .class("pager"),
                    .if(search.page > 1, .a(.href(pageLink(search.page - 1)), .text("← " + copy.previousPage))),
                    .if(hasMore, .a(.href(pageLink(search.page + 1)), .text(copy.nextPage + " →")))
                )
            )
        )
    }

    static func detail(
        _ context: PageContext, _ detail: CheckoutsAdminController.Detail, canSimulate: Bool, notice: AdminNotice?
    ) -> Response {
        let copy = context.copy
        let checkout = detail.checkout
        let language = context.language
        func row(_ label: String, _ value: String) -> Node<HTML.TableContext> {
            .tr(.th(.text(label)), .td(.text(value)))
        }
        return AdminLayout.render(
            context, area: .checkouts, title: copy.checkout + " #\(checkout.id ?? 0)", notice: notice?.message(copy),
            .p(.a(.href(AdminURL.checkouts.path), .text("← " + copy.checkouts))),
            .section(
                .class("card"),
                .p(statusBadge(checkout.status, copy)),
                .table(
                    .class("facts"),
                    row(copy.createdAt, checkout.createdAt.map { SiteClock.moment($0, in: language) } ?? ""),
                    row(copy.paidAt, checkout.paidAt.map { SiteClock.moment($0, in: language) } ?? "—"),
                    row(copy.plan, checkout.plan?.name ?? "—"),
                    row(copy.orderBumps, detail.bumps.isEmpty ? "—" : detail.bumps.map(\.name).joined(separator: ", ")),
                    row(copy.total, Money(cents: checkout.totalAmount).formatted),
                    row(copy.paymentMethod, methodName(checkout.paymentMethod, copy)),
                    row(copy.customer, checkout.customerName ?? ""),
                    row(copy.email, checkout.customerEmail ?? ""),
                    row("CPF", checkout.customerDocument ?? ""),
                    row(copy.phone, checkout.customerPhone ?? ""),
                    row(copy.account, detail.buyer.map { $0.email } ?? "—"),
                    row(copy.chargeID, checkout.externalID ?? "—"),
                    // What to send a buyer who left: the plan's checkout, to start again.
                    row(
                        copy.recoveryLink,
                        checkout.$plan.id.map { context.siteAddress + SiteURL.checkout(planID: $0).path } ?? "—")
                ),
                .if(
                    canSimulate && checkout.status != .paid,
                    .div(
                        .class("actions"),
                        .p(.class("hint"), .text(copy.simulatePaymentHint)),
                        simulateButton(copy.simulatePaid, status: "paid", checkout: checkout, context),
                        simulateButton(copy.simulateFailed, status: "failed", checkout: checkout, context)
                    )),
                .if(
                    canSimulate && checkout.status == .paid,
                    .div(
                        .class("actions"),
                        simulateButton(copy.simulateRefund, status: "refunded", checkout: checkout, context)))
            ),
            .section(
                .class("card"),
                .h2(.text(copy.postbackHistory)),
                .if(
                    detail.events.isEmpty, .p(.class("hint"), .text(copy.noPostbacks)),
                    else: .div(
                        .class("table-scroll"),
                        .table(
                            .thead(
                                .tr(
                                    .th(.text(copy.receivedAt)), .th(.text(copy.provider)), .th(.text(copy.verified)),
                                    .th(.text(copy.status)),
                                    .th(.text(copy.amount)), .th(.text(copy.outcome)), .th(.text(copy.detail)))),
                            .tbody(
                                .forEach(detail.events) { event in
                                    .tr(
                                        .td(.text(event.receivedAt.map { SiteClock.moment($0, in: language) } ?? "")),
                                        .td(.text(event.gateway)),
                                        .td(.text(event.isVerified ? copy.yes : copy.no)),
                                        .td(.text(event.status ?? "—")),
                                        .td(.text(event.amount.map { Money(cents: $0).formatted } ?? "—")),
                                        .td(.code(.text(event.outcome))),
                                        .td(.text(event.detail ?? ""))
                                    )
                                })
                        )
                    ))
            )
        )
    }

    static func simulateButton(_ label: String, status: String, checkout: Checkout, _ context: PageContext) -> Node<
        HTML.BodyContext
    > {
        .form(
            .class("inline-form"), .action(AdminURL.checkoutSimulate(checkout.id).path), .method(.post),
            SiteLayout.formTokenField(context),
            .input(.type(.hidden), .name("status"), .value(status)),
            .button(.type(.submit), .class("button"), .text(label))
        )
    }
}
