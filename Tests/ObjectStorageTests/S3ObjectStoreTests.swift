import AsyncHTTPClient
import Foundation
import Testing

@testable import ObjectStorage

/// Against a real S3-protocol server: moto, started by scripts/test with signature checking on. The credentials
/// come from its IAM, made by scripts/lib-moto.sh.
@Suite(.enabled(if: MotoServer.shared != nil, "set CREATORFLIX_TEST_S3_ENDPOINT (scripts/test does)"))
struct S3ObjectStoreTests {
    static var server: MotoServer? { MotoServer.shared }

    /// A bucket of its own per test, so tests run in parallel.
    static func withBucket(secret: String? = nil, _ body: (S3ObjectStore) async throws -> Void) async throws {
        let server = try #require(server)
        let bucket = "cf-test-\(UUID().uuidString.lowercased().prefix(18))"
        let owner = S3ObjectStore(
            configuration: .init(
                endpoint: server.endpoint, region: "us-east-1", bucket: bucket, credentials: server.credentials,
                forcePathStyle: true),
            httpClient: HTTPClient.shared)
        try await owner.createBucket()
        let credentials =
            secret.map { AWSCredentials(accessKeyID: server.credentials.accessKeyID, secretAccessKey: $0) }
            ?? server.credentials
        try await body(
            S3ObjectStore(
                configuration: .init(
                    endpoint: server.endpoint, region: "us-east-1", bucket: bucket, credentials: credentials,
                    forcePathStyle: true),
                httpClient: HTTPClient.shared))
    }

    @Test func roundTripsObjects() async throws {
        try await Self.withBucket { try await ObjectStoreContract.roundTripsObjects($0) }
    }

    @Test func listsEveryKeyOnceAcrossPagesWithContinuationTokens() async throws {
        try await Self.withBucket {
            try await ObjectStoreContract.listsEveryKeyOnceAcrossPages($0, prefix: "whitelabel/")
        }
    }

    @Test func streamsAFileFromDiskWithASignedPayloadHash() async throws {
        try await Self.withBucket { try await ObjectStoreContract.storesAFileFromDisk($0) }
    }

    @Test func aWrongSecretIsRefusedByTheServer() async throws {
        try await Self.withBucket(secret: "not-the-secret") { store in
            do {
                _ = try await store.list(prefix: "", continuationToken: nil, maxKeys: 10)
                Issue.record("the server accepted a request signed with the wrong secret")
            } catch let ObjectStoreError.rejected(status, code, _) {
                #expect(status == 403)
                #expect(code == "SignatureDoesNotMatch")
            }
        }
    }

    // No presigned-URL test here: moto, with signature checking on, answers every query-signed request with a
    // 500 (it looks only for an Authorization header; botocore's own presigned URLs fail the same way). Presigned
    // URLs are checked byte for byte against botocore's in PresignedURLTests instead.
}

/// The moto server scripts/test started, from the environment.
struct MotoServer: Sendable {
    let endpoint: URL
    let credentials: AWSCredentials

    static let shared: MotoServer? = {
        let environment = ProcessInfo.processInfo.environment
        guard let endpoint = environment["CREATORFLIX_TEST_S3_ENDPOINT"].flatMap(URL.init(string:)),
            let keyID = environment["CREATORFLIX_TEST_S3_ACCESS_KEY_ID"],
            let secret = environment["CREATORFLIX_TEST_S3_SECRET_ACCESS_KEY"]
        else { return nil }
        return MotoServer(endpoint: endpoint, credentials: .init(accessKeyID: keyID, secretAccessKey: secret))
    }()
}
