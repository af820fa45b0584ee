import APISchema
import DatabaseTestBed
import Fluent
import Foundation
import Localization
import Schema
import Testing
import Vapor
import VaporTesting

@testable import App

/// Control characters (a NUL above all, which PostgreSQL refuses) are refused at the edge with a 422 that names
/// the field: in queries, forms, JSON and uploads, for visitors and admins alike.
@Suite struct ControlCharacterTests {
    /// The page names the field and says what is wrong with it, in the site's language.
    static func refuses(_ field: String, _ page: TestingHTTPResponse) -> Bool {
        page.status == .unprocessableEntity
            && page.text.contains("\(field): \(Copy(.portuguese).controlCharactersRefused)")
    }

    static func json(_ response: TestingHTTPResponse) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: response.body)
    }

    @Test(arguments: DatabaseKind.underTest)
    func aNulInAVisitorsSearchIsA422NamingTheField(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            var visitor = TestBrowser(app)
            let page = try await visitor.get(SiteURL.search.path + "?q=ana%00")
            #expect(Self.refuses("q", page))
            let api = try await app.testing().sendRequest(.GET, APIURL.models.path + "?q=%00")
            #expect(api.status == .unprocessableEntity)
            #expect(try Self.json(api)["error"]?["fields"]?["q"] != nil)
            #expect(try await visitor.get(SiteURL.search.path + "?q=ana").status == .ok, "clean text still passes")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aNulInSignInSignUpAndAnAdminSearchIsRefused(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            var visitor = TestBrowser(app)
            let signIn = try await visitor.submit(
                SiteURL.signIn.path, ["email": "ana\u{0}@example.com", "password": "x"])
            #expect(Self.refuses("email", signIn))
            let signUp = try await visitor.submit(
                SiteURL.signUp.path,
                [
                    "name": "Ana\u{0}", "email": "ana@example.com", "password": "senha-segura-1",
                ])
            #expect(Self.refuses("name", signUp))
            #expect(try await User.query(on: app.db).count() == 0)

            var admin = try await app.adminBrowser()
            let search = try await admin.get(AdminURL.checkouts.path + "?email=%00")
            #expect(Self.refuses("email", search))
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aNulDeepInAJSONBodyIsNamedByItsPath(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let shop = try await CommerceFixtures.shop(app)
            var body = CommerceFixtures.checkoutBody(planID: shop.plan.id)
            body["customer"] = .object([
                "name": "Ana\u{0}Souza", "email": "ana@example.com", "cpf": "529.982.247-25",
                "phone": "(11) 91234-5678",
            ])
            let response = try await app.testing().sendRequest(
                .POST, APIURL.checkouts.path, headers: ["Content-Type": "application/json"],
                body: ByteBuffer(data: try JSONEncoder().encode(JSONValue.object(body))))
            #expect(response.status == .unprocessableEntity)
            #expect(try Self.json(response)["error"]?["fields"]?["customer.name"] != nil)
            #expect(try await Checkout.query(on: app.db).count() == 0)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func lineBreaksPassOnlyWhereAFieldHasSeveralLines(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            var admin = try await app.adminBrowser()
            let multiLine = try await admin.submit(
                AdminURL.planNew.path,
                [
                    "name": "Mensal", "price": "29,90", "duration_days": "30", "benefits": "Tudo\r\nSem anúncios\tjá",
                    "cta_text": "Assinar",
                    "accepts_pix": "true",
                ])
            #expect(multiLine.status == .seeOther)
            let singleLine = try await admin.submit(
                AdminURL.planNew.path,
                [
                    "name": "Anual\r\nBcc: x@example.com", "price": "99,90", "duration_days": "365",
                    "cta_text": "Assinar", "accepts_pix": "true",
                ])
            #expect(Self.refuses("name", singleLine))
            #expect(try await Plan.query(on: app.db).count() == 1)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aNulInAnUploadsTextFieldIsRefused(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            var admin = try await app.adminBrowser()
            let response = try await admin.submitUpload(
                AdminURL.creatorModelNew.path,
                [
                    (name: "name", filename: nil, bytes: Array("Modelo\u{0}".utf8)),
                    (name: "description", filename: nil, bytes: Array("Linha 1\r\nLinha 2".utf8)),
                ])
            #expect(Self.refuses("name", response))
            #expect(try await CreatorModel.query(on: app.db).count() == 0)
        }
    }

    @Test func fieldsAreNamedAsTheRequestWritesThem() {
        #expect(ControlCharacterGuard.refusedFields(formEncoded: "q=a%00&page=2&bump_ids[]=%01") == ["q", "bump_ids"])
        #expect(ControlCharacterGuard.refusedFields(formEncoded: "description=a%0D%0Ab%09c&name=ok+name") == [])
        #expect(
            ControlCharacterGuard.refusedFields(
                json: Data(#"{"a":{"b":["ok","x\u0000"]},"note":"1\n2","k\u0007":1}"#.utf8))
                == ["a.b[1]", "k\\u0007"])
        #expect(ControlCharacterGuard.refusedFields(json: Data("not json".utf8)) == [])
        #expect(!ControlCharacterGuard.isAcceptable("a\u{85}b", field: "description"), "C1 controls too")
    }

    @Test(arguments: DatabaseKind.underTest)
    func aPathSegmentLongerThanAFileNameNamesNothing(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            for path in [
                "/" + String(repeating: "a", count: 256), "/modelos/" + String(repeating: "1", count: 300),
                APIURL.models.path + "/" + String(repeating: "9", count: 256),
            ] {
                let response = try await app.testing().sendRequest(.GET, path)
                #expect(response.status == .notFound, "\(path.prefix(20))…")
            }
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aPathWithAControlCharacterNamesNothing(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let response = try await app.testing().sendRequest(
                .POST, APIURL.webhook(gateway: "%00").path, headers: ["Content-Type": "application/json"],
                body: ByteBuffer(string: "{}"))
            #expect(response.status == .notFound)
        }
    }
}
