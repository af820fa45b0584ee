import Commerce
import Localization
import Plot
import Vapor

/// `/admin/receita`: the revenue dashboard (`RevenueReport`), charts drawn as SVG on the server.
enum RevenueAdminController {
    static func register(on routes: any RoutesBuilder) {
        routes.get(AdminURL.revenue.pathComponents, use: show)
        routes.get(AdminURL.revenueRecurringCSV.pathComponents, use: recurringCSV)
    }

    @Sendable static func show(req: Request) async throws -> Response {
        RevenueAdminPages.dashboard(
            await req.pageContext(), report: try await RevenueReport.load(on: req.db, now: req.now),
            recurring: try await RecurringRevenueReport.load(on: req.db, now: req.now))
    }

    /// The recurring figures month by month, as the dashboard's table has them.
    @Sendable static func recurringCSV(req: Request) async throws -> Response {
        let report = try await RecurringRevenueReport.load(on: req.db, now: req.now)
        let stamp = ISO8601DateFormatter().string(from: req.now).prefix(10)
        return CSVDownload.response(report.csvRows, filename: "receita-recorrente-\(stamp).csv")
    }
}

enum RevenueAdminPages {
    static func dashboard(_ context: PageContext, report: RevenueReport, recurring: RecurringRevenueReport) -> Response
    {
        let copy = context.copy
        let language = context.language
        // "26/11" under each column: the month is in the chart's title range.
        func shortDay(_ key: String) -> String {
            let parts = key.split(separator: "-")
            return parts.count == 3
                ? (language == .portuguese ? "\(parts[2])/\(parts[1])" : "\(parts[1])/\(parts[2])") : key
        }
        let revenueBars = report.days.map {
            SVGChart.Bar(
                label: shortDay($0.day), value: Double($0.revenueCents),
                caption: Money(cents: $0.revenueCents).formatted + " · " + copy.paymentsCount($0.paidCount))
        }
        let conversionBars = report.conversions.map {
            SVGChart.Bar(
                label: CheckoutsAdminPages.methodName($0.method, copy), value: $0.rate,
                caption: Percentage.formatted($0.rate) + " (\($0.paid)/\($0.created))")
        }
        let bumpBars = report.bumpTakes.map {
            SVGChart.Bar(
                label: $0.name, value: $0.rate,
                caption: Percentage.formatted($0.rate) + " (\($0.taken)/\($0.checkouts))")
        }
        return AdminLayout.render(
            context, area: .revenue, title: copy.revenue,
            .ul(
                .class("stat-cards"),
                .li(
                    .class("stat"),
                    .span(.class("stat-value"), .text(Money(cents: report.totalRevenueCents).formatted)),
                    .span(.class("stat-label"), .text(copy.revenueLast30Days))),
                .li(
                    .class("stat"), .span(.class("stat-value"), .text("\(report.activeSubscribers)")),
                    .span(.class("stat-label"), .text(copy.activeSubscribers))),
                .li(
                    .class("stat"), .span(.class("stat-value"), .text("\(report.expiringThisWeek.count)")),
                    .span(.class("stat-label"), .text(copy.expiringThisWeek))),
                .li(
                    .class("stat"),
                    .span(.class("stat-value"), .text(Money(cents: recurring.mrrCents).formatted)),
                    .span(.class("stat-label"), .text(copy.monthlyRecurringRevenue))),
                .li(
                    .class("stat"), .span(.class("stat-value"), .text("\(recurring.pastDueCount)")),
                    .span(.class("stat-label"), .text(copy.pastDueSubscriptions)))
            ),
            .section(
                .class("card"),
                .h2(.text(copy.paidRevenuePerDay)),
                .div(.class("chart-figure"), SVGChart.columns(revenueBars, title: copy.paidRevenuePerDay))
            ),
            .section(
                .class("card"),
                .h2(.text(copy.conversionByMethod)),
                .p(.class("hint"), .text(copy.conversionHint)),
                .div(.class("chart-figure"), SVGChart.rows(conversionBars, title: copy.conversionByMethod, maximum: 1))
            ),
            .section(
                .class("card"),
                .h2(.text(copy.bumpTakeRate)),
                .if(
                    bumpBars.isEmpty, .p(.class("hint"), .text(copy.noOrderBumps)),
                    else:
                        .div(.class("chart-figure"), SVGChart.rows(bumpBars, title: copy.bumpTakeRate, maximum: 1)))
            ),
            recurringSections(recurring, context),
            .section(
                .class("card"),
                .h2(.text(copy.expiringThisWeek)),
                .if(
                    report.expiringThisWeek.isEmpty, .p(.class("hint"), .text(copy.noneExpiring)),
                    else: .div(
                        .class("table-scroll"),
                        .table(
                            .thead(.tr(.th(.text(copy.email)), .th(.text(copy.plan)), .th(.text(copy.endsOn)))),
                            .tbody(
                                .forEach(report.expiringThisWeek) { item in
                                    .tr(
                                        .td(.text(item.userEmail)), .td(.text(item.planName ?? "—")),
                                        .td(
                                            .text(SiteClock.moment(item.endDate, in: language)),
                                            .if(
                                                item.isPastDue,
                                                .group(.text(" "), .span(.class("badge pending"), .text(copy.pastDue))))
                                        ))
                                })
                        )
                    ))
            )
        )
    }

    /// "11/2026" (or "2026-11") under each month's column.
    static func monthLabel(_ key: String, _ language: SiteLanguage) -> String {
        let parts = key.split(separator: "-")
        return parts.count == 2 && language == .portuguese ? "\(parts[1])/\(parts[0])" : key
    }

    /// MRR, renewals, churn and past-due subscriptions (`RecurringRevenueReport`), with the months' CSV.
    static func recurringSections(_ recurring: RecurringRevenueReport, _ context: PageContext) -> Node<
        HTML.BodyContext
    > {
        let copy = context.copy, language = context.language
        let mrrBars = recurring.months.map {
            SVGChart.Bar(
                label: monthLabel($0.month, language), value: Double($0.mrrCents),
                caption: Money(cents: $0.mrrCents).formatted)
        }
        let renewalBars = recurring.months.map {
            SVGChart.Bar(
                label: monthLabel($0.month, language), value: Double($0.renewals + $0.failedRenewals),
                caption: copy.renewalsCaption(paid: $0.renewals, declined: $0.failedRenewals))
        }
        let churnBars = recurring.months.map {
            SVGChart.Bar(
                label: monthLabel($0.month, language), value: Double($0.cancellations + $0.expiries),
                caption: copy.churnCaption(cancelled: $0.cancellations, ended: $0.expiries))
        }
        return .group(
            .section(
                .class("card"), .id("mrr"),
                .h2(.text(copy.mrrPerMonth)),
                .p(.class("hint"), .text(copy.mrrHint)),
                .div(.class("chart-figure"), SVGChart.columns(mrrBars, title: copy.mrrPerMonth, labelEvery: 1))
            ),
            .section(
                .class("card"), .id("renovacoes"),
                .h2(.text(copy.renewalsPerMonth)),
                .div(
                    .class("chart-figure"), SVGChart.columns(renewalBars, title: copy.renewalsPerMonth, labelEvery: 1))
            ),
            .section(
                .class("card"), .id("churn"),
                .h2(.text(copy.churnPerMonth)),
                .p(.class("hint"), .text(copy.churnHint)),
                .div(.class("chart-figure"), SVGChart.columns(churnBars, title: copy.churnPerMonth, labelEvery: 1))
            ),
            .section(
                .class("card"), .id("recorrencia"),
                .h2(.text(copy.recurringByMonth)),
                .p(.a(.href(AdminURL.revenueRecurringCSV.path), .text(copy.exportCSV))),
                .div(
                    .class("table-scroll"),
                    .table(
                        .thead(
                            .tr(
                                .th(.text(copy.month)), .th(.text("MRR")), .th(.text(copy.renewalsPaid)),
                                .th(.text(copy.renewalRevenue)), .th(.text(copy.renewalsDeclined)),
                                .th(.text(copy.cancellations)), .th(.text(copy.endedSubscriptions)))),
                        .tbody(
                            .forEach(recurring.months.reversed()) { month in
                                .tr(
                                    .td(.text(monthLabel(month.month, language))),
                                    .td(.text(Money(cents: month.mrrCents).formatted)), .td(.text("\(month.renewals)")),
                                    .td(.text(Money(cents: month.renewalRevenueCents).formatted)),
                                    .td(.text("\(month.failedRenewals)")), .td(.text("\(month.cancellations)")),
                                    .td(.text("\(month.expiries)")))
                            })
                    ))
            ),
            .section(
                .class("card"), .id("em-atraso"),
                .h2(.text(copy.pastDueSubscriptions)),
                .if(
                    recurring.pastDue.isEmpty, .p(.class("hint"), .text(copy.noPastDue)),
                    else: .div(
                        .class("table-scroll"),
                        .table(
                            .thead(
                                .tr(
                                    .th(.text(copy.email)), .th(.text(copy.plan)), .th(.text(copy.graceEnds)),
                                    .th(.text(copy.renewalAmount)))),
                            .tbody(
                                .forEach(recurring.pastDue) { item in
                                    .tr(
                                        .td(.text(item.userEmail)), .td(.text(item.planName ?? "—")),
                                        .td(.text(item.graceEndsAt.map { SiteClock.moment($0, in: language) } ?? "—")),
                                        .td(.text(item.amountCents.map { Money(cents: $0).formatted } ?? "—")))
                                })
                        )))
            )
        )
    }
}
