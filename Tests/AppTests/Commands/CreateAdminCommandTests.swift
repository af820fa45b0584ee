import Accounts
import DatabaseTestBed
import Fluent
import Schema
import Testing

@testable import App

@Suite struct CreateAdminCommandTests {
    @Test(arguments: DatabaseKind.underTest)
    func createsAnAdminWithAHashedPassword(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            try await app.runCommand("create-admin", "--email", "  Dona@Example.COM ", "--password", "s3nha-forte")

            let admin = try #require(try await User.query(on: app.db).first())
            #expect(admin.email == "dona@example.com")
            #expect(admin.role == .admin)
            #expect(admin.passwordHash != "s3nha-forte")
            #expect(try await app.password.async.verify("s3nha-forte", created: admin.passwordHash))
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func promotesAnExistingAccountInsteadOfDuplicatingIt(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            try await User(name: "Ana", email: "ana@example.com", passwordHash: "old").create(on: app.db)

            let outcome = try await AdminAccounts.createOrPromote(
                email: "ana@example.com", password: "nova-senha-123", on: app.db, hasher: app.password.async)

            #expect(outcome == .promoted)
            let users = try await User.query(on: app.db).all()
            #expect(users.count == 1)
            #expect(users.first?.role == .admin)
            #expect(users.first?.name == "Ana")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func refusesAShortPasswordAndAMalformedEmail(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            await #expect(throws: AdminAccounts.InvalidInput.self) {
                try await AdminAccounts.createOrPromote(
                    email: "ana@example.com", password: "curta", on: app.db, hasher: app.password.async)
            }
            await #expect(throws: AdminAccounts.InvalidInput.self) {
                try await AdminAccounts.createOrPromote(
                    email: "not-an-email", password: "longenough", on: app.db, hasher: app.password.async)
            }
            let count = try await User.query(on: app.db).count()
            #expect(count == 0)
        }
    }
}

/// `creatorflix migrate --yes` builds the schema on an empty database, and `--revert --yes` takes it down.
