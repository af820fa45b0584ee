import Ads
import Fluent
import Localization
import Schema
import Vapor

/// Ad campaigns (`ads`) as admins manage them. Every write reloads this instance's serving set at once.
enum AdAdministration {
    static func save(_ input: AdCampaignRules.Input, into ad: Ad, on req: Request) async throws {
        let valid = try AdCampaignRules.validate(input)
        ad.name = valid.name
        ad.type = valid.type
        ad.placement = valid.placement
        ad.status = valid.status
        ad.title = valid.title
        ad.subtitle = valid.subtitle
        ad.ctaText = valid.ctaText
        ad.imageURL = valid.imageURL
        ad.link = valid.link
        ad.category = valid.category
        ad.priority = valid.priority
        ad.startDate = valid.startDate
        ad.endDate = valid.endDate
        if ad.id == nil {
            ad.impressions = 0
            ad.clicks = 0
        }
        try await ad.save(on: req.db)
        try await req.application.adServing.refresh(on: req.db)
    }

    /// A copy to edit, as a draft with fresh counters, so it isn't served before its admin has looked at it.
    static func duplicate(_ ad: Ad, on req: Request) async throws -> Ad {
        let copy = Ad(
            name: String((ad.name + " (cópia)").prefix(120)), type: ad.type, placement: ad.placement, status: .draft, title: ad.title,
            subtitle: ad.subtitle, ctaText: ad.ctaText, imageURL: ad.imageURL, link: ad.link, category: ad.category,
            priority: ad.priority, startDate: ad.startDate, endDate: ad.endDate)
        try await copy.create(on: req.db)
        return copy
    }

    static func setStatus(_ status: AdStatus, of ad: Ad, on req: Request) async throws {
        ad.status = status
        try await ad.save(on: req.db)
        try await req.application.adServing.refresh(on: req.db)
    }

    static func delete(_ ad: Ad, on req: Request) async throws {
        try await ad.delete(on: req.db)
        try await req.application.adServing.refresh(on: req.db)
    }

    static func find(_ req: Request) async throws -> Ad {
        guard let ad = try await Ad.find(try req.recordID(), on: req.db) else { throw Abort(.notFound, reason: "There is no such ad.") }
        return ad
    }
}
