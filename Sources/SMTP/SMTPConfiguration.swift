import Foundation
import NIOCore
import NIOSSL

/// Where and how to send: read from `SMTP_URL` (`smtp://user:pass@host:587`, STARTTLS required unless
/// `?starttls=off`; `smtps://user:pass@host:465`, TLS from the first byte).
public struct SMTPConfiguration: Sendable {
    public enum Security: Sendable, Equatable {
        /// Plain TCP, then STARTTLS before anything else; a server that doesn't offer it is refused.
        case startTLS
        /// TLS from the first byte (port 465).
        case implicitTLS
        /// No TLS at all: only when the URL says `starttls=off`, for a relay on the same host.
        case none
    }

    /// Why `SMTP_URL` can't be used.
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        case notAURL
        case unknownScheme(String)
        case noHost
        case unknownOption(String)
        case authenticationWithoutTLS

        public var description: String {
            switch self {
            case .notAURL: "is not a URL: write smtp://user:pass@host:587 or smtps://user:pass@host:465"
            case .unknownScheme(let scheme): "has the scheme \(scheme): use smtp:// (STARTTLS) or smtps:// (TLS)"
            case .noHost: "names no host"
            case .unknownOption(let option): "has an option we don't know: \(option) (only starttls=off)"
            case .authenticationWithoutTLS:
                "sends a password without TLS (starttls=off): drop the user and password, or keep STARTTLS"
            }
        }
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var password: String?
    /// The certificates that may sign the server's; nil trusts the system's roots.
    public var trustedCertificates: [NIOSSLCertificate]?
    /// How long one reply may take before the connection is given up.
    public var replyTimeout: TimeAmount = .seconds(60)

    public init(
        host: String, port: Int, security: Security, username: String? = nil, password: String? = nil,
        trustedCertificates: [NIOSSLCertificate]? = nil
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.trustedCertificates = trustedCertificates
    }

    public init(url text: String, trustedCertificates: [NIOSSLCertificate]? = nil) throws(Problem) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            throw .notAURL
        }
        guard let host = components.host, !host.isEmpty else { throw .noHost }
        var security: Security
        switch scheme {
        case "smtp": security = .startTLS
        case "smtps": security = .implicitTLS
        default: throw .unknownScheme(scheme)
        }
        for item in components.queryItems ?? [] {
            guard item.name == "starttls", item.value == "off", security == .startTLS else {
                throw .unknownOption("\(item.name)=\(item.value ?? "")")
            }
            security = .none
        }
        // Decoded once: a password with a literal `%41` in it is written `%2541`, and stays `%41`.
        let username = components.percentEncodedUser.map { $0.removingPercentEncoding ?? $0 }
        let password = components.percentEncodedPassword.map { $0.removingPercentEncoding ?? $0 }
        if security == .none, username != nil { throw .authenticationWithoutTLS }
        self.init(
            host: host, port: components.port ?? (security == .implicitTLS ? 465 : 587), security: security,
            username: username, password: password, trustedCertificates: trustedCertificates)
    }
}
