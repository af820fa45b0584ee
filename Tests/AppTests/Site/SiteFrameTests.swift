import DatabaseTestBed
import Schema
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite struct SiteFrameTests {
    @Test func everyPageCarriesTheSecurityHeadersErrorPagesToo() async throws {
        try await withApp(.sqlite) { app in
            var browser = TestBrowser(app)
            for path in [SiteURL.home.path, SiteURL.signIn.path, "/no-such-page"] {
                let response = try await browser.get(path)
                let policy = try #require(response.headers.first(name: "Content-Security-Policy"), "\(path)")
                #expect(!policy.contains("unsafe-inline"))
                #expect(policy.contains("frame-ancestors 'none'"))
                #expect(policy.contains("script-src 'self'"))
                #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff")
                #expect(response.headers.first(name: "Referrer-Policy") == "strict-origin-when-cross-origin")
            }
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func theFooterListsTheActiveSupportContactsOnly(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            try await SupportContact(platform: "WhatsApp", url: "https://wa.me/5511999990000").create(on: app.db)
            try await SupportContact(platform: "Telegram antigo", url: "https://t.me/antigo", isActive: false).create(
                on: app.db)
            try await AdminSetting(key: "support_text", value: "Atendimento das 9h às 18h.").create(on: app.db)

            var browser = TestBrowser(app)
            let page = try await browser.get(SiteURL.home.path).text

            #expect(page.contains("href=\"https://wa.me/5511999990000\""))
            #expect(page.contains("WhatsApp"))
            #expect(!page.contains("Telegram antigo"))
            #expect(page.contains("Atendimento das 9h às 18h."))
        }
    }

    @Test func theHeaderShowsTheSiteNameAndLogoFromTheSettings() async throws {
        try await withApp(.sqlite) { app in
            try await AdminSetting(key: "site_name", value: "Estrelas VIP").create(on: app.db)
            try await AdminSetting(key: "logo_url", value: "/demo/logo.svg").create(on: app.db)
            var browser = TestBrowser(app)
            let page = try await browser.get(SiteURL.home.path).text
            #expect(page.contains("<title>Estrelas VIP</title>"))
            #expect(page.contains("src=\"/demo/logo.svg\""))
            #expect(page.contains("lang=\"pt-BR\""))
        }
    }

    @Test func theSiteSpeaksPortugueseUnlessTheSettingsSayOtherwise() async throws {
        try await withApp(.sqlite) { app in
            var englishBrowser = TestBrowser(app, acceptLanguage: "en-US,en;q=0.9")
            #expect(try await englishBrowser.get(SiteURL.signIn.path).text.contains("Entrar na sua conta"))

            try await AdminSetting(key: "language", value: "auto").create(on: app.db)
            let followed = try await englishBrowser.get(SiteURL.signIn.path).text
            #expect(followed.contains("Sign in to your account"))
            #expect(followed.contains("lang=\"en\""))

            var portugueseBrowser = TestBrowser(app, acceptLanguage: "pt-BR")
            #expect(try await portugueseBrowser.get(SiteURL.signIn.path).text.contains("Entrar na sua conta"))
        }
    }

    @Test func aMissingPageIsAStyled404AndAMissingAPIRouteIsJSON() async throws {
        try await withApp(.sqlite) { app in
            var browser = TestBrowser(app)
            let page = try await browser.get("/nada-aqui")
            #expect(page.status == .notFound)
            #expect(page.headers.contentType == .html)
            #expect(page.text.contains("Página não encontrada"))
            #expect(page.text.contains(SiteLayout.stylesheet))

            let api = try await browser.get(APIURL.prefix + "/nada-aqui")
            #expect(api.status == .notFound)
            let body = try JSONDecoder().decode(APIError.Body.self, from: api.body)
            #expect(body.error.code == "not_found")
        }
    }

    @Test func aFailureInsideAPageIsAStyled500WithAReferenceAndNoInternals() async throws {
        try await withApp(.sqlite) { app in
            struct Secret: Error {}
            app.get("explode") { _ -> String in throw Secret() }
            var browser = TestBrowser(app)
            let response = try await browser.get("/explode")
            #expect(response.status == .internalServerError)
            #expect(response.text.contains("Algo deu errado"))
            #expect(!response.text.contains("Secret"))
            let requestID = try #require(response.headers.first(name: RequestLogMiddleware.header))
            #expect(response.text.contains(requestID))
        }
    }

    @Test func theStylesheetIsServedAndNeedsNoNetwork() async throws {
        try await withApp(.sqlite) { app in
            var browser = TestBrowser(app)
            let css = try await browser.get(SiteLayout.stylesheet)
            #expect(css.status == .ok)
            #expect(!css.text.contains("@import"))
            // Nothing fetched from elsewhere: no url() but data: ones (an SVG's xmlns names, it doesn't fetch).
            let urls = css.text.components(separatedBy: "url(").dropFirst()
            #expect(urls.allSatisfy { $0.hasPrefix("\"data:") || $0.hasPrefix("data:") || $0.hasPrefix("'data:") })
        }
    }
}
