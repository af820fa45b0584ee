import Schema
import Testing
import Vapor

@testable import App

extension Application {
    /// A browser signed in as a fresh admin.
    func adminBrowser(_ email: String = "admin@example.com") async throws -> TestBrowser {
        try await makeUser(email, password: "senha-admin-1", name: "Admin", role: .admin)
        var browser = TestBrowser(self)
        try await browser.signIn(email, "senha-admin-1")
        return browser
    }
}
