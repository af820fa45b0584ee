import Crypto
import Foundation

/// Credentials for AWS Signature Version 4.
public struct AWSCredentials: Sendable, Equatable {
    public let accessKeyID: String
    public let secretAccessKey: String

    public init(accessKeyID: String, secretAccessKey: String) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
    }
}

/// AWS Signature Version 4: the request signing that S3 and every S3-compatible store (MinIO, Cloudflare R2,
/// Backblaze B2) accept, in its two forms: an `Authorization` header, and a presigned URL's query string.
/// Checked against the AWS SigV4 test suite and against presigned URLs made by botocore.
public struct SignatureV4: Sendable {
    /// How the path becomes the canonical URI. S3 signs the path exactly as sent, each segment percent-encoded
    /// once; other AWS services first remove `.`, `..` and empty segments.
    public enum PathRule: Sendable {
        case s3
        case normalized
    }

    public let credentials: AWSCredentials
    public let region: String
    public let service: String
    public let pathRule: PathRule

    public init(credentials: AWSCredentials, region: String, service: String = "s3", pathRule: PathRule = .s3) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.pathRule = pathRule
    }

    /// A request to sign, in decoded form: the path and query values as they are, before any percent-encoding.
    public struct Request: Sendable {
        public var method: String
        public var path: String
        public var query: [(name: String, value: String)]
        public var headers: [(name: String, value: String)]
        /// Lower-case hex SHA-256 of the body, or `UNSIGNED-PAYLOAD`.
        public var payloadHash: String

        public init(
            method: String, path: String, query: [(name: String, value: String)] = [],
            headers: [(name: String, value: String)], payloadHash: String
        ) {
            self.method = method
            self.path = path
            self.query = query
            self.headers = headers
            self.payloadHash = payloadHash
        }
    }

    public static let unsignedPayload = "UNSIGNED-PAYLOAD"

    // MARK: The steps, each visible for the test suite

    /// The canonical request and the `SignedHeaders` list.
    public func canonicalRequest(_ request: Request) -> (text: String, signedHeaders: String) {
        let headers = canonicalHeaders(request.headers)
        let signedHeaders = headers.map(\.name).joined(separator: ";")
        let text = [
            request.method.uppercased(),
            canonicalURI(request.path),
            Self.canonicalQuery(request.query),
            headers.map { "\($0.name):\($0.value)\n" }.joined(),
            signedHeaders,
            request.payloadHash,
        ].joined(separator: "\n")
        return (text, signedHeaders)
    }

    public func credentialScope(_ date: Date) -> String {
        "\(Self.dateStamp(date))/\(region)/\(service)/aws4_request"
    }

    public func stringToSign(canonicalRequest: String, date: Date) -> String {
        ["AWS4-HMAC-SHA256", Self.amzDate(date), credentialScope(date), Self.sha256Hex(Data(canonicalRequest.utf8))]
            .joined(separator: "\n")
    }

    public func signature(stringToSign: String, date: Date) -> String {
        var key = SymmetricKey(data: Data(("AWS4" + credentials.secretAccessKey).utf8))
        for part in [Self.dateStamp(date), region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        let code = HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: key)
        return Self.hex(code)
    }

    // MARK: Signing

    /// The `Authorization` header for a request whose headers already include `host` and `x-amz-date`.
    public func authorization(for request: Request, date: Date) -> String {
        let canonical = canonicalRequest(request)
        let signature = signature(stringToSign: stringToSign(canonicalRequest: canonical.text, date: date), date: date)
        return "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(credentialScope(date)), "
            + "SignedHeaders=\(canonical.signedHeaders), Signature=\(signature)"
    }

    /// The headers to send: the request's own plus `x-amz-date`, `x-amz-content-sha256` (S3 wants it on every
    /// request) and `Authorization`. `host` must be among the request's headers.
    public func signedHeaders(for request: Request, date: Date) -> [(name: String, value: String)] {
        var signing = request
        signing.headers.append(("x-amz-date", Self.amzDate(date)))
        if service == "s3" { signing.headers.append(("x-amz-content-sha256", request.payloadHash)) }
        return signing.headers + [("Authorization", authorization(for: signing, date: date))]
    }

    /// The query string of a presigned URL (percent-encoded, ready to append after `?`), valid for `expires`
    /// seconds from `date`. Only `host` is signed, as browsers and CDNs send no other header we could predict.
    public func presignedQuery(method: String, path: String, host: String, expires: Int, date: Date) -> String {
        var query: [(name: String, value: String)] = [
            ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
            ("X-Amz-Credential", "\(credentials.accessKeyID)/\(credentialScope(date))"),
            ("X-Amz-Date", Self.amzDate(date)),
            ("X-Amz-Expires", String(expires)),
            ("X-Amz-SignedHeaders", "host"),
        ]
        let request = Request(
            method: method, path: path, query: query, headers: [("host", host)], payloadHash: Self.unsignedPayload)
        let canonical = canonicalRequest(request)
        query.append(
            (
                "X-Amz-Signature",
                signature(stringToSign: stringToSign(canonicalRequest: canonical.text, date: date), date: date)
            ))
        return query.map { "\(Self.uriEncode($0.name))=\(Self.uriEncode($0.value))" }.joined(separator: "&")
    }

    // MARK: Canonical forms

    public func canonicalURI(_ path: String) -> String {
        var segments = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if pathRule == .normalized {
            var kept: [String] = []
            for segment in segments.dropFirst() {
                switch segment {
                case "", ".": continue
                case "..": if !kept.isEmpty { kept.removeLast() }
                default: kept.append(segment)
                }
            }
            let trailingSlash = path.count > 1 && (path.hasSuffix("/") || path.hasSuffix("/.") || path.hasSuffix("/.."))
            let joined = "/" + kept.map { Self.uriEncode($0) }.joined(separator: "/")
            return trailingSlash && !kept.isEmpty ? joined + "/" : joined
        }
        if segments.first == "" { segments.removeFirst() }
        return "/" + segments.map { Self.uriEncode($0) }.joined(separator: "/")
    }

    /// Encoded names and values, sorted by name then value (plain ASCII after encoding, so byte order).
    public static func canonicalQuery(_ query: [(name: String, value: String)]) -> String {
        let encoded: [(String, String)] = query.map { pair in (uriEncode(pair.name), uriEncode(pair.value)) }
        let sorted = encoded.sorted { left, right in left.0 == right.0 ? left.1 < right.1 : left.0 < right.0 }
        return sorted.map { pair in pair.0 + "=" + pair.1 }.joined(separator: "&")
    }

    /// Lower-case names, sorted; values trimmed with inner runs of spaces folded into one; repeated headers joined
    /// with commas in the order they came.
    func canonicalHeaders(_ headers: [(name: String, value: String)]) -> [(name: String, value: String)] {
        var values: [String: [String]] = [:]
        for header in headers {
            let value = header.value.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
            values[header.name.lowercased(), default: []].append(value)
        }
        return values.keys.sorted().map { name in (name, values[name, default: []].joined(separator: ",")) }
    }

    /// RFC 3986 percent-encoding of everything but the unreserved characters, as SigV4 wants it.
    public static func uriEncode(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                encoded.append(Character(UnicodeScalar(byte)))
            default:
                encoded += String(format: "%%%02X", byte)
            }
        }
        return encoded
    }

    // MARK: Formats

    public static func amzDate(_ date: Date) -> String {
        let parts = utcCalendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(
            format: "%04d%02d%02dT%02d%02d%02dZ", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0,
            parts.minute ?? 0, parts.second ?? 0)
    }

    public static func dateStamp(_ date: Date) -> String { String(amzDate(date).prefix(8)) }

    /// Reads `20150830T123600Z`.
    public static func parseAmzDate(_ text: String) -> Date? {
        guard text.count == 16, text.utf8.allSatisfy({ $0 < 128 }) else { return nil }
        let digits = Array(text)
        func number(_ range: Range<Int>) -> Int? { Int(String(digits[range])) }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8),
            digits[8] == "T", let hour = number(9..<11), let minute = number(11..<13), let second = number(13..<15),
            digits[15] == "Z"
        else { return nil }
        return utcCalendar.date(
            from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second))
    }

    public static func sha256Hex(_ data: Data) -> String { hex(SHA256.hash(data: data)) }

    static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        return calendar
    }()
}
