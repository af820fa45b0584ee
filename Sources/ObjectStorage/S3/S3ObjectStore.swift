import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Where an S3-compatible bucket is and how to reach it.
public struct S3Configuration: Sendable, Equatable {
    /// `https://s3.sa-east-1.amazonaws.com`, `http://127.0.0.1:9000` (MinIO), `https://<account>.r2.cloudflarestorage.com`, …
    public var endpoint: URL
    public var region: String
    public var bucket: String
    public var credentials: AWSCredentials
    /// `endpoint/bucket/key` instead of `bucket.endpoint/key`. MinIO and most local servers need it; AWS, R2 and
    /// B2 take either.
    public var forcePathStyle: Bool

    public init(endpoint: URL?, region: String, bucket: String, credentials: AWSCredentials, forcePathStyle: Bool) {
        self.endpoint = endpoint ?? Self.awsEndpoint(region: region)
        self.region = region
        self.bucket = bucket
        self.credentials = credentials
        self.forcePathStyle = forcePathStyle
    }

    /// AWS's own endpoint for a region, as the AWS SDKs build it.
    public static func awsEndpoint(region: String) -> URL {
        var components = URLComponents()
        components.scheme = "https"
        components.host = region == "us-east-1" ? "s3.amazonaws.com" : "s3.\(region).amazonaws.com"
        // The configuration takes only region names of letters, digits and dashes, which always make a host.
        return components.url ?? URL(fileURLWithPath: "/")
    }

    /// Virtual-hosted addressing puts the bucket in the host name, which only works for names that are valid
    /// DNS labels; others fall back to path style, as the AWS SDKs do.
    var usesPathStyle: Bool {
        forcePathStyle || bucket.contains(".") || bucket != bucket.lowercased()
    }

    /// The host (with port when not the scheme's default) and the path of an object, or of the bucket for nil.
    func location(of key: String?) -> (scheme: String, host: String, path: String) {
        let scheme = endpoint.scheme ?? "https"
        var host = endpoint.host ?? ""
        if let port = endpoint.port, !((scheme == "https" && port == 443) || (scheme == "http" && port == 80)) {
            host += ":\(port)"
        }
        let basePath = endpoint.path.hasSuffix("/") ? String(endpoint.path.dropLast()) : endpoint.path
        if usesPathStyle {
            return (scheme, host, basePath + "/" + bucket + (key.map { "/" + $0 } ?? "/"))
        }
        return (scheme, bucket + "." + host, basePath + "/" + (key ?? ""))
    }
}

/// An S3-compatible bucket, over AsyncHTTPClient, with requests signed by `SignatureV4`.
public struct S3ObjectStore: ObjectStore {
    public let configuration: S3Configuration
    let httpClient: HTTPClient
    let signer: SignatureV4
    /// One request's time limit. Listing pages and media uploads are small; a slow answer means a stuck store.
    let timeout: TimeAmount

    public init(configuration: S3Configuration, httpClient: HTTPClient, timeout: TimeAmount = .seconds(30)) {
        self.configuration = configuration
        self.httpClient = httpClient
        self.signer = SignatureV4(credentials: configuration.credentials, region: configuration.region)
        self.timeout = timeout
    }

    public func list(prefix: String, continuationToken: String?, maxKeys: Int) async throws -> ObjectListingPage {
        var query: [(name: String, value: String)] = [
            ("list-type", "2"), ("prefix", prefix), ("max-keys", String(max(1, min(maxKeys, 1000)))),
            ("encoding-type", "url"),
        ]
        if let continuationToken { query.append(("continuation-token", continuationToken)) }
        let response = try await send("GET", key: nil, query: query)
        try Self.requireSuccess(response)
        return try S3XML.listing(String(decoding: response.body, as: UTF8.self))
    }

    public func head(_ key: String) async throws -> ObjectMetadata? {
        try ObjectKey.validate(key)
        let response = try await send("HEAD", key: key)
        if response.status == .notFound { return nil }
        try Self.requireSuccess(response)
        return ObjectMetadata(
            size: response.headers.first(name: "content-length").flatMap { Int($0) } ?? 0,
            contentType: response.headers.first(name: "content-type"),
            eTag: response.headers.first(name: "etag"))
    }

    public func get(_ key: String) async throws -> Data {
        try ObjectKey.validate(key)
        let response = try await send("GET", key: key)
        if response.status == .notFound { throw ObjectStoreError.notFound(key: key) }
        try Self.requireSuccess(response)
        return Data(response.body)
    }

    public func put(_ key: String, data: Data, contentType: String?) async throws {
        try ObjectKey.validate(key)
        var headers: [(name: String, value: String)] = []
        if let contentType { headers.append(("content-type", contentType)) }
        let response = try await send("PUT", key: key, headers: headers, body: data)
        try Self.requireSuccess(response)
    }

    public func putFile(_ key: String, from file: URL, size: Int, sha256: String, contentType: String?) async throws {
        try ObjectKey.validate(key)
        defer { try? FileManager.default.removeItem(at: file) }
        var headers: [(name: String, value: String)] = [("content-length", String(size))]
        if let contentType { headers.append(("content-type", contentType)) }
        let response = try await send(
            "PUT", key: key, headers: headers, body: .file(file, size: size, sha256: sha256))
        try Self.requireSuccess(response)
    }

    public func delete(_ key: String) async throws {
        try ObjectKey.validate(key)
        let response = try await send("DELETE", key: key)
        if response.status == .notFound { return }
        try Self.requireSuccess(response)
    }

    public func presignedGetURL(for key: String, expiresIn: Int, now: Date) throws -> URL {
        try ObjectKey.validate(key)
        let location = configuration.location(of: key)
        // S3 caps presigned URLs at seven days.
        let expires = max(1, min(expiresIn, 604_800))
        let query = signer.presignedQuery(
            method: "GET", path: location.path, host: location.host, expires: expires, date: now)
        let url = "\(location.scheme)://\(location.host)\(signer.canonicalURI(location.path))?\(query)"
        guard let result = URL(string: url) else { throw ObjectStoreError.invalidKey(key) }
        return result
    }

    /// Creates the bucket (for tests and the benchmark); an existing bucket of ours is fine.
    public func createBucket() async throws {
        let response = try await send("PUT", key: nil)
        if response.status == .conflict { return }
        try Self.requireSuccess(response)
    }

    // MARK: Requests

    struct Answer {
        let status: HTTPResponseStatus
        let headers: HTTPHeaders
        let body: [UInt8]
    }

    /// What a request sends: bytes in memory, or a file streamed from disk in chunks.
    enum Body {
        case bytes(Data)
        case file(URL, size: Int, sha256: String)

        var payloadHash: String {
            switch self {
            case .bytes(let data): SignatureV4.sha256Hex(data)
            case .file(_, _, let sha256): sha256
            }
        }
    }

    func send(
        _ method: String, key: String?, query: [(name: String, value: String)] = [],
        headers extraHeaders: [(name: String, value: String)] = [], body: Data = Data(), now: Date = Date()
    ) async throws -> Answer {
        try await send(method, key: key, query: query, headers: extraHeaders, body: .bytes(body), now: now)
    }

    func send(
        _ method: String, key: String?, query: [(name: String, value: String)] = [],
        headers extraHeaders: [(name: String, value: String)] = [], body: Body, now: Date = Date()
    ) async throws -> Answer {
        let location = configuration.location(of: key)
        let request = SignatureV4.Request(
            method: method, path: location.path, query: query, headers: [("host", location.host)] + extraHeaders,
            payloadHash: body.payloadHash)
        let signed = signer.signedHeaders(for: request, date: now)

        let queryString = SignatureV4.canonicalQuery(query)
        var http = HTTPClientRequest(
            url: "\(location.scheme)://\(location.host)\(signer.canonicalURI(location.path))"
                + (queryString.isEmpty ? "" : "?" + queryString))
        http.method = HTTPMethod(rawValue: method)
        // AsyncHTTPClient sets host and content-length itself from the URL and the body.
        for header in signed where !["host", "content-length"].contains(header.name.lowercased()) {
            http.headers.add(name: header.name, value: header.value)
        }
        switch body {
        case .bytes(let data):
            if !data.isEmpty || method == "PUT" { http.body = .bytes(ByteBuffer(bytes: data)) }
        case .file(let url, let size, _):
            http.body = .stream(FileChunks(url: url), length: .known(Int64(size)))
        }
        let response = try await httpClient.execute(http, timeout: timeout)
        // Error documents and listings are small; objects are media files read whole by design (10 MiB cap
        // would refuse a video, so allow up to 1 GiB and let callers stream large files through presigned URLs).
        let bytes = method == "HEAD" ? ByteBuffer() : try await response.body.collect(upTo: 1 << 30)
        return Answer(status: response.status, headers: response.headers, body: Array(buffer: bytes))
    }

    static func requireSuccess(_ answer: Answer) throws {
        guard (200..<300).contains(answer.status.code) else {
            let error = S3XML.error(String(decoding: answer.body, as: UTF8.self))
            throw ObjectStoreError.rejected(status: Int(answer.status.code), code: error.code, message: error.message)
        }
    }
}

/// A file read in chunks of 256 KiB, as a request body that never holds the whole file.
struct FileChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let url: URL

    struct AsyncIterator: AsyncIteratorProtocol {
        let handle: FileHandle?

        mutating func next() async throws -> ByteBuffer? {
            guard let handle else { return nil }
            guard let data = try handle.read(upToCount: 256 * 1024), !data.isEmpty else {
                try? handle.close()
                return nil
            }
            return ByteBuffer(bytes: data)
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(handle: try? FileHandle(forReadingFrom: url))
    }
}
