import Commerce
import Localization
import Plot
import Vapor

/// `/admin/receita`: the revenue dashboard (`RevenueReport`), charts drawn as SVG on the server.
enum RevenueAdminController {
    static func register(on routes: any RoutesBuilder) {
        routes.get(AdminURL.revenue.pathComponents, use: show)
    }

    @Sendable static func show(req: Request) async throws -> Response {
        RevenueAdminPages.dashboard(
            await req.pageContext(), report: try await RevenueReport.load(on: req.db, now: req.now))
    }
}

enum RevenueAdminPages {
    static func dashboard(_ context: PageContext, report: RevenueReport) -> Response {
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
                    .span(.class("stat-label"), .text(copy.expiringThisWeek)))
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
}
