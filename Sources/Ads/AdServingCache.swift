import FluentKit
import Foundation
import Schema

/// An ad as pages and the API show it: no counters, nothing a visitor shouldn't see.
public struct ServedAd: Sendable, Equatable, Codable {
    public var id: Int
    public var type: AdType
    public var placement: AdPlacement
    public var title: String
    public var subtitle: String?
    public var ctaText: String?
    public var imageURL: String?
    public var link: String
    public var category: String?
    public var priority: Int
    public var startDate: Date?
    public var endDate: Date?

    public init(_ ad: Ad) throws {
        id = try ad.requireID()
        type = ad.type
        placement = ad.placement
        title = ad.title
        subtitle = ad.subtitle
        ctaText = ad.ctaText
        // A relative path the original app stored (`uploads/ads/…`) would resolve against each page's address: no
        // picture. A web address, or a path on the site itself (the demo's `/demo/…`), shows.
        imageURL = ad.imageURL.flatMap { address in
            AdCampaignRules.isWebAddress(address) || (address.hasPrefix("/") && !address.hasPrefix("//"))
                ? address : nil
        }
        link = ad.link
        category = ad.category
        priority = ad.priority
        startDate = ad.startDate
        endDate = ad.endDate
    }

    /// Inside its dates: from `startDate` (inclusive) until `endDate` (exclusive); an open end runs on.
    public func isScheduled(at now: Date) -> Bool {
        (startDate.map { $0 <= now } ?? true) && (endDate.map { now < $0 } ?? true)
    }
}

/// The active ads, per placement, in memory: a serve reads no database. The set is replaced whole by `load`
/// (an admin's change, or the periodic refresh); dates are checked at each serve, since they pass without any
/// change to the rows.
///
/// Order: the highest priority first. Ads of equal priority take turns: each serve of a placement starts every
/// priority group one ad further along, so over many serves each ad of a group leads equally often.
public final class AdServingCache: @unchecked Sendable {
    private let lock = NSLock()
    private var byPlacement: [AdPlacement: [ServedAd]] = [:]
    /// The same ads by id: a click finds its ad without a scan.
    private var byID: [Int: ServedAd] = [:]
    private var turns: [AdPlacement: Int] = [:]

    public init(ads: [ServedAd] = []) {
        replace(with: ads)
    }

    /// Every active ad, from the database. Ads whose end has passed are left out; ones not started yet are kept,
    /// so they appear on time without a reload.
    public static func activeAds(on database: any Database, now: Date = Date()) async throws -> [ServedAd] {
        try await Ad.query(on: database).filter(\.$status == .active)
            .group(.or) { $0.filter(\.$endDate == nil).filter(\.$endDate > now) }
            .all()
            // A type or placement the site doesn't know (a raw write, on SQLite's CHECK-less columns) or NULL names
            // no slot of ours.
            .filter { $0.$type.holdsOneOfItsValues && $0.$placement.holdsOneOfItsValues }
            .map(ServedAd.init)
    }

    /// Loads the active set from the database and serves it from now on.
    public func load(from database: any Database, now: Date = Date()) async throws {
        replace(with: try await Self.activeAds(on: database, now: now))
    }

    public func replace(with ads: [ServedAd]) {
        // Only what the rules allow is served, whatever a row says (a row written around the admin's validation).
        let grouped = Dictionary(
            grouping: ads.filter { AdPlacementRules.allows($0.type, in: $0.placement) }, by: \.placement
        )
        .mapValues { $0.sorted { ($0.priority, -$0.id) > ($1.priority, -$1.id) } }
        let indexed = Dictionary(grouped.values.joined().map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        lock.withLock { (byPlacement, byID) = (grouped, indexed) }
    }

    /// Up to `limit` ads for a placement, in serving order, and turns taken for the next serve.
    public func ads(for placement: AdPlacement, limit: Int, now: Date = Date()) -> [ServedAd] {
        guard limit > 0 else { return [] }
        let (candidates, turn) = lock.withLock { () -> ([ServedAd], Int) in
            let turn = turns[placement, default: 0]
            turns[placement] = turn &+ 1
            return (byPlacement[placement] ?? [], turn)
        }
        let live = candidates.filter { $0.isScheduled(at: now) }
        var served: [ServedAd] = []
        var index = live.startIndex
        while index < live.endIndex, served.count < limit {
            // One priority group: rotate it by this serve's turn.
            let priority = live[index].priority
            let end = live[index...].firstIndex { $0.priority != priority } ?? live.endIndex
            let group = Array(live[index..<end])
            let offset = Int(UInt(bitPattern: turn) % UInt(group.count))
            served += Array(group[offset...] + group[..<offset]).prefix(limit - served.count)
            index = end
        }
        return served
    }

    /// An ad of the active set, by id (a click's target).
    public func ad(id: Int) -> ServedAd? {
        lock.withLock { byID[id] }
    }

    /// How many ads the cache holds, per placement (what the tests check of a load).
    public var counts: [AdPlacement: Int] { lock.withLock { byPlacement.mapValues(\.count) } }
}
