import DatabaseTestBed
import Fluent
import Schema
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite struct SignUpTests {
    @Test(arguments: DatabaseKind.underTest)
    func aVisitorSignsUpIsSignedInAndSeesTheAccountPage(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            var browser = TestBrowser(app)
            try await browser.get(SiteURL.signUp.path)

            // MUT
            let response = try await browser.submit(
                SiteURL.signUp.path, ["name": " Bia Lima ", "email": "  Bia@Example.COM ", "password": "senha-da-bia"])

            // validate
            #expect(response.status == .seeOther)
            #expect(response.location?.hasPrefix(SiteURL.account.path) == true)
            let account = try await browser.get(try #require(response.location))
            #expect(account.status == .ok)
            #expect(account.text.contains("bia@example.com"))
            #expect(account.text.contains("Bia Lima"))
            #expect(account.text.contains("Conta criada"))
            let user = try #require(try await User.query(on: app.db).filter(\.$email == "bia@example.com").first())
            #expect(user.role == .user)
            #expect(user.passwordHash.hasPrefix("$2"))
        }
    }

    @Test func theSessionCookieIsHttpOnlyLaxAndSecureOutsideDevelopment() async throws {
        try await withApp(.sqlite) { app in
            var browser = TestBrowser(app)
            let response = try await browser.submit(
                SiteURL.signUp.path, ["name": "Caio", "email": "caio@example.com", "password": "senha-do-caio"])
            let cookie = try #require(response.headers[.setCookie].first { $0.hasPrefix(WebSession.cookieName + "=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(cookie.contains("Secure"))
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aTakenEmailGetsAFriendlyMessage(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            try await app.makeUser("ana@example.com")
            var browser = TestBrowser(app)

            let response = try await browser.submit(
                SiteURL.signUp.path, ["name": "Outra Ana", "email": "ANA@example.com", "password": "outra-senha-1"])

            #expect(response.status == .conflict)
            #expect(response.text.contains("Já existe uma conta com este e-mail"))
            #expect(response.text.contains("Outra Ana"), "the form keeps what was typed")
            #expect(try await User.query(on: app.db).count() == 1)
        }
    }

    @Test func everyProblemIsShownNextToItsField() async throws {
        try await withApp(.sqlite) { app in
            var browser = TestBrowser(app)

            let response = try await browser.submit(
                SiteURL.signUp.path, ["name": " ", "email": "not-an-email", "password": "curta"])

            #expect(response.status == .unprocessableEntity)
            #expect(response.text.contains("Informe seu nome."))
            #expect(response.text.contains("Informe um e-mail válido."))
            #expect(response.text.contains("pelo menos 8 caracteres"))
            #expect(response.text.contains("aria-invalid=\"true\""))
            #expect(try await User.query(on: app.db).count() == 0)
        }
    }

    @Test func aPasswordLongerThanBcryptReadsIsRefused() async throws {
        try await withApp(.sqlite) { app in
            var browser = TestBrowser(app)
            let response = try await browser.submit(
                SiteURL.signUp.path,
                ["name": "Dani", "email": "dani@example.com", "password": String(repeating: "x", count: 73)])
            #expect(response.status == .unprocessableEntity)
            #expect(response.text.contains("até 72 caracteres"))
        }
    }

    @Test func aFormWithoutItsTokenIsRefused() async throws {
        try await withApp(.sqlite) { app in
            var browser = TestBrowser(app)
            try await browser.get(SiteURL.signUp.path)

            let response = try await browser.submit(
                SiteURL.signUp.path, ["name": "Eva", "email": "eva@example.com", "password": "senha-da-eva"],
                includeFormToken: false)

            #expect(response.status == .forbidden)
            #expect(response.text.contains("Formulário expirado"))
            #expect(try await User.query(on: app.db).count() == 0)
        }
    }
}
