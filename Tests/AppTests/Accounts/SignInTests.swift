import Accounts
import DatabaseTestBed
import Fluent
import Localization
import Schema
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite struct SignInTests {
    @Test(arguments: DatabaseKind.underTest)
    func aWrongPasswordIsRefusedWithAMessage(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            try await app.makeUser("ana@example.com", password: "senha-certa-1")
            var browser = TestBrowser(app)

            let response = try await browser.submit(
                SiteURL.signIn.path, ["email": "ana@example.com", "password": "senha-errada"])

            #expect(response.status == .unauthorized)
            #expect(response.text.contains("E-mail ou senha incorretos."))
            #expect(browser.cookies[WebSession.cookieName] == nil)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func signingInAndOutStartsAndEndsTheSession(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            try await app.makeUser("ana@example.com", password: "senha-certa-1")
            var browser = TestBrowser(app)

            try await browser.signIn("  ANA@example.com", "senha-certa-1")
            #expect(try await browser.get(SiteURL.account.path).status == .ok)
            let token = try #require(browser.cookies[WebSession.cookieName])

            let signOut = try await browser.submit(SiteURL.signOut.path, [:])
            #expect(signOut.status == .seeOther)
            #expect(browser.cookies[WebSession.cookieName] == nil)
            #expect(try await AuthToken.query(on: app.db).count() == 0)

            // The old cookie, replayed, no longer opens the account.
            var replay = TestBrowser(app)
            try await replay.get(SiteURL.home.path)
            replay = replay.with(cookie: WebSession.cookieName, token)
            let account = try await replay.get(SiteURL.account.path)
            #expect(account.status == .seeOther)
        }
    }

    @Test func signInReturnsToThePageThatAskedForIt() async throws {
        try await withApp(.sqlite) { app in
            try await app.makeUser("ana@example.com", password: "senha-certa-1")
            var browser = TestBrowser(app)

            let refused = try await browser.get(SiteURL.account.path + "?x=1")
            #expect(refused.status == .seeOther)
            let redirect = try #require(refused.location.flatMap(URLComponents.init(string:)))
            #expect(redirect.path == SiteURL.signIn.path)
            #expect(redirect.queryItems?.first { $0.name == "next" }?.value == "/conta?x=1")

            let response = try await browser.submit(
                SiteURL.signIn.path, ["email": "ana@example.com", "password": "senha-certa-1", "next": "/conta?x=1"])
            #expect(response.location == "/conta?x=1")

            let offsite = try await TestBrowser(app).submitting(
                SiteURL.signIn.path,
                ["email": "ana@example.com", "password": "senha-certa-1", "next": "//evil.example"])
            #expect(offsite.location == SiteURL.account.path)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func twoInstancesOnOneDatabaseShareTheSession(_ kind: DatabaseKind) async throws {
        try await withTwoApps(kind) { first, second in
            try await first.makeUser("ana@example.com", password: "senha-certa-1")
            var browser = TestBrowser(first)
            try await browser.signIn("ana@example.com", "senha-certa-1")

            var elsewhere = browser.switching(to: second)
            let account = try await elsewhere.get(SiteURL.account.path)

            #expect(account.status == .ok)
            #expect(account.text.contains("ana@example.com"))
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func afterFiveFailuresAMinuteTheAnswerIs429AcrossInstances(_ kind: DatabaseKind) async throws {
        try await withTwoApps(kind) { first, second in
            try await first.makeUser("ana@example.com", password: "senha-certa-1")
            var browser = TestBrowser(first)
            for _ in 1...SignInThrottle.limit {
                let response = try await browser.submit(
                    SiteURL.signIn.path, ["email": "ana@example.com", "password": "errada-123"])
                #expect(response.status == .unauthorized)
            }

            // The sixth try, even with the right password and on the other instance, waits.
            var elsewhere = browser.switching(to: second)
            let response = try await elsewhere.submit(
                SiteURL.signIn.path, ["email": "ana@example.com", "password": "senha-certa-1"])

            #expect(response.status == .tooManyRequests)
            let retryAfter = try #require(response.headers.first(name: "Retry-After").flatMap(Int.init))
            #expect((1...60).contains(retryAfter))
            #expect(response.text.contains("Muitas tentativas"))
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aStrangersWrongPasswordsDontLockTheOwnerOut(_ kind: DatabaseKind) async throws {
        try await withApp(kind, configuration: { $0.trustsForwardedFor = true }) { app in
            // setup: someone elsewhere fails five times against the admin's e-mail
            try await app.makeUser("chefe@example.com", password: "senha-certa-1", role: .admin)
            var stranger = TestBrowser(app)
            stranger.headers.replaceOrAdd(name: .xForwardedFor, value: "203.0.113.9")
            for _ in 1...SignInThrottle.limit {
                let response = try await stranger.submit(
                    SiteURL.signIn.path, ["email": "chefe@example.com", "password": "chute-123"])
                #expect(response.status == .unauthorized)
            }
            #expect(
                try await stranger.submit(SiteURL.signIn.path, ["email": "chefe@example.com", "password": "chute-124"])
                    .status
                    == .tooManyRequests)

            // MUT: the owner, from their own address, with the right password
            var owner = TestBrowser(app)
            owner.headers.replaceOrAdd(name: .xForwardedFor, value: "198.51.100.7")
            let response = try await owner.submit(
                SiteURL.signIn.path, ["email": "chefe@example.com", "password": "senha-certa-1"])

            // validate
            #expect(response.status == .seeOther)
        }
    }

    @Test(arguments: [
        "//evil.example", "/\t/evil.example", "/\\evil.example", "https://evil.example", "/ok\nLocation: x",
        "javascript:alert(1)",
    ])
    func signInNeverRedirectsOffTheSite(next: String) {
        #expect(SiteURL.safeRedirect("/conta?x=1") == "/conta?x=1")
        #expect(SiteURL.safeRedirect(next) == nil)
    }

    @Test func registrationIsThrottledToo() async throws {
        try await withApp(.sqlite) { app in
            try await app.makeUser("ana@example.com")
            var browser = TestBrowser(app)
            for _ in 1...SignInThrottle.limit {
                let response = try await browser.submit(
                    SiteURL.signUp.path, ["name": "X", "email": "ana@example.com", "password": "qualquer-senha"])
                #expect(response.status == .conflict)
            }
            let response = try await browser.submit(
                SiteURL.signUp.path, ["name": "X", "email": "ana@example.com", "password": "qualquer-senha"])
            #expect(response.status == .tooManyRequests)
        }
    }
}

extension TestBrowser {
    func with(cookie name: String, _ value: String) -> TestBrowser {
        var copy = self
        copy.setCookie(name, value)
        return copy
    }

    /// `submit` on a fresh browser, for one-off requests.
    func submitting(_ path: String, _ fields: [String: String]) async throws -> TestingHTTPResponse {
        var copy = self
        return try await copy.submit(path, fields)
    }
}
