import APISchema
import Ads
import Fluent
import Localization
import Schema
import Vapor

/// `GET /api/v1/ads`: the ads to show in a placement, served from memory, each impression recorded before the
/// answer unless `track=false`. And `GET /ads/{id}/click`: the click, recorded, then a 302 to the ad's link.
enum AdsAPI {
    static let defaultLimit = 3
    static let maximumLimit = 20

    struct ServedAdDTO: Content {
        let id: Int
        let type: AdType
        let placement: AdPlacement
        let title: String
        let subtitle: String?
        let ctaText: String?
        let imageUrl: String?
        let category: String?
        /// Where the ad leads.
        let link: String
        /// What to open on a click: records it, then redirects to `link`.
        let clickUrl: String

        init(_ ad: ServedAd) {
            id = ad.id
            type = ad.type
            placement = ad.placement
            title = ad.title
            subtitle = ad.subtitle
            ctaText = ad.ctaText
            imageUrl = ad.imageURL
            category = ad.category
            link = ad.link
            clickUrl = SiteURL.adClick(ad.id, placement: ad.placement.rawValue).path
        }

        static let schema = JSONSchema.object([
            .init("id", .integer), .init("type", .enumeration(AdType.self)),
            .init("placement", .enumeration(AdPlacement.self)),
            .init("title", .string), .init("subtitle", .nullable(.string)), .init("cta_text", .nullable(.string)),
            .init("image_url", .nullable(.string)), .init("category", .nullable(.string)), .init("link", .string),
            .init("click_url", .string),
        ])
    }

    struct ServedDTO: Content {
        let ads: [ServedAdDTO]
        static let schema = JSONSchema.object([.init("ads", .array(.reference("ServedAd")))])
    }

    /// Read as text, so a value that isn't a number or a boolean is named in the same 422 as one out of range.
    struct ServeQuery: Content {
        var placement: String?
        var limit: String?
        var track: String?
    }

    static let operations: [APIRoute] = [
        APIRoute(
            method: .GET, url: .ads,
            summary: "The ads to show in a placement, highest priority first, equal ones in turn",
            tag: "ads", access: .anyone,
            parameters: [
                .init(
                    name: "placement", location: .query, schema: .enumeration(AdPlacement.self),
                    description: "Required."),
                .init(
                    name: "limit", location: .query, schema: .integer(range: 1...maximumLimit),
                    description: "1 to 20; default 3."),
                .init(
                    name: "track", location: .query, schema: .boolean,
                    description: "false: don't record impressions. Default true."),
            ],
            responses: [
                (.ok, "The ads; their impressions are recorded before this answer", .reference("Served")),
                (
                    .unprocessableEntity,
                    "No such placement, a limit that isn't 1 to 20, or a track that isn't true or false",
                    .reference("Error")
                ),
                (.serviceUnavailable, "The impressions couldn't be recorded; try again", .reference("Error")),
            ],
            handler: serve)
    ]

    @Sendable static func serve(req: Request) async throws -> Response {
        let query = try req.query.decode(ServeQuery.self)
        var problems: [String: any RefusalReason] = [:]
        let placement = query.placement.flatMap(AdPlacement.init(rawValue:))
        if placement == nil {
            problems["placement"] = RequestProblem.notOneOf(AdPlacement.allCases.map(\.rawValue))
        }
        let limit = query.limit.map { Int($0) ?? 0 } ?? defaultLimit
        if !(1...maximumLimit).contains(limit) {
            problems["limit"] = RequestProblem.outOfRange(1, maximumLimit)
        }
        let track = query.track.map { Bool($0) } ?? true
        if track == nil { problems["track"] = RequestProblem.trueOrFalse }
        guard problems.isEmpty, let placement, let track else {
            throw Refusal.invalid(problems)
        }
        let serving = req.application.adServing
        let ads = try await serving.ready(on: req.db).ads(for: placement, limit: limit, now: req.now)
        if track { try await serving.recordShown([(placement, ads)], for: req.adVisitor) }
        let response = try APICoding.response(ServedDTO(ads: ads.map(ServedAdDTO.init)))
        // Each answer rotates and counts: no cache may replay it.
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    /// `GET /ads/{id}/click?placement=P`: an active ad's click is recorded (not a HEAD's or an honest bot's), then
    /// the browser goes to the ad's link. The link was checked to be http(s) when saved; nothing from the
    /// request chooses the destination. An unknown, paused or ended ad is a 404 page.
    @Sendable static func click(req: Request) async throws -> Response {
        let serving = req.application.adServing
        guard let id = req.parameters.get("id", as: Int.self),
            let ad = try await serving.ready(on: req.db).ad(id: id), ad.isScheduled(at: req.now)
        else { throw Abort(.notFound) }
        // The placement the click came from, when it is one this ad may appear in; else the ad's own.
        let claimed = (try? req.query.get(String.self, at: "placement")).flatMap(AdPlacement.init(rawValue:))
        let placement = claimed.flatMap { AdPlacementRules.allows(ad.type, in: $0) ? $0 : nil } ?? ad.placement
        try await serving.recordClick(on: ad, in: placement, for: req.adVisitor)
        let response = req.redirect(to: ad.link, redirectType: .normal)
        response.status = .found
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}
