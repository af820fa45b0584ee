import APISchema
import Accounts
import DatabaseTestBed
import Fluent
import Schema
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite struct APIAuthTests {
    static func login(_ app: Application, _ email: String, _ password: String) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.contentType = .json
        let body = try JSONEncoder().encode(["email": email, "password": password])
        return try await app.testing().sendRequest(
            .POST, APIURL.login.path, headers: headers, body: ByteBuffer(data: body))
    }

    @Test(arguments: DatabaseKind.underTest)
    func anExpiredTokenIsRefused(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let user = try await app.makeUser("ana@example.com")
            let issued = try await AuthTokens.issue(
                .api, for: try user.requireID(), on: app.db,
                now: Date().addingTimeInterval(-AuthTokens.apiTokenLifetime - 60))

            try await app.testing().test(.GET, APIURL.me.path, headers: ["Authorization": "Bearer \(issued.token)"]) {
                response in
                #expect(response.status == .unauthorized)
                let body = try JSONDecoder().decode(APIError.Body.self, from: response.body)
                #expect(body.error.code == "unauthorized")
            }
        }
    }

    @Test func aSessionCookieTokenIsNotABearerToken() async throws {
        try await withApp(.sqlite) { app in
            let user = try await app.makeUser("ana@example.com")
            let session = try await AuthTokens.issue(.session, for: try user.requireID(), on: app.db)
            try await app.testing().test(.GET, APIURL.me.path, headers: ["Authorization": "Bearer \(session.token)"]) {
                response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func apiLoginIsThrottledWithRetryAfter(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            try await app.makeUser("ana@example.com", password: "senha-certa-1")
            for _ in 1...SignInThrottle.limit {
                #expect(try await Self.login(app, "ana@example.com", "errada-123").status == .unauthorized)
            }
            let response = try await Self.login(app, "ana@example.com", "senha-certa-1")
            #expect(response.status == .tooManyRequests)
            #expect(response.headers.first(name: "Retry-After").flatMap(Int.init) != nil)
            let body = try JSONDecoder().decode(APIError.Body.self, from: response.body)
            #expect(body.error.code == "too_many_requests")
        }
    }

    @Test func malformedBodiesGetA4xxInTheErrorShape() async throws {
        try await withApp(.sqlite) { app in
            try await app.testing().test(
                .POST, APIURL.login.path, headers: ["Content-Type": "application/json"],
                body: ByteBuffer(string: "{not json")
            ) { response in
                #expect(response.status == .badRequest)
                let error = try? JSONDecoder().decode(APIError.Body.self, from: response.body).error
                #expect(error?.code == "bad_request")
            }
            try await app.testing().test(
                .POST, APIURL.login.path, headers: ["Content-Type": "text/plain"], body: ByteBuffer(string: "a")
            ) { response in
                #expect(response.status == .unsupportedMediaType)
            }
            try await app.testing().test(
                .POST, APIURL.login.path, headers: ["Content-Type": "application/json"],
                body: ByteBuffer(string: #"{"email": 5}"#)
            ) { response in
                // A wrong type is the field's problem, named as the request wrote it.
                #expect(response.status == .unprocessableEntity)
                let error = try? JSONDecoder().decode(APIError.Body.self, from: response.body).error
                #expect(error?.fields?["email"] == "must be a string")
                #expect(error?.message.contains("Dictionary") == false)
            }
        }
    }

    @Test func aValidationFailureNamesEachField() async throws {
        try await withApp(.sqlite) { app in
            var headers = HTTPHeaders()
            headers.contentType = .json
            let body = ByteBuffer(string: #"{"name": "", "email": "nope", "password": "short"}"#)
            try await app.testing().test(.POST, APIURL.register.path, headers: headers, body: body) { response in
                #expect(response.status == .unprocessableEntity)
                let error = try JSONDecoder().decode(APIError.Body.self, from: response.body).error
                #expect(error.code == "validation_failed")
                #expect(Set(error.fields?.keys.map { $0 } ?? []) == ["name", "email", "password"])
            }
        }
    }

    @Test func logoutRevokesOnlyThatToken() async throws {
        try await withApp(.sqlite) { app in
            try await app.makeUser("ana@example.com", password: "senha-certa-1")
            let first = try JSONDecoder().decode(
                JSONValue.self, from: try await Self.login(app, "ana@example.com", "senha-certa-1").body)
            let second = try JSONDecoder().decode(
                JSONValue.self, from: try await Self.login(app, "ana@example.com", "senha-certa-1").body)
            guard case .string(let firstToken)? = first["token"], case .string(let secondToken)? = second["token"]
            else {
                Issue.record("no tokens")
                return
            }
            try await app.testing().test(.POST, APIURL.logout.path, headers: ["Authorization": "Bearer \(firstToken)"])
            { response in
                #expect(response.status == .noContent)
            }
            try await app.testing().test(.GET, APIURL.me.path, headers: ["Authorization": "Bearer \(firstToken)"]) {
                response in
                #expect(response.status == .unauthorized)
            }
            try await app.testing().test(.GET, APIURL.me.path, headers: ["Authorization": "Bearer \(secondToken)"]) {
                response in
                #expect(response.status == .ok)
            }
        }
    }
}
