import Ads
import DatabaseTestBed
import Fluent
import Foundation
import Schema
import Testing
import Vapor
import VaporTesting

@testable import App

/// `/admin/anuncios`: the form follows the placement rules; duplicate, pause and resume are one click each.
@Suite struct AdsAdminTests {
    static let fields: [String: String] = [
        "name": "Hero de Natal", "type": "hero", "placement": "home_top", "status": "active", "title": "Natal",
        "link": "https://loja.example.com/natal", "priority": "5", "start_date": "2026-12-01T10:00", "end_date": "",
    ]

    @Test(arguments: DatabaseKind.underTest)
    func theFormSavesACampaignInSaoPauloTimeAndRefusesBrokenRules(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            var browser = try await app.adminBrowser()

            // The form offers each placement with the types it takes, for ad-form.js to filter.
            let form = try await browser.get(AdminURL.adNew.path)
            #expect(form.status == .ok)
            #expect(form.text.contains(#"data-types="diamond_block banner hero""#))
            #expect(form.text.contains("ad-form.js"))

            var wrong = Self.fields
            wrong["placement"] = "footer"
            wrong["link"] = "javascript:alert(1)"
            let refused = try await browser.submit(AdminURL.adNew.path, wrong)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("placement-error"))
            #expect(refused.text.contains("link-error"))
            #expect(try await Ad.query(on: app.db).count() == 0)

            let saved = try await browser.submit(AdminURL.adNew.path, Self.fields)
            #expect(saved.status == .seeOther)
            let ad = try #require(try await Ad.query(on: app.db).first())
            #expect(ad.type == .hero)
            #expect(ad.placement == .homeTop)
            #expect(ad.priority == 5)
            #expect(ad.endDate == nil)
            // 10:00 in São Paulo (UTC−3) is 13:00 UTC.
            #expect(ad.startDate == ISO8601DateFormatter().date(from: "2026-12-01T13:00:00Z"))
            let list = try await browser.get(AdminURL.ads.path)
            #expect(list.text.contains("Hero de Natal"))
            #expect(list.text.contains("Hero (carrossel)"))
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func duplicatePauseAndResumeAreOneClickEach(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let ad = Ad(
                name: "Banner", type: .banner, placement: .footer, status: .active, title: "Banner",
                link: "https://example.com")
            try await ad.create(on: app.db)
            var browser = try await app.adminBrowser()
            let id = try ad.requireID()

            #expect(try await browser.submit(AdminURL.adPause(id).path, [:]).status == .seeOther)
            #expect(try await Ad.find(id, on: app.db)?.status == .paused)
            #expect(try await browser.submit(AdminURL.adResume(id).path, [:]).status == .seeOther)
            #expect(try await Ad.find(id, on: app.db)?.status == .active)
            let copied = try await browser.submit(AdminURL.adDuplicate(id).path, [:])
            #expect(copied.status == .seeOther)
            #expect(copied.location?.hasPrefix(AdminURL.ads.path + "/") == true)
            let copy = try #require(try await Ad.query(on: app.db).filter(\.$id != id).first())
            #expect(copy.status == .draft)
            #expect(copy.name == "Banner (cópia)")
            #expect(copy.link == ad.link)
            #expect(try await browser.submit(AdminURL.adDelete(copy.id).path, [:]).status == .seeOther)
            #expect(try await Ad.query(on: app.db).count() == 1)
        }
    }
}
