import FluentKit
import Localization
import Schema

/// Ad campaigns (`ads`) as admins manage them. Every write reloads this instance's serving set at once.
public enum AdAdministration {
    public static func save(_ input: AdCampaignRules.Input, into ad: Ad, on database: any Database, serving: AdServing)
        async throws
    {
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
        try await ad.save(on: database)
        try await serving.refresh(on: database)
    }

    /// A copy to edit, as a draft with fresh counters, so it isn't served before its admin has looked at it.
    public static func duplicate(_ ad: Ad, on database: any Database) async throws -> Ad {
        let copy = Ad(
            name: String((ad.name + " (cópia)").prefix(120)), type: ad.type, placement: ad.placement, status: .draft,
            title: ad.title,
            subtitle: ad.subtitle, ctaText: ad.ctaText, imageURL: ad.imageURL, link: ad.link, category: ad.category,
            priority: ad.priority, startDate: ad.startDate, endDate: ad.endDate)
        try await copy.create(on: database)
        return copy
    }

    public static func setStatus(_ status: AdStatus, of ad: Ad, on database: any Database, serving: AdServing)
        async throws
    {
        ad.status = status
        try await ad.save(on: database)
        try await serving.refresh(on: database)
    }

    public static func delete(_ ad: Ad, on database: any Database, serving: AdServing) async throws {
        try await ad.delete(on: database)
        try await serving.refresh(on: database)
    }

    public static func find(_ id: Int, on database: any Database) async throws -> Ad {
        guard let ad = try await Ad.find(id, on: database) else {
            throw Refusal(.notFound, reason: AdCampaignRules.Problem.unknownAd)
        }
        return ad
    }
}
