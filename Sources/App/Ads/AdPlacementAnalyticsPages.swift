import Ads
import Fluent
import Localization
import Plot
import Schema
import Vapor

/// The placements' performance over a chosen range: serves, fill rate, impressions, clicks and CTR per placement,
/// read from the daily counts the tracker keeps (`ad_placement_daily_counts`), never from the event tables
/// (`/admin/anuncios/posicoes[.csv]`, `/api/v1/admin/ads/placements`).
enum AdPlacementAnalyticsController {
    static func register(on routes: any RoutesBuilder) {
        routes.get(AdminURL.adPlacements.pathComponents, use: show)
        routes.get(AdminURL.adPlacementsCSV.pathComponents, use: csv)
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let query = try req.query.decode(AdAnalyticsController.RangeQuery.self)
        let range = AdAnalyticsController.DayRange(from: query.de, to: query.ate)
        var placements: [AdAnalytics.PlacementTotals] = []
        if let range { placements = try await AdAnalytics.placements(from: range.from, to: range.to, on: req.db) }
        return AdPlacementAnalyticsPages.page(
            await req.pageContext(), range: range, placements: placements, status: range == nil ? .unprocessableEntity : .ok)
    }

    /// One line per placement and day with counts, by day.
    @Sendable static func csv(req: Request) async throws -> Response {
        let query = try req.query.decode(AdAnalyticsController.RangeQuery.self)
        guard let range = AdAnalyticsController.DayRange(from: query.de, to: query.ate) else {
            throw Abort(.unprocessableEntity, reason: "Give the range as de=yyyy-MM-dd&ate=yyyy-MM-dd, at most 366 days.")
        }
        let days = try await AdAnalytics.placementDays(from: range.from, to: range.to, on: req.db)
        let rows = [["day", "placement", "serves", "filled_serves", "fill_rate", "impressions", "clicks", "ctr"]] + days.map { day in
            let totals = day.totals
            return [day.day, totals.placement.rawValue, String(totals.serves), String(totals.filledServes),
                    totals.fillRate.map { String(format: "%.4f", $0) } ?? "", String(totals.impressions), String(totals.clicks),
                    String(format: "%.4f", totals.clickThroughRate)]
        }
        return CSVDownload.response(rows, filename: "posicoes-\(range.from)-\(range.to).csv")
    }
}

enum AdPlacementAnalyticsPages {
    static func page(_ context: PageContext, range: AdAnalyticsController.DayRange?, placements: [AdAnalytics.PlacementTotals],
                     status: HTTPResponseStatus) -> Response {
        let copy = context.copy
        let query = range.map { "?de=\($0.from)&ate=\($0.to)" } ?? ""
        func name(_ totals: AdAnalytics.PlacementTotals) -> String { AdsAdminPages.placementName(totals.placement, copy) }
        func fillRate(_ totals: AdAnalytics.PlacementTotals) -> String { totals.fillRate.map(Percentage.formatted) ?? "—" }
        return AdminLayout.render(
            context, area: .ads, title: copy.placementsPerformance, status: status,
            .p(.a(.href(AdminURL.ads.path), .text("← " + copy.adsArea))),
            .section(
                .class("card"),
                .form(
                    .class("filters"), .action(AdminURL.adPlacements.path), .method(.get),
                    FormFields.input("de", label: copy.fromDay, type: .date, state: FormState(values: ["de": range?.from ?? ""]), required: false),
                    FormFields.input("ate", label: copy.toDay, type: .date, state: FormState(values: ["ate": range?.to ?? ""]), required: false),
                    .button(.type(.submit), .class("button"), .text(copy.filter))
                ),
                .if(range == nil, .p(.class("form-error"), .attribute(named: "role", value: "alert"), .text(copy.adAnalyticsRangeInvalid))),
                .p(.class("hint"), .text(copy.placementsPerformanceHint))
            ),
            .if(range != nil, .group(
                .section(
                    .class("card"),
                    .div(
                        .class("table-scroll"),
                        .table(
                            .class("placements"),
                            .thead(.tr(
                                .th(.text(copy.adPlacement)), .th(.text(copy.serves)), .th(.text(copy.filledServes)), .th(.text(copy.fillRate)),
                                .th(.text(copy.impressions)), .th(.text(copy.clicks)), .th(.text("CTR")))),
                            .tbody(.forEach(placements) { totals in
                                .tr(
                                    .attribute(named: "data-placement", value: totals.placement.rawValue),
                                    .td(.text(name(totals))), .td(.text("\(totals.serves)")), .td(.text("\(totals.filledServes)")),
                                    .td(.text(fillRate(totals))), .td(.text("\(totals.impressions)")), .td(.text("\(totals.clicks)")),
                                    .td(.text(AdsAdminPages.clickThroughRate(clicks: totals.clicks, impressions: totals.impressions))))
                            })
                        )
                    ),
                    .p(.a(.href(AdminURL.adPlacementsCSV.path + query), .text(copy.exportCSV)))
                ),
                .section(
                    .class("card"),
                    .h2(.text(copy.fillRatePerPlacement)),
                    .div(.class("chart-figure"), .raw(SVGChart.rows(
                        placements.map { SVGChart.Bar(label: name($0), value: $0.fillRate ?? 0, caption: fillRate($0)) },
                        title: copy.fillRatePerPlacement, maximum: 1)))
                ),
                .section(
                    .class("card"),
                    .h2(.text(copy.ctrPerPlacement)),
                    .div(.class("chart-figure"), .raw(SVGChart.rows(
                        placements.map {
                            SVGChart.Bar(label: name($0), value: $0.clickThroughRate,
                                         caption: AdsAdminPages.clickThroughRate(clicks: $0.clicks, impressions: $0.impressions))
                        },
                        title: copy.ctrPerPlacement)))
                )
            ))
        )
    }
}
