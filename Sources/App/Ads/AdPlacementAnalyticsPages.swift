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
        let range = try DayRange.of(req)
        var placements: [AdAnalytics.PlacementTotals] = []
        if let range { placements = try await AdAnalytics.placements(from: range.from, to: range.to, on: req.db) }
        return AdPlacementAnalyticsPages.page(
            await req.pageContext(), range: range, placements: placements,
            status: range == nil ? .unprocessableEntity : .ok)
    }

    /// One line per placement and day with counts, by day.
    @Sendable static func csv(req: Request) async throws -> Response {
        guard let range = try DayRange.of(req) else {
            throw Refusal(.invalid, reason: RequestProblem.dayRangeNotValid(maximumDays: DayRange.maximumDays))
        }
        let days = try await AdAnalytics.placementDays(from: range.from, to: range.to, on: req.db)
        let rows =
            [["day", "placement", "serves", "filled_serves", "fill_rate", "impressions", "clicks", "ctr"]]
            + days.map { day in
                let counts = day.counts
                return [
                    day.day, day.placement.rawValue, String(counts.serves), String(counts.filledServes),
                    counts.fillRate.map { String(format: "%.4f", $0) } ?? "", String(counts.impressions),
                    String(counts.clicks),
                    String(format: "%.4f", counts.clickThroughRate),
                ]
            }
        return CSVDownload.response(rows, filename: "posicoes-\(range.from)-\(range.to).csv")
    }
}

enum AdPlacementAnalyticsPages {
    static func page(
        _ context: PageContext, range: DayRange?, placements: [AdAnalytics.PlacementTotals],
        status: HTTPResponseStatus
    ) -> Response {
        let copy = context.copy
        let query = range?.queryString ?? ""
        func name(_ totals: AdAnalytics.PlacementTotals) -> String {
            AdsAdminPages.placementName(totals.placement, copy)
        }
        func fillRate(_ counts: PlacementCounts) -> String { counts.fillRate.map(Percentage.formatted) ?? "—" }
        return AdminLayout.render(
            context, area: .ads, title: copy.placementsPerformance, status: status,
            .p(.a(.href(AdminURL.ads.path), .text("← " + copy.adsArea))),
            .section(
                .class("card"),
                DayRange.filter(range, action: AdminURL.adPlacements.path, copy),
                .p(.class("hint"), .text(copy.placementsPerformanceHint))
            ),
            .if(
                range != nil,
                .group(
                    .section(
                        .class("card"),
                        .div(
                            .class("table-scroll"),
                            .table(
                                .class("placements"),
                                .thead(
                                    .tr(
                                        .th(.text(copy.adPlacement)), .th(.text(copy.serves)),
                                        .th(.text(copy.filledServes)), .th(.text(copy.fillRate)),
                                        .th(.text(copy.impressions)), .th(.text(copy.clicks)), .th(.text("CTR")))),
                                .tbody(
                                    .forEach(placements) { totals in
                                        let counts = totals.counts
                                        return .tr(
                                            .attribute(named: "data-placement", value: totals.placement.rawValue),
                                            .td(.text(name(totals))), .td(.text("\(counts.serves)")),
                                            .td(.text("\(counts.filledServes)")),
                                            .td(.text(fillRate(counts))), .td(.text("\(counts.impressions)")),
                                            .td(.text("\(counts.clicks)")),
                                            .td(
                                                .text(
                                                    AdsAdminPages.clickThroughRate(
                                                        clicks: counts.clicks, impressions: counts.impressions))))
                                    })
                            )
                        ),
                        .p(.a(.href(AdminURL.adPlacementsCSV.path + query), .text(copy.exportCSV)))
                    ),
                    .section(
                        .class("card"),
                        .h2(.text(copy.fillRatePerPlacement)),
                        .div(
                            .class("chart-figure"),
                            SVGChart.rows(
                                placements.map {
                                    SVGChart.Bar(
                                        label: name($0), value: $0.counts.fillRate ?? 0, caption: fillRate($0.counts))
                                },
                                title: copy.fillRatePerPlacement, maximum: 1))
                    ),
                    .section(
                        .class("card"),
                        .h2(.text(copy.ctrPerPlacement)),
                        .div(
                            .class("chart-figure"),
                            SVGChart.rows(
                                placements.map {
                                    SVGChart.Bar(
                                        label: name($0), value: $0.counts.clickThroughRate,
                                        caption: AdsAdminPages.clickThroughRate(
                                            clicks: $0.counts.clicks, impressions: $0.counts.impressions))
                                },
                                title: copy.ctrPerPlacement))
                    )
                ))
        )
    }
}
