import Foundation
import Testing
import Vapor
import VaporTesting

@testable import APISchema
@testable import App

/// The JSON API as a client calls it: an admin's token, a request with a JSON body, and readers of its values.
enum APIClient {
    /// An admin's API token.
    static func adminToken(_ app: Application, email: String = "chefe@example.com") async throws -> String {
        try await app.makeUser(email, password: "senha-admin-1", name: "Chefe", role: .admin)
        let login = try await app.testing().sendRequest(
            .POST, APIURL.login.path, headers: ["Content-Type": "application/json"],
            body: ByteBuffer(string: #"{"email":"\#(email)","password":"senha-admin-1"}"#))
        guard case .string(let token)? = try JSONDecoder().decode([String: JSONValue].self, from: login.body)["token"]
        else {
            throw Abort(.internalServerError, reason: "no token")
        }
        return token
    }

    static func send(
        _ app: Application, _ method: HTTPMethod, _ path: String, token: String, body: [String: JSONValue]? = nil
    ) async throws -> (TestingHTTPResponse, JSONValue?) {
        var headers = HTTPHeaders()
        headers.bearerAuthorization = .init(token: token)
        var buffer: ByteBuffer?
        if let body {
            headers.contentType = .json
            buffer = ByteBuffer(data: try JSONEncoder().encode(JSONValue.object(body)))
        }
        let response = try await app.testing().sendRequest(method, path, headers: headers, body: buffer)
        return (response, try? JSONDecoder().decode(JSONValue.self, from: response.body))
    }

    static func int(_ value: JSONValue?) -> Int? { if case .number(let n)? = value { Int(n) } else { nil } }

    static func string(_ value: JSONValue?) -> String? { if case .string(let s)? = value { s } else { nil } }
}
