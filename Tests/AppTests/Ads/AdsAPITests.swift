import APISchema
import Ads
import DatabaseTestBed
import Fluent
import Foundation
import Schema
import Testing
import Vapor
import VaporTesting

@testable import App

/// Serving from memory, tracking before the answer, the click redirect, and admin changes reaching the set.
@Suite struct AdsAPITests {

    @Test(arguments: DatabaseKind.underTest)
    func aPlacementServesItsActiveAdsInTurnAndCountsEachImpression(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            // setup
            let top = try await AdFixtures.ad(app, "Topo", priority: 5)
            let a = try await AdFixtures.ad(app, "A"), b = try await AdFixtures.ad(app, "B")
            _ = try await AdFixtures.ad(app, "Pausado", status: .paused)
            _ = try await AdFixtures.ad(app, "Outra posição", placement: .postDetail)

            // MUT: four serves of two ads
            var seconds: [String] = []
            for _ in 0..<4 {
                let (response, titles) = try await AdFixtures.serve(app, "placement=sidebar&limit=2")
                #expect(response.status == .ok)
                #expect(titles.first == "Topo")
                #expect(titles.count == 2)
                #expect(response.headers.first(name: .cacheControl) == "no-store")
                seconds.append(titles[1])
            }

            // validate: equal priorities take turns; each shown ad got its impression, counted
            #expect(seconds.filter { $0 == "A" }.count == 2)
            #expect(seconds.filter { $0 == "B" }.count == 2)
            #expect(try await Ad.find(top.id, on: app.db)?.impressions == 4)
            #expect(try await AdImpression.query(on: app.db).count() == 8)
            let counted = [
                try await Ad.find(a.id, on: app.db)?.impressions, try await Ad.find(b.id, on: app.db)?.impressions,
            ]
            #expect(counted == [2, 2])
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func untrackedHeadAndBotServesCountNothing(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            _ = try await AdFixtures.ad(app, "Banner", type: .banner, placement: .footer)
            #expect(try await AdFixtures.serve(app, "placement=footer&track=false").1 == ["Banner"])
            _ = try await AdFixtures.serve(app, "placement=footer", method: .HEAD)
            #expect(
                try await AdFixtures.serve(
                    app, "placement=footer", headers: ["User-Agent": "Googlebot/2.1 (+http://www.google.com/bot.html)"]
                ).1 == ["Banner"])
            #expect(try await AdImpression.query(on: app.db).count() == 0)
            #expect(try await AdFixtures.serve(app, "placement=footer").1 == ["Banner"])
            #expect(try await AdImpression.query(on: app.db).count() == 1)

            let (bad, _) = try await AdFixtures.serve(app, "placement=teto&limit=0")
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("placement"))
            #expect(bad.text.contains("limit"))
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aClickIsRecordedThenRedirectedToTheAdsOwnLink(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let ad = try await AdFixtures.ad(app, "Clique", link: "https://parceiro.example.com/promo?utm=cf")
            let id = try ad.requireID()
            let response = try await app.testing().sendRequest(
                .GET, "/ads/\(id)/click?placement=post_detail", headers: AdFixtures.browser)
            #expect(response.status == .found)
            #expect(response.location == "https://parceiro.example.com/promo?utm=cf")
            let click = try #require(try await AdClick.query(on: app.db).first())
            #expect(click.placement == "post_detail")
            #expect(click.$ad.id == id)
            #expect(try await Ad.find(id, on: app.db)?.clicks == 1)

            // A placement the ad can't be in is not believed; a bot is redirected but not counted.
            _ = try await app.testing().sendRequest(
                .GET, "/ads/\(id)/click?placement=home_top", headers: AdFixtures.browser)
            #expect(try await AdClick.query(on: app.db).sort(\.$id, .descending).first()?.placement == "sidebar")
            let bot = try await app.testing().sendRequest(
                .GET, "/ads/\(id)/click", headers: ["User-Agent": "facebookexternalhit/1.1"])
            let clicks = try await Ad.find(id, on: app.db)?.clicks
            #expect(bot.status == .found)
            #expect(clicks == 2)

            // Unknown or paused: a 404 page, and no redirect anywhere.
            let paused = try await AdFixtures.ad(app, "Pausado", status: .paused)
            for path in ["/ads/999999/click", "/ads/\(try paused.requireID())/click", "/ads/abc/click"] {
                let missing = try await app.testing().sendRequest(.GET, path, headers: AdFixtures.browser)
                #expect(missing.status == .notFound, "\(path)")
                #expect(missing.location == nil, "\(path)")
            }
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func anAdminsChangeIsServedAtOnceHereAndAfterARefreshElsewhere(_ kind: DatabaseKind) async throws {
        try await withTwoApps(kind) { here, elsewhere in
            let token = try await APIClient.adminToken(here)
            _ = try await AdFixtures.serve(elsewhere, "placement=home_top")  // the other instance has loaded its set
            let (created, json) = try await APIClient.send(
                here, .POST, APIURL.adminAds.path, token: token,
                body: [
                    "name": "Hero de verão", "type": "hero", "placement": "home_top", "status": "active",
                    "title": "Verão", "link": "https://example.com/verao",
                ])
            #expect(created.status == .created)
            let id = try #require(APIClient.int(json?["id"]))
            #expect(
                try await AdFixtures.serve(here, "placement=home_top").1 == ["Verão"],
                "at once on the instance that made it")
            #expect(
                try await AdFixtures.serve(elsewhere, "placement=home_top").1 == [], "the other still serves its set")
            try await elsewhere.adServing.refresh(on: elsewhere.db)  // what its periodic task does every few seconds
            #expect(try await AdFixtures.serve(elsewhere, "placement=home_top").1 == ["Verão"])

            #expect(
                try await APIClient.send(here, .POST, APIURL.adminAdPause(id).path, token: token).0.status
                    == .ok)
            #expect(try await AdFixtures.serve(here, "placement=home_top").1 == [])
            #expect(
                try await APIClient.send(here, .POST, APIURL.adminAdResume(id).path, token: token).0.status
                    == .ok)
            #expect(try await AdFixtures.serve(here, "placement=home_top").1 == ["Verão"])
            let (copy, copyJSON) = try await APIClient.send(
                here, .POST, APIURL.adminAdDuplicate(id).path, token: token)
            #expect(copy.status == .created)
            #expect(copyJSON?["status"] == "draft")
            #expect(copyJSON?["impressions"] == .number(0))
            #expect(
                try await AdFixtures.serve(here, "placement=home_top").1 == ["Verão"], "a copy is a draft until resumed"
            )
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func theAdminAPIRefusesBrokenRulesAndUnsafeLinks(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let token = try await APIClient.adminToken(app)
            let (refused, json) = try await APIClient.send(
                app, .POST, APIURL.adminAds.path, token: token,
                body: [
                    "name": "X", "type": "hero", "placement": "footer", "title": "X", "link": "javascript:alert(1)",
                    "start_date": "2026-12-10T00:00:00Z", "end_date": "2026-12-01T00:00:00Z",
                ])
            #expect(refused.status == .unprocessableEntity)
            for field in ["placement", "link", "end_date"] {
                #expect(json?["error"]?["fields"]?[field] != nil, "\(field)")
            }
            #expect(try await Ad.query(on: app.db).count() == 0)
            let (rules, rulesJSON) = try await APIClient.send(app, .GET, APIURL.adminAdRules.path, token: token)
            #expect(rules.status == .ok)
            #expect(rulesJSON?["placements"]?["hero"] == .array(["home_top"]))
        }
    }

    /// A tracker that can't commit, as when the database is down.
    struct UnavailableTracker: AdTracker {
        struct Down: Error {}
        func record(_ events: [AdEvent], serves: [AdServe]) async throws { throw Down() }
        func flush() async throws {}
    }

    @Test(arguments: DatabaseKind.underTest)
    func withoutTrackingServesAndClicksAre503AndPagesGoOnWithoutAds(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            // setup: a banner at sign-in, and a tracker that fails every commit
            let ad = try await AdFixtures.ad(app, "BannerSemRegistro", type: .banner, placement: .login)
            app.adServing = AdServing(tracker: UnavailableTracker())

            // MUT and validate: nothing is answered as counted
            let (served, _) = try await AdFixtures.serve(app, "placement=login")
            #expect(served.status == .serviceUnavailable)
            #expect(served.headers.first(name: "Retry-After") == "5")
            let click = try await app.testing().sendRequest(
                .GET, SiteURL.adClick(ad.id!, placement: "login").path, headers: AdFixtures.browser)
            #expect(click.status == .serviceUnavailable)
            #expect(click.headers.first(name: .location) == nil)
            // Untracked serves don't need the tracker; a page leaves its ads out rather than fail.
            #expect(try await AdFixtures.serve(app, "placement=login&track=false").1 == ["BannerSemRegistro"])
            let signIn = try await app.testing().sendRequest(.GET, SiteURL.signIn.path, headers: AdFixtures.browser)
            #expect(signIn.status == .ok)
            #expect(!signIn.body.string.contains("BannerSemRegistro"))
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func parametersThatDontReadAreNamedIn422(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            for query in ["placement=sidebar&limit=abc", "placement=sidebar&limit=21", "placement=sidebar&track=maybe"]
            {
                let (response, _) = try await AdFixtures.serve(app, query)
                #expect(response.status == .unprocessableEntity, "\(query)")
            }
            #expect(try await AdFixtures.serve(app, "placement=sidebar&track=true&limit=20").0.status == .ok)
        }
    }
}
