import Accounts
import DatabaseTestBed
import Fluent
import Schema
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite struct AccountPageTests {
    @Test(arguments: DatabaseKind.underTest)
    func theAccountPageShowsAnActiveSubscriptionAndItsEndInSaoPauloTime(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let user = try await app.makeUser("ana@example.com", password: "senha-certa-1")
            let plan = Plan(name: "Plano Mensal", price: 2990, duration: 30)
            try await plan.create(on: app.db)
            // 2099-01-01 01:00 UTC is still 31/12/2098 in São Paulo.
            let end = Date(timeIntervalSince1970: 4_070_912_400)
            try await Subscription(userID: user.id, planID: plan.id, startDate: Date(), endDate: end, status: .active)
                .create(on: app.db)
            user.subscriptionStatus = .active
            try await user.save(on: app.db)

            var browser = TestBrowser(app)
            try await browser.signIn("ana@example.com", "senha-certa-1")
            let page = try await browser.get(SiteURL.account.path).text

            #expect(page.contains("Assinatura ativa"))
            #expect(page.contains("Válida até 31/12/2098"))
            #expect(page.contains("Plano Mensal"))
        }
    }

    @Test func anAccountWithoutSubscriptionsSaysSo() async throws {
        try await withApp(.sqlite) { app in
            try await app.makeUser("ana@example.com", password: "senha-certa-1")
            var browser = TestBrowser(app)
            try await browser.signIn("ana@example.com", "senha-certa-1")
            #expect(try await browser.get(SiteURL.account.path).text.contains("Você ainda não tem uma assinatura."))
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func changingThePasswordSignsOutOtherSessionsButKeepsThisOne(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            try await app.makeUser("ana@example.com", password: "senha-antiga-1")
            var phone = TestBrowser(app)
            try await phone.signIn("ana@example.com", "senha-antiga-1")
            var laptop = TestBrowser(app)
            try await laptop.signIn("ana@example.com", "senha-antiga-1")

            let response = try await laptop.submit(
                SiteURL.accountPassword.path, ["current_password": "senha-antiga-1", "new_password": "senha-nova-22"])

            #expect(response.status == .seeOther)
            #expect(try await laptop.get(SiteURL.account.path).status == .ok)
            #expect(try await phone.get(SiteURL.account.path).status == .seeOther)
            var fresh = TestBrowser(app)
            try await fresh.signIn("ana@example.com", "senha-nova-22")
        }
    }

    @Test func aWrongCurrentPasswordChangesNothing() async throws {
        try await withApp(.sqlite) { app in
            try await app.makeUser("ana@example.com", password: "senha-antiga-1")
            var browser = TestBrowser(app)
            try await browser.signIn("ana@example.com", "senha-antiga-1")

            let response = try await browser.submit(
                SiteURL.accountPassword.path, ["current_password": "chute-errado", "new_password": "senha-nova-22"])

            #expect(response.status == .unprocessableEntity)
            #expect(response.text.contains("A senha atual não confere."))
            var fresh = TestBrowser(app)
            try await fresh.signIn("ana@example.com", "senha-antiga-1")
        }
    }
}
