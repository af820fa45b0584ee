import APISchema
import Accounts
import DatabaseTestBed
import Foundation
import Localization
import Schema
import Site
import Testing
import Vapor
import VaporTesting

@testable import App

/// The API does what its document says: unknown fields refused by name, required fields required, types and
/// ranges named in the request's own words, and every status an operation can answer listed.
@Suite struct APIContractTests {
    static func send(
        _ app: Application, _ method: HTTPMethod, _ path: String, token: String? = nil, json: String? = nil
    ) async throws -> (TestingHTTPResponse, [String: String]) {
        var headers = HTTPHeaders()
        if let token { headers.bearerAuthorization = .init(token: token) }
        if json != nil { headers.contentType = .json }
        let response = try await app.testing().sendRequest(
            method, path, headers: headers, body: json.map { ByteBuffer(string: $0) })
        let body = try? JSONDecoder().decode(APIError.Body.self, from: response.body)
        return (response, body?.error.fields ?? [:])
    }

    @Test(arguments: DatabaseKind.underTest)
    func unknownMissingAndMistypedFieldsAreNamedAsTheRequestWroteThem(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let token = try await APIClient.adminToken(app)
            let plans = APIURL.adminPlans.path

            let (unknown, unknownFields) = try await Self.send(
                app, .POST, plans, token: token,
                json: #"{"name":"Mensal","price":2990,"duration_days":30,"durationDays":30}"#)
            #expect(unknown.status == .unprocessableEntity)
            #expect(unknownFields == ["durationDays": "is not a field of this request"])

            let (missing, missingFields) = try await Self.send(
                app, .POST, plans, token: token, json: #"{"name":"Mensal","duration_days":30}"#)
            #expect(missing.status == .unprocessableEntity)
            #expect(missingFields == ["price": "is required"])

            let (range, rangeFields) = try await Self.send(
                app, .POST, plans, token: token,
                json: #"{"name":"Mensal","price":99999999999,"duration_days":30}"#)
            #expect(range.status == .unprocessableEntity)
            #expect(rangeFields["price"]?.contains("out of range") == true)

            let (typed, typedFields) = try await Self.send(
                app, .POST, plans, token: token,
                json: #"{"name":"Mensal","price":"2990","duration_days":30.5}"#)
            #expect(typed.status == .unprocessableEntity)
            #expect(typedFields == ["price": "must be a whole number", "duration_days": "must be a whole number"])

            // the domain's refusals use the same names
            let (domain, domainFields) = try await Self.send(
                app, .POST, plans, token: token, json: #"{"name":"Mensal","price":2990,"duration_days":0}"#)
            #expect(domain.status == .unprocessableEntity)
            #expect(domainFields.keys.sorted() == ["duration_days"])
            let (gateway, gatewayFields) = try await Self.send(
                app, .POST, APIURL.adminGateways.path, token: token, json: #"{"name":"paypal","secret_key":"x"}"#)
            #expect(gateway.status == .unprocessableEntity, "\(gatewayFields)")
            #expect(gatewayFields["name"] != nil, "\(gatewayFields)")
            #expect(!gateway.text.contains("Dictionary"))
            #expect(!gateway.text.contains("CodingKeys"))
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func whatTheDocumentRequiresIsRequired(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let shop = try await CommerceFixtures.shop(app)
            var body = CommerceFixtures.checkoutBody(planID: shop.plan.id)
            body["method"] = nil
            let (noMethod, noMethodJSON) = try await CommerceFixtures.startCheckout(app, body)
            #expect(noMethod.status == .unprocessableEntity)
            #expect(noMethodJSON["error"]?["fields"]?["method"] == "is required")

            let (noToken, noTokenFields) = try await Self.send(app, .GET, APIURL.checkout(1).path)
            #expect(noToken.status == .unprocessableEntity)
            #expect(noTokenFields == ["token": "is required"])

            let token = try await APIClient.adminToken(app)
            let (noValue, noValueFields) = try await Self.send(
                app, .PUT, APIURL.adminSetting(key: "site_name").path, token: token, json: "{}")
            #expect(noValue.status == .unprocessableEntity)
            #expect(noValueFields == ["value": "is required"])
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aLandlineIsNotTakenWhereTheFormAsksForAMobile(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let shop = try await CommerceFixtures.shop(app)
            let (response, json) = try await CommerceFixtures.startCheckout(
                app, CommerceFixtures.checkoutBody(planID: shop.plan.id, phone: "+55 11 3123-4567"))
            #expect(response.status == .unprocessableEntity)
            #expect(json["error"]?["fields"]?["phone"] != nil)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aStaleTokenOnAPublicOperationIs401AsDocumented(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let (response, _) = try await Self.send(app, .GET, APIURL.plans.path, token: "stale-or-garbage")
            #expect(response.status == .unauthorized)
            let plans = try #require(OpenAPIDocument.document()["paths"]?[APIURL.plans.path]?["get"]?["responses"])
            #expect(plans["401"] != nil)
        }
    }

    @Test func everyOperationListsTheStatusesItsChecksCanAnswer() throws {
        let document = OpenAPIDocument.document()
        for operation in OpenAPIDocument.operations {
            let responses = try #require(
                document["paths"]?[operation.path]?[operation.method.rawValue.lowercased()]?["responses"])
            var expected = ["401", "422"]
            if operation.requestBody.map({ !$0.isText }) == true { expected += ["400", "415"] }
            if operation.parameters.contains(where: { $0.location == .path }) { expected.append("404") }
            for status in expected {
                #expect(responses[status] != nil, "\(operation.method) \(operation.path) doesn't list \(status)")
            }
        }
    }

    @Test func aDateTimeHasAFourDigitYear() {
        #expect(SchemaConformance.dateTime("2026-12-01T15:30:00Z") != nil)
        #expect(SchemaConformance.dateTime("2026-12-01T15:30:00.250Z") != nil)
        #expect(SchemaConformance.dateTime("99999-01-01T00:00:00Z") == nil)
    }

    @Test(arguments: DatabaseKind.underTest)
    func aLogoAddressCantPointToAnotherSite(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let token = try await APIClient.adminToken(app)
            let (refused, fields) = try await Self.send(
                app, .PUT, APIURL.adminSetting(key: "logo_url").path, token: token,
                json: #"{"value":"/\\evil.example/x.png"}"#)
            #expect(refused.status == .unprocessableEntity, "\(fields)")
            #expect(!fields.isEmpty, "\(fields)")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aSignedInBuyerHoldsOnlySoManyUnpaidCheckoutsWhateverTheyName(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let shop = try await CommerceFixtures.shop(app)
            try await AdminSetting(key: KnownSetting.openCheckoutsPerEmail.rawValue, value: "2").create(on: app.db)
            let user = try await app.makeUser("ana@example.com")
            let token = try await AuthTokens.issue(.api, for: try user.requireID(), on: app.db).token
            var statuses: [HTTPResponseStatus] = []
            for (email, cpf) in [
                ("a1@example.com", "529.982.247-25"), ("a2@example.com", "111.444.777-35"),
                ("a3@example.com", "390.533.447-05"),
            ] {
                var body = CommerceFixtures.checkoutBody(planID: shop.plan.id, email: email, cpf: cpf)
                body["password"] = nil
                statuses.append(try await CommerceFixtures.startCheckout(app, body, token: token).0.status)
            }
            #expect(statuses == [.created, .created, .tooManyRequests])
        }
    }

    @Test func aWrongTypeInAFormIsNamedInSnakeCase() {
        struct Body: Decodable { let durationDays: Int }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            _ = try decoder.decode(Body.self, from: Data(#"{"duration_days":"x"}"#.utf8))
            Issue.record("decoded a string as a number")
        } catch let error as DecodingError {
            #expect(
                SiteErrorMiddleware.Failure.describe(error).message(Copy(.english))
                    == "The field 'duration_days' has the wrong type.")
            #expect(
                SiteErrorMiddleware.Failure.describe(error).message(Copy(.portuguese))
                    == "O campo 'duration_days' tem o tipo errado.")
        } catch {
            Issue.record("\(error)")
        }
    }
}
