import Ads
import Schema
import Vapor

/// The ads one page shows, taken from memory for all its placements at once. Their impressions are recorded
/// in one batch before the page is answered, with each placement's serve for its fill rate.
struct PageAds: Sendable {
    private var byPlacement: [AdPlacement: [ServedAd]] = [:]

    subscript(placement: AdPlacement) -> [ServedAd] { byPlacement[placement] ?? [] }

    /// How many ads each placement shows on a page. Placements a page doesn't list show nothing there.
    static let limits: [AdPlacement: Int] = [
        .homeTop: 5, .homeMiddle: 2, .homeBottom: 1, .modelsGrid: 2, .feedModel: 2, .modelProfile: 1, .modelSidebar: 2,
        .sidebar: 2, .login: 1, .register: 1, .postDetail: 1, .footer: 1,
    ]

    /// Ads never break a page: when the set can't be loaded or the impressions can't be recorded, the page is
    /// shown without ads (the cause logged), so no ad is shown uncounted.
    static func load(_ placements: [AdPlacement], for req: Request) async -> PageAds {
        do {
            return try await loadCounted(placements, for: req)
        } catch {
            req.logger.warning("ads left out of \(req.url.path): \(String(reflecting: error))")
            return PageAds()
        }
    }

    private static func loadCounted(_ placements: [AdPlacement], for req: Request) async throws -> PageAds {
        let serving = req.application.adServing
        let cache = try await serving.ready(on: req.db)
        var ads = PageAds()
        var shown: [(placement: AdPlacement, ads: [ServedAd])] = []
        for placement in placements {
            let served = cache.ads(for: placement, limit: limits[placement] ?? 1, now: req.now)
            ads.byPlacement[placement] = served
            shown.append((placement, served))
        }
        try await serving.recordShown(shown, for: req.adVisitor)
        return ads
    }
}

extension Request {
    /// The page's context with its ads, and the site footer's: impressions recorded before this returns.
    func pageContext(showingAds placements: [AdPlacement]) async -> PageContext {
        var context = await pageContext()
        context.ads = await PageAds.load(placements + [.footer], for: self)
        return context
    }
}
