import Foundation

/// How a provider that lives across the network is reached. The target has no HTTP client of its own: the
/// application hands one in, and tests hand in the same one pointed at a local stand-in.
public protocol ProviderHTTPTransport: Sendable {
    func send(_ request: ProviderHTTPRequest) async throws -> ProviderHTTPResponse
}

public struct ProviderHTTPRequest: Sendable, Equatable {
    public var method: String
    public var url: String
    public var headers: [String: String]
    public var body: Data?

    public init(method: String, url: String, headers: [String: String], body: Data? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

public struct ProviderHTTPResponse: Sendable, Equatable {
    public var status: Int
    public var body: Data

    public init(status: Int, body: Data) {
        self.status = status
        self.body = body
    }
}

/// A provider that could not be asked, or answered with something other than what we asked for. Nothing is
/// decided on it: a checkout can't start, and a postback is left for the provider to send again.
public enum PaymentProviderError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The provider could not be reached (network, timeout).
    case unreachable(String)
    /// The provider answered with an error status.
    case refused(status: Int, message: String)
    /// The provider's answer did not read as documented.
    case unreadable(String)

    public var description: String {
        switch self {
        case .unreachable(let cause): "the provider could not be reached: \(cause)"
        case .refused(let status, let message): "the provider answered \(status): \(message)"
        case .unreadable(let cause): "the provider's answer did not read as documented: \(cause)"
        }
    }
}

/// A verified notification that is about something other than a payment (Mercado Pago also notifies merchant
/// orders, for example). It is acknowledged and recorded; nothing is fetched or changed.
public struct PostbackNotAboutPayment: Error, Equatable, Sendable {
    public let topic: String
    public init(topic: String) { self.topic = topic }
}

enum ConstantTime {
    /// Compares two signatures without stopping at the first difference, so timing reveals nothing.
    static func equals(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8), right = Array(rhs.utf8)
        guard left.count == right.count else { return false }
        return zip(left, right).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

extension Data {
    var lowercaseHex: String { map { String(format: "%02x", $0) }.joined() }
}

/// Reads `k=v,k=v` signature headers (the sandbox's and Mercado Pago's).
func signatureHeaderParts(_ header: String) -> [String: String] {
    Dictionary(
        header.split(separator: ",").compactMap { part -> (String, String)? in
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            return pair.count == 2 ? (pair[0], pair[1]) : nil
        }, uniquingKeysWith: { first, _ in first })
}
