import DatabaseTestBed
import Schema
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite struct AccessControlTests {
    @Test(arguments: DatabaseKind.underTest)
    func aSignedOutVisitorIsSentToSignInFromTheAdminPanel(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            var browser = TestBrowser(app)
            let response = try await browser.get(AdminURL.dashboard.path)
            #expect(response.status == .seeOther)
            let redirect = try #require(response.location.flatMap(URLComponents.init(string:)))
            #expect(redirect.path == SiteURL.signIn.path)
            #expect(redirect.queryItems?.first { $0.name == "next" }?.value == AdminURL.dashboard.path)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aSignedInNonAdminIsRefusedTheAdminPanelWith403(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            try await app.makeUser("ana@example.com", password: "senha-certa-1")
            var browser = TestBrowser(app)
            try await browser.signIn("ana@example.com", "senha-certa-1")

            let response = try await browser.get(AdminURL.dashboard.path)

            #expect(response.status == .forbidden)
            #expect(response.text.contains("Acesso negado"))
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func anAdminSeesTheDashboardCounts(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            try await app.makeUser("admin@example.com", password: "senha-admin-1", role: .admin)
            let subscriber = try await app.makeUser("ana@example.com")
            let plan = Plan(name: "Mensal", price: 2990, duration: 30)
            try await plan.create(on: app.db)
            try await Subscription(
                userID: subscriber.id, planID: plan.id, startDate: Date(), endDate: Date().addingTimeInterval(86_400),
                status: .active
            ).create(on: app.db)
            try await Subscription(
                userID: subscriber.id, planID: plan.id, startDate: Date().addingTimeInterval(-90 * 86_400),
                endDate: Date().addingTimeInterval(-60 * 86_400), status: .active
            ).create(on: app.db)
            // Past due: in its grace it still lets its member in, and counts; after it, it doesn't.
            let inGrace = Subscription(
                userID: subscriber.id, planID: plan.id, startDate: Date().addingTimeInterval(-31 * 86_400),
                endDate: Date().addingTimeInterval(-86_400), status: .pastDue)
            inGrace.graceEndsAt = Date().addingTimeInterval(2 * 86_400)
            try await inGrace.create(on: app.db)
            let graceOver = Subscription(
                userID: subscriber.id, planID: plan.id, startDate: Date().addingTimeInterval(-40 * 86_400),
                endDate: Date().addingTimeInterval(-10 * 86_400), status: .pastDue)
            graceOver.graceEndsAt = Date().addingTimeInterval(-7 * 86_400)
            try await graceOver.create(on: app.db)
            try await Checkout(userID: subscriber.id, planID: plan.id, paymentMethod: .pix, totalAmount: 2990).create(
                on: app.db)

            var browser = TestBrowser(app)
            try await browser.signIn("admin@example.com", "senha-admin-1")
            let response = try await browser.get(AdminURL.dashboard.path)

            #expect(response.status == .ok)
            #expect(
                try await AdminController.DashboardCounts.query(on: app.db)
                    == .init(users: 2, activeSubscriptions: 2, pendingCheckouts: 1, failedEmails: 0))
            #expect(response.text.contains("Assinaturas ativas"))
        }
    }
}
