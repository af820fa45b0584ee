import Foundation
import Localization
import Schema

/// One impression or click, as the tracker stores it (`impressions`, `clicks`).
public struct AdEvent: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case impression
        case click

        /// The kind's event table, and also the name of the `ads` counter that equals its number of rows.
        var table: String {
            switch self {
            case .impression: "impressions"
            case .click: "clicks"
            }
        }
    }

    public var kind: Kind
    public var adID: Int
    public var placement: AdPlacement
    public var userAgent: String?
    public var ip: String?
    public var at: Date

    /// An event with what `AdPrivacy` lets us keep of the visitor.
    public init(kind: Kind, adID: Int, placement: AdPlacement, userAgent: String?, ip: String?, at: Date = Date()) {
        self.kind = kind
        self.adID = adID
        self.placement = placement
        self.userAgent = AdPrivacy.truncatedUserAgent(userAgent)
        self.ip = AdPrivacy.truncatedIP(ip)
        self.at = at
    }
}

/// One serve of a placement with tracking on: a page's placement, or a call to the ads API. It is `filled` when
/// it showed at least one ad; a placement's fill rate is its filled serves over its serves.
public struct AdServe: Sendable, Equatable {
    public var placement: AdPlacement
    public var filled: Bool
    public var at: Date

    public init(placement: AdPlacement, filled: Bool, at: Date = Date()) {
        self.placement = placement
        self.filled = filled
        self.at = at
    }
}

/// A placement and a São Paulo day: the key of `ad_placement_daily_counts`.
struct PlacementDayKey: Hashable, Comparable {
    let placement: String
    /// "yyyy-MM-dd", São Paulo.
    let day: String

    static func < (lhs: Self, rhs: Self) -> Bool { (lhs.placement, lhs.day) < (rhs.placement, rhs.day) }
}

extension PlacementCounts {
    /// Serves added up per placement and day.
    static func serves(_ serves: [AdServe]) -> [PlacementDayKey: PlacementCounts] {
        var counts: [PlacementDayKey: PlacementCounts] = [:]
        for serve in serves {
            counts[
                PlacementDayKey(placement: serve.placement.rawValue, day: SiteClock.dayKey(serve.at)), default: .init()] +=
                PlacementCounts(serves: 1, filledServes: serve.filled ? 1 : 0)
        }
        return counts
    }

    /// Events added up per placement and day.
    static func events(_ events: [AdEvent]) -> [PlacementDayKey: PlacementCounts] {
        var counts: [PlacementDayKey: PlacementCounts] = [:]
        for event in events {
            counts[
                PlacementDayKey(placement: event.placement.rawValue, day: SiteClock.dayKey(event.at)), default: .init()] +=
                event.kind == .impression ? PlacementCounts(impressions: 1) : PlacementCounts(clicks: 1)
        }
        return counts
    }
}
