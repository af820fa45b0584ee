import Schema
import Vapor

@testable import App

extension Application {
    /// Creates an account directly in the database, as a fixture.
    @discardableResult
    func makeUser(
        _ email: String, password: String = "senha-segura-1", name: String? = "Ana Souza", role: UserRole = .user
    ) async throws -> User {
        let user = User(
            name: name, email: email, passwordHash: try await self.password.async.hash(password), role: role)
        try await user.create(on: db)
        return user
    }
}
