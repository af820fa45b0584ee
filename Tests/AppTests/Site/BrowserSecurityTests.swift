import DatabaseTestBed
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

/// What production tells browsers: https only (HSTS), form tokens the server made for this browser's session,
/// under a `__Host-` cookie, and absolute links from `PUBLIC_URL`, never from the Host header.
@Suite struct BrowserSecurityTests {
    static func production(_ configuration: inout AppConfiguration) {
        configuration.isProduction = true
        configuration.publicURL = "https://www.example.com.br"
    }

    @Test(arguments: DatabaseKind.underTest)
    func productionSendsStrictTransportSecurity(_ kind: DatabaseKind) async throws {
        try await withApp(kind, configuration: Self.production) { app in
            let page = try await app.testing().sendRequest(.GET, SiteURL.home.path)
            #expect(
                page.headers.first(name: "Strict-Transport-Security")
                    == SecurityHeadersMiddleware.strictTransportSecurity)
        }
        try await withApp(kind) { app in
            let page = try await app.testing().sendRequest(.GET, SiteURL.home.path)
            #expect(page.headers.first(name: "Strict-Transport-Security") == nil)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aCookieAndFieldPairTheClientChoseIsRefused(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            // setup: an account, and a pair of 43 characters the client made up
            try await app.makeUser("ana@example.com", password: "senha-certa-1")
            let chosen = String(repeating: "a", count: 43)
            var forger = TestBrowser(app)
            forger.setCookie(FormProtection.cookieName, chosen)

            // MUT
            let forged = try await forger.submit(
                SiteURL.signIn.path, ["email": "ana@example.com", "password": "senha-certa-1", "_csrf": chosen],
                includeFormToken: false)

            // validate: refused; the token the server made for that cookie passes
            #expect(forged.status == .forbidden)
            let honest = try await forger.submit(
                SiteURL.signIn.path, ["email": "ana@example.com", "password": "senha-certa-1"])
            #expect(honest.status == .seeOther)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aFormTokenMadeForAnotherSessionIsRefused(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            try await app.makeUser("ana@example.com", password: "senha-certa-1")
            var ana = TestBrowser(app)
            try await ana.signIn("ana@example.com", "senha-certa-1")
            var other = TestBrowser(app)
            _ = try await other.get(SiteURL.home.path)
            // Another browser's own token doesn't pass with Ana's cookies; nor does one made for Ana's form cookie
            // without her session (as a page before she signed in had it).
            let othersToken = other.formToken
            #expect(
                try await ana.submit(SiteURL.signOut.path, ["_csrf": othersToken], includeFormToken: false).status
                    == .forbidden)
            let sessionless = FormProtection.formToken(
                nonce: ana.cookies[FormProtection.cookieName] ?? "", session: nil,
                appSecret: app.configuration.appSecret)
            let response = try await ana.submit(SiteURL.signOut.path, ["_csrf": sessionless], includeFormToken: false)
            #expect(response.status == .forbidden)
            #expect(try await ana.submit(SiteURL.signOut.path, [:]).status == .seeOther)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func productionsFormCookieHasTheHostPrefix(_ kind: DatabaseKind) async throws {
        try await withApp(kind, configuration: Self.production) { app in
            let page = try await app.testing().sendRequest(.GET, SiteURL.signIn.path)
            let cookie = try #require(
                page.headers[.setCookie].first { $0.hasPrefix(FormProtection.productionCookieName + "=") })
            #expect(cookie.contains("Secure"))
            #expect(cookie.contains("Path=/"))
            #expect(!cookie.lowercased().contains("domain="))
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aForgedHostReachesNoLinkInProduction(_ kind: DatabaseKind) async throws {
        try await withApp(kind, configuration: Self.production) { app in
            for path in [SiteURL.sitemap.path, SiteURL.robots.path, SiteURL.home.path] {
                let response = try await app.testing().sendRequest(.GET, path, headers: ["Host": "evil.example"])
                #expect(!response.text.contains("evil.example"), "\(path) links to the forged host")
                #expect(response.text.contains("https://www.example.com.br"), "\(path) has no absolute link of ours")
            }
        }
    }
}
