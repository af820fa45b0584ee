import APISchema
import Accounts
import DatabaseTestBed
import Fluent
import Foundation
import Localization
import Schema
import Site
import Testing
import Vapor
import VaporTesting

@testable import App

/// "Esqueci minha senha" as a member meets it, on the pages and in the API: the mailed link, the new password,
/// the old one refused, and answers that never tell whether an e-mail has an account.
@Suite struct PasswordResetPagesTests {
    /// The link the member's reset mail carries, read from the queued message as the member would read it.
    static func mailedLink(_ app: Application, to email: String) async throws -> String {
        let message = try #require(
            try await OutboxMessage.query(on: app.db).filter(\.$toAddress == email).filter(\.$kind == .passwordReset)
                .sort(\.$id, .descending).first())
        let line = try #require(
            message.textBody.split(separator: "\n").first { $0.contains("/redefinir-senha?token=") })
        let url = try #require(URLComponents(string: String(line)))
        return url.path + "?" + (url.query ?? "")
    }

    @Test(arguments: DatabaseKind.underTest)
    func aMemberResetsThePasswordFromTheMailedLinkAndOnlyTheNewOneSignsIn(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            // setup
            _ = try await app.makeUser("ana@example.com", password: "senha-antiga-1")
            var browser = TestBrowser(app)
            #expect(try await browser.get(SiteURL.signIn.path).text.contains(SiteURL.forgotPassword.path))

            // MUT: ask for the link, open it, choose a new password
            let asked = try await browser.submit(SiteURL.forgotPassword.path, ["email": "ana@example.com"])
            let link = try await Self.mailedLink(app, to: "ana@example.com")
            let form = try await browser.get(link)
            let token = try #require(URLComponents(string: link)?.queryItems?.first { $0.name == "token" }?.value)
            let saved = try await browser.submit(
                SiteURL.resetPassword(token: nil).path, ["token": token, "password": "senha-nova-123"])

            // validate
            #expect(asked.status == .ok)
            #expect(asked.text.contains("Confira seu e-mail"))
            #expect(form.status == .ok)
            #expect(form.text.contains("Escolha uma nova senha"))
            #expect(saved.status == .seeOther)
            let signInPage = try #require(saved.headers.first(name: .location))
            #expect(try await browser.get(signInPage).text.contains("Senha alterada"))
            let old = try await browser.submit(
                SiteURL.signIn.path, ["email": "ana@example.com", "password": "senha-antiga-1"])
            #expect(old.status == .unauthorized)
            try await browser.signIn("ana@example.com", "senha-nova-123")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func anEmailWithoutAnAccountGetsTheSamePageAndNoMail(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            _ = try await app.makeUser("ana@example.com")
            var browser = TestBrowser(app)

            let known = try await browser.submit(SiteURL.forgotPassword.path, ["email": "ana@example.com"])
            let unknown = try await browser.submit(SiteURL.forgotPassword.path, ["email": "bia@example.com"])

            #expect(known.status == unknown.status)
            #expect(
                known.text.replacingOccurrences(of: "ana@example.com", with: "X")
                    == unknown.text.replacingOccurrences(of: "bia@example.com", with: "X"))
            #expect(try await OutboxMessage.query(on: app.db).count() == 1)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aUsedOrMadeUpLinkShowsHowToAskForANewOne(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            var browser = TestBrowser(app)

            let madeUp = try await browser.get(SiteURL.resetPassword(token: "inventado").path)
            let posted = try await browser.submit(
                SiteURL.resetPassword(token: nil).path, ["token": "inventado", "password": "senha-nova-123"])

            for page in [madeUp, posted] {
                #expect(page.status == .notFound)
                #expect(page.text.contains("Pedir um novo link"))
            }
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func theAPIAnswers202EitherWayAnd204ForTheNewPassword(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            _ = try await app.makeUser("ana@example.com", password: "senha-antiga-1")
            func post(_ url: APIURL, _ body: [String: String]) async throws -> TestingHTTPResponse {
                try await app.testing().sendRequest(
                    .POST, url.path, headers: ["Content-Type": "application/json"],
                    body: ByteBuffer(data: try JSONEncoder().encode(body)))
            }

            let started = ContinuousClock.now
            let known = try await post(.passwordReset, ["email": "ana@example.com"])
            let unknown = try await post(.passwordReset, ["email": "ninguem@example.com"])
            let elapsed = ContinuousClock.now - started
            let badEmail = try await post(.passwordReset, ["email": "não é e-mail"])
            let link = try await Self.mailedLink(app, to: "ana@example.com")
            let token = try #require(URLComponents(string: link)?.queryItems?.first { $0.name == "token" }?.value)
            let confirmed = try await post(.passwordResetConfirm, ["token": token, "password": "senha-nova-123"])
            let again = try await post(.passwordResetConfirm, ["token": token, "password": "outra-senha-123"])

            #expect(known.status == .accepted)
            #expect(unknown.status == .accepted)
            #expect(elapsed >= .milliseconds(600), "each answer waits for the same mark")
            #expect(badEmail.status == .unprocessableEntity)
            #expect(confirmed.status == .noContent)
            #expect(again.status == .unprocessableEntity)
            #expect(again.text.contains(#""token""#))
            let signIn = try await post(.login, ["email": "ana@example.com", "password": "senha-nova-123"])
            #expect(signIn.status == .ok)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func theResetMailIsWrittenToTheOutboxFolderWhenNoSMTPServerIsSet(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            _ = try await app.makeUser("ana@example.com")
            var browser = TestBrowser(app)
            _ = try await browser.submit(SiteURL.forgotPassword.path, ["email": "ana@example.com"])

            let round = try await app.sendDueMail()

            #expect(round.sent == 1)
            let files = try FileManager.default.contentsOfDirectory(atPath: app.mailFolder.path)
            #expect(files.count == 1)
            let text = try String(contentsOf: app.mailFolder.appendingPathComponent(files[0]), encoding: .utf8)
            #expect(text.contains("To: \"Ana Souza\" <ana@example.com>"))
            #expect(text.contains("/redefinir-senha?token="))
            // Once sent, the stored copy keeps no working link: the token is gone from it.
            let stored = try #require(try await OutboxMessage.query(on: app.db).first())
            #expect(stored.textBody.contains("/redefinir-senha?token=…"))
            #expect(!stored.htmlBody.contains(String(text.split(separator: "token=")[1].prefix(20))))
        }
    }
}

/// A new account's welcome: its link confirms the address, once, and the admin sees it.
@Suite struct WelcomeMailTests {
    @Test(arguments: DatabaseKind.underTest)
    func aSignUpIsWelcomedAndItsLinkConfirmsTheAddress(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            // The site follows each visitor's browser; this one reads English.
            try await AdminSetting(key: KnownSetting.language.rawValue, value: SiteLanguageSetting.browser.rawValue)
                .create(on: app.db)
            var browser = TestBrowser(app, acceptLanguage: "en")
            let signedUp = try await browser.submit(
                SiteURL.signUp.path, ["name": "Bia Lima", "email": "bia@example.com", "password": "senha-da-bia-1"])
            #expect(signedUp.status == .seeOther)
            let welcome = try #require(
                try await OutboxMessage.query(on: app.db).filter(\.$kind == .welcome).first())
            let line = try #require(
                welcome.textBody.split(separator: "\n").first { $0.contains("/confirmar-email?token=") })
            let url = try #require(URLComponents(string: String(line)))

            let confirmed = try await browser.get(url.path + "?" + (url.query ?? ""))
            let again = try await browser.get(url.path + "?" + (url.query ?? ""))

            #expect(welcome.language == "en", "the language the member signed up in")
            #expect(welcome.subject == "Welcome to CreatorFlix")
            #expect(confirmed.status == .ok)
            #expect(confirmed.text.contains("Your e-mail is confirmed"))
            #expect(again.status == .notFound, "a link works once")
            let user = try #require(try await User.query(on: app.db).filter(\.$email == "bia@example.com").first())
            #expect(user.emailConfirmedAt != nil)
            var admin = try await app.adminBrowser()
            #expect(
                try await admin.get(AdminURL.user(user.id).path).text.contains("Confirmado em"),
                "the admin reads Portuguese")
        }
    }
}
