import AsyncHTTPClient
import Foundation
import Testing

@testable import ObjectStorage

/// Presigned GET URLs must be the very URLs botocore makes for the same inputs (Fixtures/botocore, made by
/// generate.py there): AWS, MinIO, R2 and B2 endpoints, path-style and virtual-hosted, odd characters in keys.
@Suite struct PresignedURLTests {
    struct Fixture: Decodable {
        struct Case: Decodable, CustomTestStringConvertible {
            let name: String
            let endpoint: String?
            let region: String
            let addressing: String
            let bucket: String
            let key: String
            let expires: Int
            let time: String
            let accessKeyId: String
            let secretAccessKey: String
            let url: String
            var testDescription: String { name }
        }
        let botocoreVersion: String
        let cases: [Case]
    }

    static var cases: [Fixture.Case] {
        guard let url = Bundle.module.url(forResource: "Fixtures/botocore/presigned-get", withExtension: "json"),
            let data = try? Data(contentsOf: url)
        else { return [] }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return (try? decoder.decode(Fixture.self, from: data).cases) ?? []
    }

    @Test func theFixturesAreThere() {
        #expect(Self.cases.count == 6)
    }

    @Test(arguments: cases)
    func matchesBotocore(_ fixture: Fixture.Case) throws {
        let store = S3ObjectStore(
            configuration: S3Configuration(
                endpoint: fixture.endpoint.flatMap(URL.init(string:)), region: fixture.region, bucket: fixture.bucket,
                credentials: .init(accessKeyID: fixture.accessKeyId, secretAccessKey: fixture.secretAccessKey),
                forcePathStyle: fixture.addressing == "path"),
            httpClient: HTTPClient.shared)
        let time = try #require(ISO8601DateFormatter().date(from: fixture.time))

        let url = try store.presignedGetURL(for: fixture.key, expiresIn: fixture.expires, now: time)

        #expect(url.absoluteString == fixture.url)
    }

    @Test func theAWSDocumentationExampleSignsAsPublished() throws {
        // docs.aws.amazon.com, "Authenticating Requests: Using Query Parameters": examplebucket/test.txt, 86400 s.
        let signer = SignatureV4(
            credentials: .init(
                accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
            region: "us-east-1")
        let date = try #require(SignatureV4.parseAmzDate("20130524T000000Z"))
        let query = signer.presignedQuery(
            method: "GET", path: "/test.txt", host: "examplebucket.s3.amazonaws.com", expires: 86400, date: date)
        #expect(query.hasSuffix("X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"))
    }
}
