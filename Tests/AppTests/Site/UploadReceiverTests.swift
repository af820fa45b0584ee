import Foundation
import ObjectStorage
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite struct UploadReceiverTests {
    struct Summary: Content {
        let fields: [String: String]
        let files: [String: String]
    }

    /// A route that receives a streamed upload and says what it got.
    static func withUploadRoute(maximumFileBytes: Int, _ body: (Application) async throws -> Void) async throws {
        try await withApp(.sqlite, migrated: false) { app in
            app.on(.POST, "api", "test-upload", body: .stream) { req async throws -> Summary in
                let form = try await UploadReceiver(maximumFileBytes: maximumFileBytes).receive(req)
                defer { form.discard() }
                return Summary(
                    fields: form.fields,
                    files: form.files.mapValues { file in
                        "\(file.kind?.rawValue ?? "unknown") \(file.size) \(file.sha256) \(file.filename ?? "")"
                    })
            }
            try await body(app)
        }
    }

    static func multipart(
        _ parts: [(name: String, filename: String?, bytes: [UInt8])], boundary: String = "----cf-boundary-42"
    ) -> (HTTPHeaders, ByteBuffer) {
        var body: [UInt8] = []
        for part in parts {
            var disposition = "Content-Disposition: form-data; name=\"\(part.name)\""
            if let filename = part.filename { disposition += "; filename=\"\(filename)\"" }
            body += Array("--\(boundary)\r\n\(disposition)\r\n\r\n".utf8) + part.bytes + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return (headers, ByteBuffer(bytes: body))
    }

    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 5000)

    @Test func filesStreamToDiskWithTheirKindSizeAndDigest() async throws {
        try await Self.withUploadRoute(maximumFileBytes: 1_000_000) { app in
            let (headers, body) = Self.multipart([
                ("name", nil, Array("Júlia".utf8)), ("icon", "foto.png", Self.png),
                ("fake", "virus.jpg", Array("MZ not a jpeg".utf8)),
                ("banner", "", []),
            ])
            try await app.testing().test(.POST, APIURL.anyVersionPrefix + "test-upload", headers: headers, body: body) {
                response in
                #expect(response.status == .ok)
                let summary = try response.content.decode(Summary.self)
                #expect(summary.fields == ["name": "Júlia"])
                #expect(
                    summary.files["icon"] == "png \(Self.png.count) \(SignatureV4.sha256Hex(Data(Self.png))) foto.png")
                #expect(summary.files["fake"]?.hasPrefix("unknown ") == true)
                #expect(summary.files["banner"] == nil, "an empty file input is no file")
            }
        }
    }

    @Test func aFileOverTheLimitIsRefusedWith413() async throws {
        try await Self.withUploadRoute(maximumFileBytes: 1000) { app in
            let (headers, body) = Self.multipart([("icon", "grande.png", Self.png)])
            try await app.testing().test(.POST, APIURL.anyVersionPrefix + "test-upload", headers: headers, body: body) {
                response in
                #expect(response.status == .payloadTooLarge)
            }
        }
    }

    @Test func aBodyThatIsNotMultipartIsRefused() async throws {
        try await Self.withUploadRoute(maximumFileBytes: 1000) { app in
            try await app.testing().test(
                .POST, APIURL.anyVersionPrefix + "test-upload", headers: ["Content-Type": "application/json"],
                body: ByteBuffer(string: "{}")
            ) { response in
                #expect(response.status == .unsupportedMediaType)
            }
            let (headers, _) = Self.multipart([])
            try await app.testing().test(
                .POST, APIURL.anyVersionPrefix + "test-upload", headers: headers,
                body: ByteBuffer(string: "garbage without boundaries")
            ) { response in
                #expect(response.status == .badRequest)
            }
        }
    }
}

@Suite struct UploadFormProtectionTests {
    @Test func anUploadFormCarriesItsTokenInTheActionURL() async throws {
        try await withApp(.sqlite, migrated: false) { app in
            app.on(.POST, "enviar", body: .stream) { req async throws -> String in
                let form = try await UploadReceiver(maximumFileBytes: 100_000).receive(req)
                defer { form.discard() }
                return form.files["arquivo"]?.kind?.rawValue ?? "none"
            }
            var browser = TestBrowser(app)
            try await browser.get(SiteURL.signIn.path)
            let nonce = try #require(browser.cookies[FormProtection.cookieName])
            let token = browser.formToken
            let (headers, body) = UploadReceiverTests.multipart([("arquivo", "a.png", UploadReceiverTests.png)])
            var withCookie = headers
            withCookie.replaceOrAdd(name: .cookie, value: "\(FormProtection.cookieName)=\(nonce)")

            try await app.testing().test(
                .POST, FormProtection.action("/enviar", token: token), headers: withCookie, body: body
            ) { response in
                #expect(response.status == .ok)
                #expect(response.body.string == "png")
            }
            try await app.testing().test(.POST, "/enviar", headers: withCookie, body: body) { response in
                #expect(response.status == .forbidden)
            }
        }
    }
}
