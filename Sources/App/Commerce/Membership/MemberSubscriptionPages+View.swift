import Commerce
import Localization
import Plot
import Schema
import Vapor

/// `/conta/assinatura`: the member's subscription, its renewal and plan, and their payments; and a payment's
/// printable receipt.
enum MemberSubscriptionPages {
    static func subscription(
        _ context: PageContext, overview: MemberSubscription.Overview?, switchable: [Plan],
        payments: [MemberSubscription.PaymentRecord], notice: String?, error: String? = nil,
        status: HTTPResponseStatus = .ok
    ) -> Response {
        let copy = context.copy
        return SiteLayout.render(
            context, title: copy.mySubscription, status: status,
            .unwrap(notice) { .p(.class("notice"), .attribute(named: "role", value: "status"), .text($0)) },
            .unwrap(error) { .p(.class("form-error"), .attribute(named: "role", value: "alert"), .text($0)) },
            .section(
                .class("card"), .id("assinatura"),
                .h1(.text(copy.mySubscription)),
                .unwrap(
                    overview, { standing($0, switchable: switchable, context) },
                    else: .group(
                        .p(.text(copy.noSubscription)),
                        .a(.class("button"), .href(SiteURL.plans.path), .text(copy.seePlans))))
            ),
            .section(
                .class("card"), .id("pagamentos"),
                .h2(.text(copy.myPayments)),
                payments.isEmpty ? .p(.text(copy.noPaymentsYet)) : paymentTable(payments, context)
            ),
            .p(.class("aside"), .a(.href(SiteURL.account.path), .text(copy.backToAccount)))
        )
    }

    static func standing(
        _ overview: MemberSubscription.Overview, switchable: [Plan], _ context: PageContext
    ) -> Node<HTML.BodyContext> {
        let copy = context.copy
        let day = { (date: Date) in SiteClock.day(date, in: context.language) }
        let renewal: String =
            if overview.renewsByItself {
                copy.renewalByItself(isCard: (overview.renewalMethod ?? .creditCard) == .creditCard)
            } else if let cancelled = overview.cancelledAt, overview.grantsAccess {
                copy.renewalTurnedOff(on: day(cancelled), accessUntil: overview.endDate.map(day) ?? "—")
            } else if overview.isRecurring {
                copy.renewalByHand
            } else {
                copy.renewalNone
            }
        let renewPlanID = overview.nextPlan?.id ?? overview.planID
        return .group(
            .dl(
                .class("facts"),
                .dt(.text(copy.plan)), .dd(.text(overview.planName ?? "—")),
                .dt(.text(copy.status)),
                .dd(
                    .span(
                        .class("badge \(overview.status.rawValue)"),
                        .text(AccountPages.statusLabel(overview.status, copy)))),
                .unwrap(overview.status == .pastDue ? overview.graceEndsAt : nil) { grace in
                    .group(.dt(.text(copy.accessUntilGrace)), .dd(.text(day(grace))))
                },
                .unwrap(overview.status == .pastDue ? nil : overview.endDate) { end in
                    .group(
                        .dt(.text(overview.grantsAccess ? copy.accessUntil : copy.endedOn)), .dd(.text(day(end))))
                },
                .dt(.text(copy.renewal)), .dd(.text(renewal)),
                .unwrap(overview.nextCharge) { charge in
                    .group(
                        .dt(.text(copy.nextCharge)),
                        .dd(
                            .text(
                                copy.nextChargeLine(
                                    amount: charge.amount.formatted,
                                    method: copy.methodName(isCard: charge.method == .creditCard),
                                    on: day(charge.on)))))
                },
                .unwrap(overview.nextPlan) { next in
                    .group(.dt(.text(copy.fromNextRenewal)), .dd(.text(next.name)))
                }
            ),
            .div(
                .class("actions"),
                .if(
                    overview.renewsByItself,
                    postButton(SiteURL.accountSubscriptionCancel, copy.turnRenewalOff, context, danger: true)),
                .if(overview.canResume, postButton(SiteURL.accountSubscriptionResume, copy.turnRenewalOn, context)),
                // Past due, or renewed by hand: the plan's checkout pays the next period now.
                .unwrap(
                    overview.grantsAccess && (overview.status == .pastDue || !overview.renewsByItself)
                        ? renewPlanID : nil
                ) { planID in
                    .a(
                        .class("button"), .href(SiteURL.checkout(planID: planID).path),
                        .text(overview.status == .pastDue ? copy.payNowToKeepAccess : copy.renewNow))
                },
                .if(
                    !overview.grantsAccess,
                    .a(.class("button"), .href(SiteURL.plans.path), .text(copy.subscribeAgain)))
            ),
            .if(
                !switchable.isEmpty || overview.nextPlan != nil,
                .form(
                    .class("switch-plan"), .action(SiteURL.accountSubscriptionPlan.path), .method(.post),
                    SiteLayout.formTokenField(context),
                    FormFields.select(
                        "plan_id", label: copy.switchPlanLabel,
                        options: [(String(overview.planID ?? 0), copy.keepPlan(overview.planName ?? "—"))]
                            + switchable.map {
                                (
                                    String($0.id ?? 0),
                                    $0.name + " · " + Money(cents: $0.price).formatted + " "
                                        + PlanPrice.per($0, copy)
                                )
                            },
                        state: FormState(values: ["plan_id": String(overview.nextPlan?.id ?? overview.planID ?? 0)]),
                        hint: copy.switchPlanHint),
                    .button(.type(.submit), .class("button secondary"), .text(copy.switchPlan))
                ))
        )
    }

    private static func postButton(_ url: SiteURL, _ label: String, _ context: PageContext, danger: Bool = false)
        -> Node<HTML.BodyContext>
    {
        .form(
            .class("inline"), .action(url.path), .method(.post),
            SiteLayout.formTokenField(context),
            .button(.type(.submit), .class(danger ? "button danger" : "button"), .text(label)))
    }

    static func paymentTable(_ payments: [MemberSubscription.PaymentRecord], _ context: PageContext)
        -> Node<HTML.BodyContext>
    {
        let copy = context.copy
        return .div(
            .class("table-scroll"),
            .table(
                .thead(
                    .tr(
                        .th(.text(copy.paidOn)), .th(.text(copy.plan)), .th(.text(copy.amount)),
                        .th(.text(copy.paymentMethod)), .th(.text(copy.status)), .th(.text(copy.receipt)))),
                .tbody(
                    .forEach(payments) { payment in
                        .tr(
                            .td(.text(SiteClock.day(payment.paidAt, in: context.language))),
                            .td(.text(payment.planName ?? "—")),
                            .td(.text(payment.amount.formatted)),
                            .td(.text(payment.method.map { copy.methodName(isCard: $0 == .creditCard) } ?? "—")),
                            .td(.text(payment.isRefunded ? copy.paymentRefunded : copy.paymentPaid)),
                            .td(
                                .a(
                                    .href(SiteURL.accountReceipt(checkoutID: payment.checkoutID).path),
                                    .text(copy.receiptNumber(payment.checkoutID))))
                        )
                    })
            ))
    }

    /// A receipt to print or save as PDF: the print stylesheet leaves the page's frame out.
    static func receipt(_ context: PageContext, _ receipt: Receipt) -> Response {
        let copy = context.copy
        let facts: [(String, String)] =
            [
                (copy.receiptIssuer, context.settings.siteName),
                (copy.receiptBuyer, receipt.buyerName ?? "—"),
            ] + (receipt.buyerEmail.map { [(copy.email, $0)] } ?? [])
            + (receipt.maskedCPF.map { [(copy.cpf, $0)] } ?? []) + [
                (copy.paidOn, SiteClock.moment(receipt.paidAt, in: context.language)),
                (copy.paymentMethod, receipt.method.map { copy.methodName(isCard: $0 == .creditCard) } ?? "—"),
            ]
        return SiteLayout.render(
            context, title: copy.receiptNumber(receipt.checkoutID),
            .article(
                .class("card receipt"),
                .h1(.text(copy.receiptNumber(receipt.checkoutID))),
                .if(
                    receipt.isRefunded,
                    .p(.class("notice"), .attribute(named: "role", value: "status"), .text(copy.receiptRefunded))),
                .dl(.class("facts"), .forEach(facts) { .group(.dt(.text($0.0)), .dd(.text($0.1))) }),
                .table(
                    .thead(.tr(.th(.text(copy.receiptItem)), .th(.class("amount"), .text(copy.amount)))),
                    .tbody(
                        .forEach(receipt.lines.isEmpty ? [] : receipt.lines) { line in
                            .tr(.td(.text(line.name)), .td(.class("amount"), .text(line.amount.formatted)))
                        },
                        .if(
                            receipt.lines.isEmpty,
                            .tr(
                                .td(.text(receipt.planName ?? "—")),
                                .td(.class("amount"), .text(receipt.total.formatted))))
                    ),
                    .tfoot(
                        .tr(.th(.text(copy.total)), .th(.class("amount"), .text(receipt.total.formatted))))
                ),
                .p(.class("hint no-print"), .text(copy.receiptPrintHint)),
                .p(
                    .class("aside no-print"),
                    .a(.href(SiteURL.accountSubscription.path + "#pagamentos"), .text(copy.backToPayments)))
            )
        )
    }
}
