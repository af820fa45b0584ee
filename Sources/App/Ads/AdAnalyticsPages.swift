import Ads
import Fluent
import Localization
import Plot
import Schema
import Vapor

/// An ad's analytics: impressions, clicks and CTR per day over a chosen range, as SVG charts, a table and CSV
/// (`/admin/anuncios/<id>/analise`, `/api/v1/admin/ads/{id}/analytics`).
enum AdAnalyticsController {
    static func register(on routes: any RoutesBuilder) {
        routes.get(AdminURL.adAnalytics(nil).pathComponents, use: show)
        routes.get(AdminURL.adAnalyticsCSV(nil).pathComponents, use: csv)
    }

    /// The ad, and its days when the range reads (nil when it doesn't).
    static func load(_ req: Request) async throws -> (ad: Ad, range: DayRange?, days: [AdAnalytics.Day]) {
        let ad = try await req.requestedAd()
        guard let range = try DayRange.of(req) else { return (ad, nil, []) }
        return (
            ad, range, try await AdAnalytics.daily(adID: try ad.requireID(), from: range.from, to: range.to, on: req.db)
        )
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let (ad, range, days) = try await load(req)
        return AdAnalyticsPages.page(
            await req.pageContext(), ad: ad, range: range, days: days, status: range == nil ? .unprocessableEntity : .ok
        )
    }

    @Sendable static func csv(req: Request) async throws -> Response {
        let (ad, range, days) = try await load(req)
        guard let range else {
            throw Refusal(.invalid, reason: RequestProblem.dayRangeNotValid(maximumDays: DayRange.maximumDays))
        }
        let rows =
            [["day", "impressions", "clicks", "ctr"]]
            + days.map {
                [$0.day, String($0.impressions), String($0.clicks), String(format: "%.4f", $0.clickThroughRate)]
            }
        return CSVDownload.response(rows, filename: "anuncio-\(ad.id ?? 0)-\(range.from)-\(range.to).csv")
    }
}

enum AdAnalyticsPages {
    static func page(
        _ context: PageContext, ad: Ad, range: DayRange?, days: [AdAnalytics.Day], status: HTTPResponseStatus
    ) -> Response {
        let copy = context.copy
        let impressions = days.reduce(0) { $0 + $1.impressions }, clicks = days.reduce(0) { $0 + $1.clicks }
        let query = range?.queryString ?? ""
        func short(_ day: String) -> String {
            let parts = day.split(separator: "-")
            return parts.count == 3 ? "\(parts[2])/\(parts[1])" : day
        }
        let labelEvery = max(1, days.count / 6)
        return AdminLayout.render(
            context, area: .ads, title: copy.adAnalyticsTitle(ad.name), status: status,
            .p(
                .a(.href(AdminURL.ads.path), .text("← " + copy.adsArea)), .text(" · "),
                .a(.href(AdminURL.ad(ad.id).path), .text(copy.edit))),
            .section(.class("card"), DayRange.filter(range, action: AdminURL.adAnalytics(ad.id).path, copy)),
            .if(
                range != nil,
                .group(
                    .ul(
                        .class("stat-cards"),
                        .li(
                            .class("stat"), .span(.class("stat-value"), .text("\(impressions)")),
                            .span(.class("stat-label"), .text(copy.impressions))),
                        .li(
                            .class("stat"), .span(.class("stat-value"), .text("\(clicks)")),
                            .span(.class("stat-label"), .text(copy.clicks))),
                        .li(
                            .class("stat"),
                            .span(
                                .class("stat-value"),
                                .text(AdsAdminPages.clickThroughRate(clicks: clicks, impressions: impressions))),
                            .span(.class("stat-label"), .text("CTR")))
                    ),
                    .section(
                        .class("card"),
                        .h2(.text(copy.impressionsPerDay)),
                        .div(
                            .class("chart-figure"),
                            SVGChart.columns(
                                days.map {
                                    SVGChart.Bar(
                                        label: short($0.day), value: Double($0.impressions),
                                        caption: "\($0.impressions)")
                                },
                                title: copy.impressionsPerDay, labelEvery: labelEvery))
                    ),
                    .section(
                        .class("card"),
                        .h2(.text(copy.clicksPerDay)),
                        .div(
                            .class("chart-figure"),
                            SVGChart.columns(
                                days.map {
                                    SVGChart.Bar(
                                        label: short($0.day), value: Double($0.clicks), caption: "\($0.clicks)")
                                },
                                title: copy.clicksPerDay, labelEvery: labelEvery)),
                        .p(.a(.href(AdminURL.adAnalyticsCSV(ad.id).path + query), .text(copy.exportCSV)))
                    ),
                    .section(
                        .class("card"),
                        .div(
                            .class("table-scroll"),
                            .table(
                                .thead(
                                    .tr(
                                        .th(.text(copy.day)), .th(.text(copy.impressions)), .th(.text(copy.clicks)),
                                        .th(.text("CTR")))),
                                .tbody(
                                    .forEach(days.reversed()) { day in
                                        .tr(
                                            .td(.text(day.day)), .td(.text("\(day.impressions)")),
                                            .td(.text("\(day.clicks)")),
                                            .td(
                                                .text(
                                                    AdsAdminPages.clickThroughRate(
                                                        clicks: day.clicks, impressions: day.impressions))))
                                    })
                            )
                        )
                    )
                ))
        )
    }
}
