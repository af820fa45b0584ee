import Foundation
import Localization
import Schema
import Testing

@testable import Ads

@Suite struct AdPlacementRulesTests {
    /// The rules as the issue states them, written out by hand so the code is checked against intent.
    static let stated: [AdType: Set<AdPlacement>] = [
        .diamond: [.feedModel],
        .diamondBlock: [.homeTop, .homeMiddle, .modelsGrid],
        .banner: [.homeTop, .homeBottom, .login, .register, .footer],
        .spot: [.sidebar, .modelProfile, .modelSidebar, .postDetail],
        .hero: [.homeTop],
    ]

    @Test(arguments: AdType.allCases)
    func eachTypeAppearsOnlyInItsPlacements(_ type: AdType) {
        #expect(Set(AdPlacementRules.placements(for: type)) == Self.stated[type])
        for placement in AdPlacement.allCases {
            #expect(AdPlacementRules.allows(type, in: placement) == Self.stated[type]!.contains(placement))
            #expect(AdPlacementRules.types(for: placement).contains(type) == Self.stated[type]!.contains(placement))
        }
    }

    @Test func everyOneOfTheTwelvePlacementsCanBeFilled() {
        #expect(AdPlacement.allCases.count == 12)
        for placement in AdPlacement.allCases {
            #expect(!AdPlacementRules.types(for: placement).isEmpty, "\(placement)")
        }
    }
}

@Suite struct AdCampaignRulesTests {
    static func input(
        type: String = "banner", placement: String = "home_top",
        link: String = "https://parceiro.example.com/oferta?x=1"
    )
        -> AdCampaignRules.Input
    {
        .init(name: "Campanha", type: type, placement: placement, status: "active", title: "Oferta", link: link)
    }

    static func problems(_ input: AdCampaignRules.Input) -> [String: AdCampaignRules.Problem] {
        do {
            _ = try AdCampaignRules.validate(input)
            return [:]
        } catch { return error.fields(as: AdCampaignRules.Problem.self) }
    }

    @Test func aValidCampaignIsTrimmedAndTyped() throws {
        var input = Self.input()
        input.name = "  Campanha  "
        input.subtitle = "   "
        let valid = try AdCampaignRules.validate(input)
        #expect(valid.name == "Campanha")
        #expect(valid.type == .banner)
        #expect(valid.placement == .homeTop)
        #expect(valid.status == .active)
        #expect(valid.subtitle == nil)
        #expect(valid.priority == 0)
    }

    @Test func aTypeOutsideItsPlacementsIsRefused() {
        #expect(Self.problems(Self.input(type: "hero", placement: "footer")) == ["placement": .placementNotAllowed])
        #expect(
            Self.problems(Self.input(type: "diamond", placement: "home_top")) == ["placement": .placementNotAllowed])
        #expect(
            Self.problems(Self.input(type: "popup", placement: "nowhere")) == [
                "type": .typeUnknown, "placement": .placementUnknown,
            ])
    }

    @Test(arguments: [
        "javascript:alert(1)", "JAVASCRIPT:alert(1)", "/admin", "//evil.example.com", "data:text/html,x",
        "ftp://x.example.com",
        "https://", "https://user:pass@example.com", "https://exa mple.com", "",
    ])
    func onlyAnAbsoluteWebLinkIsTaken(_ link: String) {
        #expect(Self.problems(Self.input(link: link)) == ["link": .linkInvalid])
    }

    @Test func theStartComesBeforeTheEndAndPriorityIsBounded() {
        var input = Self.input()
        input.startDate = Date(timeIntervalSince1970: 2_000)
        input.endDate = Date(timeIntervalSince1970: 1_000)
        input.priority = 5_000
        input.imageURL = "javascript:x"
        #expect(
            Self.problems(input) == [
                "end_date": .datesOutOfOrder, "priority": .priorityInvalid, "image_url": .imageURLInvalid,
            ])
        input.endDate = input.startDate
        input.priority = nil
        #expect(Self.problems(input)["end_date"] == .datesOutOfOrder)
        #expect(Self.problems(input)["priority"] == .priorityInvalid)
    }
}

@Suite struct AdServingCacheTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func ad(
        _ id: Int, _ type: AdType = .spot, _ placement: AdPlacement = .sidebar, priority: Int = 0, start: Date? = nil,
        end: Date? = nil
    ) -> ServedAd {
        let row = Ad(
            id: id, name: "A\(id)", type: type, placement: placement, status: .active, title: "Ad \(id)",
            link: "https://example.com/\(id)", priority: priority, startDate: start, endDate: end)
        // swift-format-ignore: NeverUseForceTry
        // Every row these tests build is valid; a fixture that isn't should stop the run.
        return try! ServedAd(row)
    }

    @Test func theHighestPriorityComesFirstAndEqualPrioritiesTakeFairTurns() throws {
        let cache = AdServingCache(ads: [Self.ad(1), Self.ad(2), Self.ad(3), Self.ad(9, priority: 10)])
        var leads: [Int: Int] = [:]
        for _ in 0..<300 {
            let served = cache.ads(for: .sidebar, limit: 2, now: Self.now)
            try #require(served.count == 2, "priority 10 always leads")
            #expect(served[0].id == 9, "priority 10 always leads")
            leads[served[1].id, default: 0] += 1
        }
        #expect(leads == [1: 100, 2: 100, 3: 100])
    }

    @Test func onlyScheduledAdsOfThePlacementAreServed() {
        let cache = AdServingCache(ads: [
            Self.ad(1, start: Self.now.addingTimeInterval(60)), Self.ad(2, end: Self.now),
            Self.ad(3, end: Self.now.addingTimeInterval(1)),
            Self.ad(4, .spot, .postDetail), Self.ad(5, .hero, .sidebar),
        ])
        #expect(
            cache.ads(for: .sidebar, limit: 10, now: Self.now).map(\.id) == [3],
            "not started, ended, other placement, or breaking the rules")
        #expect(cache.ads(for: .sidebar, limit: 10, now: Self.now.addingTimeInterval(60)).map(\.id) == [1])
        #expect(cache.ads(for: .footer, limit: 10, now: Self.now).isEmpty)
        #expect(cache.ads(for: .sidebar, limit: 0, now: Self.now).isEmpty)
    }
}

@Suite struct AdPrivacyTests {
    @Test func addressesAreCutToTheirNetwork() {
        #expect(AdPrivacy.truncatedIP("203.0.113.77") == "203.0.113.0")
        #expect(AdPrivacy.truncatedIP("2001:db8:1234:5678:9abc::1") == "2001:db8:1234::")
        #expect(AdPrivacy.truncatedIP("::1") == "::")
        #expect(AdPrivacy.truncatedIP("not-an-ip") == nil)
        #expect(AdPrivacy.truncatedIP(nil) == nil)
    }

    @Test func userAgentsAreCutAndHonestBotsAreNotCounted() {
        #expect(AdPrivacy.truncatedUserAgent(String(repeating: "a", count: 2_000))?.count == 512)
        #expect(AdPrivacy.isBot("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"))
        #expect(AdPrivacy.isBot("facebookexternalhit/1.1"))
        #expect(AdPrivacy.isBot("curl/8.5.0"))
        #expect(AdPrivacy.isBot(nil))
        #expect(AdPrivacy.isBot("Mozilla/5.0 (compatible; YandexBOT/3.0)"))
        #expect(AdPrivacy.isBot("PINGDOM.COM"))
        #expect(AdPrivacy.isBot("bot"))
        #expect(!AdPrivacy.isBot("Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/120"))
        #expect(!AdPrivacy.isBot("bo"))
        #expect(AdPrivacy.isBot(""))
        #expect(
            !AdPrivacy.isBot(
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"))
        let event = AdEvent(
            kind: .impression, adID: 1, placement: .sidebar, userAgent: String(repeating: "b", count: 600),
            ip: "198.51.100.9")
        #expect(event.ip == "198.51.100.0")
        #expect(event.userAgent?.count == 512)
    }
}
