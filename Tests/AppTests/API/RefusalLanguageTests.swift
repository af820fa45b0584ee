import APISchema
import DatabaseTestBed
import Foundation
import Localization
import Testing
import Vapor
import VaporTesting

@testable import App

/// The site's own refusals, like the domains', are spelled from `Copy` in the reader's language: the API's in
/// the client's Accept-Language (English when it names none of ours), the pages' in the page's.
@Suite struct RefusalLanguageTests {
    static func get(
        _ app: Application, _ path: String, language: String? = nil, headers extra: HTTPHeaders = [:]
    ) async throws -> (TestingHTTPResponse, JSONValue?) {
        var headers = extra
        if let language { headers.add(name: .acceptLanguage, value: language) }
        let response = try await app.testing().sendRequest(.GET, path, headers: headers)
        return (response, try? JSONDecoder().decode(JSONValue.self, from: response.body))
    }

    @Test(arguments: DatabaseKind.underTest)
    func aPathNamingNothingIsRefusedInTheClientsLanguage(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let (english, englishJSON) = try await Self.get(app, APIURL.model(999_999).path)
            let (portuguese, portugueseJSON) = try await Self.get(app, APIURL.model(999_999).path, language: "pt-BR")

            #expect(english.status == .notFound)
            #expect(APIClient.string(englishJSON?["error"]?["message"]) == "There is no such model.")
            #expect(portuguese.status == .notFound)
            #expect(APIClient.string(portugueseJSON?["error"]?["message"]) == "Essa modelo não existe.")
            #expect(APIClient.string(portugueseJSON?["error"]?["code"]) == "not_found")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aParameterRefusedByTheSiteNamesItsFieldInTheClientsLanguage(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let (response, json) = try await Self.get(
                app, APIURL.ads.path + "?placement=topo&limit=3", language: "pt-BR,pt;q=0.9")

            #expect(response.status == .unprocessableEntity)
            #expect(APIClient.string(json?["error"]?["code"]) == "validation_failed")
            #expect(APIClient.string(json?["error"]?["fields"]?["placement"])?.hasPrefix("deve ser um destes:") == true)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func anUnknownTokenIsAChallengedRefusalInTheClientsLanguage(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            var headers = HTTPHeaders()
            headers.bearerAuthorization = .init(token: "not-a-token")

            let (response, json) = try await Self.get(app, APIURL.me.path, language: "pt-BR", headers: headers)

            #expect(response.status == .unauthorized)
            #expect(response.headers.first(name: .wwwAuthenticate) == #"Bearer error="invalid_token""#)
            #expect(
                APIClient.string(json?["error"]?["message"]) == "O token é desconhecido, expirou ou foi revogado.")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aBodyOfAnotherMediaTypeIsUnsupportedInTheClientsLanguage(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let response = try await app.testing().sendRequest(
                .POST, APIURL.login.path, headers: ["Content-Type": "text/plain", "Accept-Language": "pt-BR"],
                body: ByteBuffer(string: "ana@example.com"))
            let json = try? JSONDecoder().decode(JSONValue.self, from: response.body)

            #expect(response.status == .unsupportedMediaType)
            #expect(APIClient.string(json?["error"]?["message"])?.hasPrefix("Envie o corpo como JSON") == true)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func anAdminFormRefusedByTheSiteIsShownInThePagesLanguage(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let user = try await app.makeUser("ana@example.com")
            var admin = try await app.adminBrowser()

            let refused = try await admin.submit(AdminURL.userRole(user.id).path, ["role": "superuser"])

            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("role: deve ser um destes: admin, user"))
        }
    }
}
