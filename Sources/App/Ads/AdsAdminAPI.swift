import APISchema
import Ads
import Fluent
import Localization
import Schema
import Vapor

/// `/api/v1/admin/ads`: campaigns with their counters, and duplicate, pause and resume as one call each.
enum AdsAdminAPI {

    struct AdDTO: Content {
        let id: Int
        let name: String
        let type: AdType
        let placement: AdPlacement
        let status: AdStatus
        let title: String
        let subtitle: String?
        let ctaText: String?
        let imageUrl: String?
        let link: String
        let category: String?
        let priority: Int
        let startDate: Date?
        let endDate: Date?
        let impressions: Int
        let clicks: Int

        init(_ ad: Ad) {
            id = ad.id ?? 0
            name = ad.name
            type = ad.type
            placement = ad.placement
            status = ad.status
            title = ad.title
            subtitle = ad.subtitle
            ctaText = ad.ctaText
            imageUrl = ad.imageURL
            link = ad.link
            category = ad.category
            priority = ad.priority
            startDate = ad.startDate
            endDate = ad.endDate
            impressions = ad.impressions
            clicks = ad.clicks
        }

        static let schema = JSONSchema.object([
            .init("id", .integer), .init("name", .string), .init("type", .enumeration(AdType.self)),
            .init("placement", .enumeration(AdPlacement.self)), .init("status", .enumeration(AdStatus.self)),
            .init("title", .string),
            .init("subtitle", .nullable(.string)), .init("cta_text", .nullable(.string)),
            .init("image_url", .nullable(.string)),
            .init("link", .string), .init("category", .nullable(.string)), .init("priority", .integer),
            .init("start_date", .nullable(.dateTime)), .init("end_date", .nullable(.dateTime)),
            .init("impressions", .integer),
            .init("clicks", .integer),
        ])
    }

    struct AdBody: Content {
        var name: String?
        var type: String?
        var placement: String?
        var status: String?
        var title: String?
        var subtitle: String?
        var ctaText: String?
        var imageUrl: String?
        var link: String?
        var category: String?
        var priority: Int?
        var startDate: Date?
        var endDate: Date?

        var input: AdCampaignRules.Input {
            .init(
                name: name ?? "", type: type ?? "", placement: placement ?? "",
                status: status ?? AdStatus.draft.rawValue,
                title: title ?? "", subtitle: subtitle ?? "", ctaText: ctaText ?? "", imageURL: imageUrl ?? "",
                link: link ?? "",
                category: category ?? "", priority: priority ?? 0, startDate: startDate, endDate: endDate)
        }

        static let schema = JSONSchema.object(
            [
                .init("name", .string), .init("type", .enumeration(AdType.self)),
                .init(
                    "placement",
                    .string(allowed: AdPlacement.allCases.map(\.rawValue), description: "One the type allows.")),
                .init("status", .enumeration(AdStatus.self)), .init("title", .string), .init("subtitle", .string),
                .init("cta_text", .string), .init("image_url", .string),
                .init("link", .string(description: "An http(s) address.")),
                .init("category", .string), .init("priority", .integer(description: "-1000 to 1000; higher first.")),
                .init("start_date", .dateTime), .init("end_date", .dateTime),
            ], required: ["name", "type", "placement", "title", "link"])
    }

    struct AnalyticsDTO: Content {
        struct Day: Content {
            let day: String
            let impressions: Int
            let clicks: Int
            let ctr: Double
        }
        let from: String
        let to: String
        let impressions: Int
        let clicks: Int
        let days: [Day]

        static let schema = JSONSchema.object([
            .init("from", .string(format: "date")), .init("to", .string(format: "date")),
            .init("impressions", .integer),
            .init("clicks", .integer),
            .init(
                "days",
                .array(
                    .object([
                        .init("day", .string(format: "date")), .init("impressions", .integer),
                        .init("clicks", .integer),
                        .init("ctr", .number(description: "Clicks per impression, 0 to 1.")),
                    ]))),
        ])
    }

    struct PlacementAnalyticsDTO: Content {
        struct Placement: Content {
            let placement: AdPlacement
            let serves: Int
            let filledServes: Int
            let fillRate: Double?
            let impressions: Int
            let clicks: Int
            let ctr: Double
        }
        let from: String
        let to: String
        let placements: [Placement]

        static let schema = JSONSchema.object([
            .init("from", .string(format: "date")), .init("to", .string(format: "date")),
            .init(
                "placements",
                .array(
                    .object([
                        .init("placement", .enumeration(AdPlacement.self)),
                        .init(
                            "serves",
                            .integer(description: "Times the placement was shown on a page or by the API, counted.")),
                        .init("filled_serves", .integer(description: "Serves that showed at least one ad.")),
                        .init(
                            "fill_rate",
                            .nullable(.number(description: "Filled serves per serve, 0 to 1; null without serves."))),
                        .init("impressions", .integer), .init("clicks", .integer),
                        .init("ctr", .number(description: "Clicks per impression, 0 to 1.")),
                    ]))),
        ])
    }

    struct RulesDTO: Content {
        let placements: [String: [AdPlacement]]
        static let schema = JSONSchema.object([.init("placements", .dictionary(.array(.enumeration(AdPlacement.self))))]
        )
    }

    static let rangeParameters: [APIRoute.Parameter] = [
        .init(
            name: "from", location: .query, schema: .string(format: "date"),
            description: "First São Paulo day; default 29 days before `to`."),
        .init(
            name: "to", location: .query, schema: .string(format: "date"),
            description: "Last day; default today. At most 366 days."),
    ]

    static let operations: [APIRoute] = [
        APIRoute(
            method: .GET, url: .adminAds, summary: "Every ad campaign, with its counters", tag: "ads", access: .admin,
            responses: [(.ok, "The campaigns", .array(.reference("Ad")))] + APIResponses.adminRefusals, handler: list),
        APIRoute(
            method: .GET, url: .adminAdRules, summary: "Which placements each ad type may use", tag: "ads",
            access: .admin,
            responses: [(.ok, "Placements per type", .reference("AdRules"))] + APIResponses.adminRefusals,
            handler: { _ in
                try APICoding.response(
                    RulesDTO(
                        placements: Dictionary(
                            uniqueKeysWithValues: AdType.allCases.map {
                                ($0.rawValue, AdPlacementRules.placements(for: $0))
                            })))
            }),
        APIRoute(
            method: .POST, url: .adminAds, summary: "Create a campaign", tag: "ads", access: .admin,
            requestBody: AdBody.schema,
            responses: [(.created, "Created", .reference("Ad")), APIResponses.invalid] + APIResponses.adminRefusals,
            handler: create
        ),
        APIRoute(
            method: .GET, url: .adminAd(nil), summary: "One campaign", tag: "ads", access: .admin,
            parameters: [.id(of: "ad")],
            responses: [(.ok, "The campaign", .reference("Ad")), APIResponses.notFound("ad")]
                + APIResponses.adminRefusals,
            handler: show),
        APIRoute(
            method: .PUT, url: .adminAd(nil), summary: "Replace a campaign's fields", tag: "ads", access: .admin,
            parameters: [.id(of: "ad")], requestBody: AdBody.schema,
            responses: [(.ok, "Saved", .reference("Ad")), APIResponses.notFound("ad"), APIResponses.invalid]
                + APIResponses.adminRefusals, handler: update),
        APIRoute(
            method: .DELETE, url: .adminAd(nil), summary: "Delete a campaign and its events", tag: "ads",
            access: .admin,
            parameters: [.id(of: "ad")],
            responses: [(.noContent, "Deleted", nil), APIResponses.notFound("ad")] + APIResponses.adminRefusals,
            handler: delete),
        APIRoute(
            method: .GET, url: .adminAdAnalytics(nil), summary: "Impressions, clicks and CTR per São Paulo day",
            tag: "ads",
            access: .admin,
            parameters: [.id(of: "ad")] + rangeParameters,
            responses: [
                (.ok, "The days", .reference("AdAnalytics")), APIResponses.notFound("ad"),
                (.unprocessableEntity, "Not a valid range", .reference("Error")),
            ] + APIResponses.adminRefusals,
            handler: analytics),
        APIRoute(
            method: .GET, url: .adminAdPlacements,
            summary: "Serves, fill rate, impressions, clicks and CTR per placement",
            tag: "ads", access: .admin, parameters: rangeParameters,
            responses: [
                (.ok, "Every placement", .reference("AdPlacementAnalytics")),
                (.unprocessableEntity, "Not a valid range", .reference("Error")),
            ] + APIResponses.adminRefusals,
            handler: placements),
        APIRoute(
            method: .POST, url: .adminAdDuplicate(nil), summary: "Copy a campaign as a draft", tag: "ads",
            access: .admin,
            parameters: [.id(of: "ad")],
            responses: [(.created, "The copy", .reference("Ad")), APIResponses.notFound("ad")]
                + APIResponses.adminRefusals,
            handler: duplicate),
        APIRoute(
            method: .POST, url: .adminAdPause(nil), summary: "Stop serving a campaign", tag: "ads", access: .admin,
            parameters: [.id(of: "ad")],
            responses: [(.ok, "Paused", .reference("Ad")), APIResponses.notFound("ad")] + APIResponses.adminRefusals,
            handler: { try await setStatus(.paused, $0) }),
        APIRoute(
            method: .POST, url: .adminAdResume(nil), summary: "Serve a campaign again (or for the first time)",
            tag: "ads", access: .admin,
            parameters: [.id(of: "ad")],
            responses: [(.ok, "Active", .reference("Ad")), APIResponses.notFound("ad")] + APIResponses.adminRefusals,
            handler: { try await setStatus(.active, $0) }),
    ]

    @Sendable static func list(req: Request) async throws -> Response {
        try APICoding.response(try await Ad.query(on: req.db).sort(\.$id, .descending).all().map(AdDTO.init))
    }

    @Sendable static func show(req: Request) async throws -> Response {
        try APICoding.response(AdDTO(try await req.requestedAd()))
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let ad = Ad()
        try await AdAdministration.save(
            try req.apiBody(AdBody.self).input, into: ad, on: req.db, serving: req.application.adServing)
        return try APICoding.response(AdDTO(ad), status: .created)
    }

    @Sendable static func update(req: Request) async throws -> Response {
        let ad = try await req.requestedAd()
        try await AdAdministration.save(
            try req.apiBody(AdBody.self).input, into: ad, on: req.db, serving: req.application.adServing)
        return try APICoding.response(AdDTO(ad))
    }

    @Sendable static func delete(req: Request) async throws -> Response {
        try await AdAdministration.delete(try await req.requestedAd(), on: req.db, serving: req.application.adServing)
        return APICoding.noContent()
    }

    @Sendable static func duplicate(req: Request) async throws -> Response {
        try APICoding.response(
            AdDTO(try await AdAdministration.duplicate(try await req.requestedAd(), on: req.db)), status: .created)
    }

    @Sendable static func analytics(req: Request) async throws -> Response {
        let ad = try await req.requestedAd()
        guard let range = try DayRange.of(req) else {
            throw Refusal(.invalid, reason: RequestProblem.dayRangeNotValid(maximumDays: DayRange.maximumDays))
        }
        let days = try await AdAnalytics.daily(adID: try ad.requireID(), from: range.from, to: range.to, on: req.db)
        return try APICoding.response(
            AnalyticsDTO(
                from: range.from, to: range.to, impressions: days.reduce(0) { $0 + $1.impressions },
                clicks: days.reduce(0) { $0 + $1.clicks },
                days: days.map {
                    .init(day: $0.day, impressions: $0.impressions, clicks: $0.clicks, ctr: $0.clickThroughRate)
                }))
    }

    @Sendable static func placements(req: Request) async throws -> Response {
        guard let range = try DayRange.of(req) else {
            throw Refusal(.invalid, reason: RequestProblem.dayRangeNotValid(maximumDays: DayRange.maximumDays))
        }
        let placements = try await AdAnalytics.placements(from: range.from, to: range.to, on: req.db)
        return try APICoding.response(
            PlacementAnalyticsDTO(
                from: range.from, to: range.to,
                placements: placements.map {
                    .init(
                        placement: $0.placement, serves: $0.counts.serves, filledServes: $0.counts.filledServes,
                        fillRate: $0.counts.fillRate,
                        impressions: $0.counts.impressions, clicks: $0.counts.clicks, ctr: $0.counts.clickThroughRate)
                }))
    }

    static func setStatus(_ status: AdStatus, _ req: Request) async throws -> Response {
        let ad = try await req.requestedAd()
        try await AdAdministration.setStatus(status, of: ad, on: req.db, serving: req.application.adServing)
        return try APICoding.response(AdDTO(ad))
    }
}
