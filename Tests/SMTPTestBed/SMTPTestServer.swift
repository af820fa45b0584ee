import Foundation
import NIOSSL
import SMTP

/// The real SMTP server `scripts/test` starts (aiosmtpd, `scripts/smtp-test-server.py`), as its environment names
/// it, and what it received. Its behaviour is chosen by the recipient: `bounce…`, `tempfail…`, `drop…`.
public struct SMTPTestServer: Sendable {
    public let startTLSPort: Int
    public let tlsPort: Int
    public let plainPort: Int
    public let user: String
    public let password: String
    public let certificates: [NIOSSLCertificate]
    public let maildir: URL

    public static let shared: SMTPTestServer? = {
        let environment = ProcessInfo.processInfo.environment
        guard let port = environment["CREATORFLIX_TEST_SMTP_PORT"].flatMap(Int.init),
            let tlsPort = environment["CREATORFLIX_TEST_SMTPS_PORT"].flatMap(Int.init),
            let plainPort = environment["CREATORFLIX_TEST_SMTP_PLAIN_PORT"].flatMap(Int.init),
            let user = environment["CREATORFLIX_TEST_SMTP_USER"],
            let password = environment["CREATORFLIX_TEST_SMTP_PASSWORD"],
            let ca = environment["CREATORFLIX_TEST_SMTP_CA"],
            let maildir = environment["CREATORFLIX_TEST_SMTP_MAILDIR"],
            let certificates = try? NIOSSLCertificate.fromPEMFile(ca)
        else { return nil }
        return SMTPTestServer(
            startTLSPort: port, tlsPort: tlsPort, plainPort: plainPort, user: user, password: password,
            certificates: certificates, maildir: URL(fileURLWithPath: maildir))
    }()

    public static var isRunning: Bool { shared != nil }

    public var submission: SMTPConfiguration {
        SMTPConfiguration(
            host: "localhost", port: startTLSPort, security: .startTLS, username: user, password: password,
            trustedCertificates: certificates)
    }

    public var implicitTLS: SMTPConfiguration {
        SMTPConfiguration(
            host: "localhost", port: tlsPort, security: .implicitTLS, username: user, password: password,
            trustedCertificates: certificates)
    }

    public var relay: SMTPConfiguration { SMTPConfiguration(host: "127.0.0.1", port: plainPort, security: .none) }

    /// One message as the server wrote it down: its envelope and its text.
    public struct Received: Sendable {
        public let mailFrom: String
        public let mailOptions: [String]
        public let recipients: [String]
        public let listener: String
        public let text: String
    }

    /// Every message the server took for `recipient`, oldest first. Addresses are unique per test, so tests
    /// running at once never read each other's mail.
    public func received(for recipient: String) throws -> [Received] {
        let names = try FileManager.default.contentsOfDirectory(atPath: maildir.path).filter { $0.hasSuffix(".json") }
            .sorted()
        return try names.compactMap { name in
            let envelope =
                try JSONSerialization.jsonObject(
                    with: Data(contentsOf: maildir.appendingPathComponent(name))) as? [String: Any]
            guard let recipients = envelope?["rcpt_tos"] as? [String], recipients.contains(recipient) else {
                return nil
            }
            let text = try String(
                contentsOf: maildir.appendingPathComponent(name.replacingOccurrences(of: ".json", with: ".eml")),
                encoding: .utf8)
            return Received(
                mailFrom: envelope?["mail_from"] as? String ?? "",
                mailOptions: envelope?["mail_options"] as? [String] ?? [],
                recipients: recipients, listener: envelope?["listener"] as? String ?? "", text: text)
        }
    }

    /// An address no other test uses, with `prefix` choosing the server's behaviour.
    public static func uniqueAddress(_ prefix: String = "member") -> String {
        "\(prefix)-\(UInt64.random(in: 0...UInt64.max))@example.com"
    }
}

extension SMTPTestServer {
    /// How many messages each recipient containing `fragment` received, for tests that send many.
    public func receivedCounts(containing fragment: String) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: maildir.path) where name.hasSuffix(".json") {
            let envelope =
                try JSONSerialization.jsonObject(
                    with: Data(contentsOf: maildir.appendingPathComponent(name))) as? [String: Any]
            for recipient in envelope?["rcpt_tos"] as? [String] ?? [] where recipient.contains(fragment) {
                counts[recipient, default: 0] += 1
            }
        }
        return counts
    }
}
