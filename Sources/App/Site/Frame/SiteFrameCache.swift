import Fluent
import Schema
import Site
import Vapor

/// The site's settings and footer contacts, which every page shows and admins rarely change, kept for a few
/// seconds instead of read on every page (two queries of a model page's four). A change through Fluent on this
/// instance clears it at once; other instances see it within `lifetime`.
final class SiteFrameCache: @unchecked Sendable {
    struct Frame: Sendable {
        let settings: SiteSettings
        let contacts: [SupportContact]
    }

    /// 5 s: long enough to spare the database under load, short enough that an admin on another instance sees
    /// their change before they can look for it.
    static let lifetime: TimeInterval = 5

    private let lock = NSLock()
    private var frame: Frame?
    private var loadedAt = Date.distantPast
    private var generation = 0

    func frame(on database: any Database, now: Date = Date()) async throws -> Frame {
        let (cached, generationAtStart): (Frame?, Int) = lock.withLock {
            (now.timeIntervalSince(loadedAt) < Self.lifetime ? frame : nil, generation)
        }
        if let cached { return cached }
        let loaded = Frame(
            settings: try await SiteSettings.load(on: database),
            contacts: try await SupportContact.query(on: database).filter(\.$isActive == true).sort(\.$id).all())
        lock.withLock {
            // A change that landed while this read ran may be missing from it: don't keep it.
            if generation == generationAtStart {
                frame = loaded
                loadedAt = now
            }
        }
        return loaded
    }

    func invalidate() {
        lock.withLock {
            frame = nil
            generation += 1
        }
    }

    /// Clears the cache whenever a setting or a support contact is written through Fluent.
    struct Invalidator<Watched: Model>: AsyncModelMiddleware {
        let cache: SiteFrameCache

        func create(model: Watched, on db: any Database, next: any AnyAsyncModelResponder) async throws {
            try await next.create(model, on: db)
            cache.invalidate()
        }

        func update(model: Watched, on db: any Database, next: any AnyAsyncModelResponder) async throws {
            try await next.update(model, on: db)
            cache.invalidate()
        }

        func delete(model: Watched, force: Bool, on db: any Database, next: any AnyAsyncModelResponder) async throws {
            try await next.delete(model, force: force, on: db)
            cache.invalidate()
        }
    }
}

extension Application {
    private struct SiteFrameCacheKey: StorageKey {
        typealias Value = SiteFrameCache
    }

    var siteFrameCache: SiteFrameCache {
        if let cache = storage[SiteFrameCacheKey.self] { return cache }
        let cache = SiteFrameCache()
        storage[SiteFrameCacheKey.self] = cache
        return cache
    }

    func useSiteFrameCache() {
        let cache = SiteFrameCache()
        storage[SiteFrameCacheKey.self] = cache
        databases.middleware.use(SiteFrameCache.Invalidator<AdminSetting>(cache: cache))
        databases.middleware.use(SiteFrameCache.Invalidator<SupportContact>(cache: cache))
    }
}
