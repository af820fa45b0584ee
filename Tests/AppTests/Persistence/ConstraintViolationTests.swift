import DatabaseTestBed
import Fluent
import Schema
import Testing
import Vapor
import VaporTesting

@testable import App

/// A unique or foreign-key violation comes back as a `DatabaseConstraintViolation`, and over HTTP as a 4xx
/// with a sentence, never as a crash or a 500.
@Suite struct ConstraintViolationTests {
    @Test(arguments: DatabaseKind.underTest)
    func duplicateEmailIsAUniqueViolationNamingTheConstraint(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            try await User(name: nil, email: "ana@example.com", passwordHash: "x").create(on: app.db)

            let error = await #expect(throws: (any Error).self) {
                try await User(name: nil, email: "ana@example.com", passwordHash: "y").create(on: app.db)
            }

            let violation = try #require(error.flatMap(DatabaseConstraintViolation.init))
            #expect(violation.kind == .unique)
            #expect(violation.constraint == (kind == .postgres ? "users_email_unique" : "users.email"))
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func postOfAMissingCreatorIsAForeignKeyViolation(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let error = await #expect(throws: (any Error).self) {
                try await CreatorPost(modelID: 4242, contentURL: "/x.jpg", type: .image).create(on: app.db)
            }

            #expect(error.flatMap(DatabaseConstraintViolation.init)?.kind == .foreignKey)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func otherErrorsAreNotMistakenForViolations(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let error = await #expect(throws: (any Error).self) {
                try await app.sql.raw("SELECT no_such_column FROM users").run()
            }

            #expect(error.flatMap(DatabaseConstraintViolation.init) == nil)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aViolationInARequestAnswers409WithAMessage(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            // setup: an API route that writes the same e-mail twice
            app.post("api", "test-duplicate") { req async throws -> HTTPStatus in
                try await User(name: nil, email: "dup@example.com", passwordHash: "x").create(on: req.db)
                try await User(name: nil, email: "dup@example.com", passwordHash: "x").create(on: req.db)
                return .created
            }

            // MUT
            try await app.testing().test(.POST, "api/test-duplicate") { response in
                // validate
                #expect(response.status == .conflict)
                let body = try response.content.decode(APIError.Body.self)
                #expect(body.error.code == "conflict")
                #expect(body.error.message.hasPrefix("That value is already taken"))
            }
        }
    }
}
