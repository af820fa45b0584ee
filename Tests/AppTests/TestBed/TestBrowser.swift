import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

/// A browser for tests: keeps cookies between requests and fills in the form token, as a person's browser would.
struct TestBrowser {
    let app: Application
    private(set) var cookies: [String: String] = [:]
    var headers: HTTPHeaders = [:]

    init(_ app: Application, acceptLanguage: String? = nil) {
        self.app = app
        if let acceptLanguage { headers.add(name: .acceptLanguage, value: acceptLanguage) }
    }

    @discardableResult
    mutating func get(_ path: String) async throws -> TestingHTTPResponse {
        try await send(.GET, path, body: nil)
    }

    /// Posts a form, with this browser's form token unless `includeFormToken` is false.
    @discardableResult
    mutating func submit(_ path: String, _ fields: [String: String], includeFormToken: Bool = true) async throws
        -> TestingHTTPResponse
    {
        if includeFormToken, cookies[FormProtection.cookieName(for: app)] == nil { try await get(SiteURL.home.path) }
        var fields = fields
        if includeFormToken { fields[FormProtection.fieldName] = formToken }
        return try await send(.POST, path, body: Self.formEncoded(fields))
    }

    /// Posts an already encoded form body (for repeated fields such as `ids[]`), with this browser's form token.
    @discardableResult
    mutating func submitRaw(_ path: String, body: String) async throws -> TestingHTTPResponse {
        if cookies[FormProtection.cookieName(for: app)] == nil { try await get(SiteURL.home.path) }
        return try await send(.POST, path, body: body + "&\(FormProtection.fieldName)=\(formToken)")
    }

    /// Posts a multipart upload form, its token in the action URL as the pages put it.
    @discardableResult
    mutating func submitUpload(_ path: String, _ parts: [(name: String, filename: String?, bytes: [UInt8])])
        async throws -> TestingHTTPResponse
    {
        if cookies[FormProtection.cookieName(for: app)] == nil { try await get(SiteURL.home.path) }
        let boundary = "----cf-test-\(UUID().uuidString)"
        var body: [UInt8] = []
        for part in parts {
            var disposition = "Content-Disposition: form-data; name=\"\(part.name)\""
            if let filename = part.filename { disposition += "; filename=\"\(filename)\"" }
            body += Array("--\(boundary)\r\n\(disposition)\r\n\r\n".utf8) + part.bytes + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        var requestHeaders = headers
        requestHeaders.replaceOrAdd(
            name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        requestHeaders.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        let response = try await app.testing().sendRequest(
            .POST, FormProtection.action(path, token: formToken), headers: requestHeaders,
            body: ByteBuffer(bytes: body))
        return response
    }

    /// Signs in through the form and checks that it worked.
    mutating func signIn(_ email: String, _ password: String) async throws {
        let response = try await submit(SiteURL.signIn.path, ["email": email, "password": password])
        #expect(response.status == .seeOther, "sign-in as \(email) answered \(response.status)")
    }

    mutating func setCookie(_ name: String, _ value: String) { cookies[name] = value }

    /// The token this browser's pages put in their forms: bound to its form cookie and its session.
    var formToken: String {
        FormProtection.formToken(
            nonce: cookies[FormProtection.cookieName(for: app)] ?? "", session: cookies[WebSession.cookieName],
            appSecret: app.configuration.appSecret)
    }

    /// Carries this browser's session to another app instance, as a load balancer sends the next request elsewhere.
    func switching(to app: Application) -> TestBrowser {
        var copy = TestBrowser(app)
        copy.cookies = cookies
        copy.headers = headers
        return copy
    }

    private mutating func send(_ method: HTTPMethod, _ path: String, body: String?) async throws -> TestingHTTPResponse
    {
        var requestHeaders = headers
        if !cookies.isEmpty {
            requestHeaders.replaceOrAdd(
                name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        if body != nil { requestHeaders.contentType = .urlEncodedForm }
        let response = try await app.testing().sendRequest(
            method, path, headers: requestHeaders, body: body.map { ByteBuffer(string: $0) })
        for header in response.headers[.setCookie] {
            let pair = header.split(separator: ";").first.map(String.init) ?? ""
            guard let equals = pair.firstIndex(of: "=") else { continue }
            let name = String(pair[..<equals]).trimmingCharacters(in: .whitespaces)
            let value = String(pair[pair.index(after: equals)...])
            if value.isEmpty || header.contains("Expires=Thu, 01 Jan 1970") {
                cookies[name] = nil
            } else {
                cookies[name] = value
            }
        }
        return response
    }

    static func formEncoded(_ fields: [String: String]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.sorted { $0.key < $1.key }.map { key, value in
            "\(key.addingPercentEncoding(withAllowedCharacters: allowed) ?? key)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)"
        }.joined(separator: "&")
    }
}

extension TestingHTTPResponse {
    var text: String { body.getString(at: body.readerIndex, length: body.readableBytes) ?? "" }
    var location: String? { headers.first(name: .location) }
}
