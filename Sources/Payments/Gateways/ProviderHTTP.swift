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
    /// The certificate the request presents in its TLS handshake, for a provider that authenticates its clients
    /// by mutual TLS (API Pix). Nil for everyone else.
    public var clientIdentity: ClientIdentity?

    public init(
        method: String, url: String, headers: [String: String], body: Data? = nil,
        clientIdentity: ClientIdentity? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.clientIdentity = clientIdentity
    }
}

/// A client certificate and its private key, as PEM text, with the roots that the provider's own certificate
/// must chain to when they aren't the system's (a PSP's homologation server, a test's CA). This target only
/// carries them; the transport checks and presents them.
public struct ClientIdentity: Sendable, Hashable, CustomStringConvertible {
    /// Never the key: an identity interpolated into a log line or an error shows only that it is one.
    public var description: String { "ClientIdentity(certificate chain, private key: redacted)" }

    /// The client certificate first, then any intermediates.
    public var certificateChainPEM: String
    public var privateKeyPEM: String
    public var trustRootsPEM: String?

    public init(certificateChainPEM: String, privateKeyPEM: String, trustRootsPEM: String? = nil) {
        self.certificateChainPEM = certificateChainPEM
        self.privateKeyPEM = privateKeyPEM
        self.trustRootsPEM = trustRootsPEM
    }

    /// Splits one PEM text holding the certificates and the key (as `cat cert.pem key.pem` makes, and as the
    /// gateway stores it, sealed) into its parts. Nil when either part is missing.
    public init?(pemBundle: String, trustRootsPEM: String? = nil) {
        var certificates: [String] = [], keys: [String] = []
        for block in Self.pemBlocks(pemBundle) {
            if block.label == "CERTIFICATE" {
                certificates.append(block.text)
            } else if block.label.hasSuffix("PRIVATE KEY") {
                keys.append(block.text)
            }
        }
        guard !certificates.isEmpty, keys.count == 1 else { return nil }
        self.init(
            certificateChainPEM: certificates.joined(separator: "\n"), privateKeyPEM: keys[0],
            trustRootsPEM: trustRootsPEM)
    }

    /// The bundle `init(pemBundle:)` reads back.
    public var pemBundle: String { certificateChainPEM + "\n" + privateKeyPEM }

    /// The `-----BEGIN X-----` … `-----END X-----` blocks of a text, with their labels; text between them is
    /// ignored, as OpenSSL does.
    public static func pemBlocks(_ text: String) -> [(label: String, text: String)] {
        var blocks: [(label: String, text: String)] = []
        var label: String?, lines: [Substring] = []
        for line in text.split(whereSeparator: \.isNewline).map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if let open = label {
                lines.append(Substring(line))
                if line == "-----END \(open)-----" {
                    blocks.append((open, lines.joined(separator: "\n") + "\n"))
                    label = nil
                }
            } else if line.hasPrefix("-----BEGIN "), line.hasSuffix("-----"), line.count > 16 {
                label = String(line.dropFirst(11).dropLast(5))
                lines = [Substring(line)]
            }
        }
        return blocks
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
