import Foundation
import SMTP

/// Where the sender hands messages: an SMTP server, or, with no `SMTP_URL`, a folder of `.eml` files.
public protocol MailTransport: Sendable {
    /// Sends `messages` in order, calling `report` right after each one with nil (taken) or why not, so the
    /// outbox records each outcome before the next send. Throws only when no more can be sent this round (the
    /// connection or the login failed); the messages not reported stay for the next round.
    /// - Parameter deadline: no message is started after it; the rest stay for the next round.
    func send(_ messages: [MailMessage], deadline: Date, report: (Int, (any Error)?) async throws -> Void)
        async throws
}

/// Delivery to an SMTP server, one connection per round.
public struct SMTPTransport: MailTransport {
    public let configuration: SMTPConfiguration
    /// The name this host gives in EHLO: the sender address's domain.
    public let helloName: String

    public init(configuration: SMTPConfiguration, helloName: String) {
        self.configuration = configuration
        self.helloName = helloName
    }

    public func send(
        _ messages: [MailMessage], deadline: Date, report: (Int, (any Error)?) async throws -> Void
    ) async throws {
        guard !messages.isEmpty else { return }
        try await SMTPClient.withSession(configuration, helloName: helloName) { session in
            for (index, message) in messages.enumerated() where Date() < deadline {
                do {
                    try await session.send(message)
                    try await report(index, nil)
                } catch let error as SMTPError {
                    try await report(index, error)
                    // A refusal of this message leaves the session in step for the next; anything else (a broken
                    // connection, a reply that doesn't read) may not, and ends it.
                    switch error {
                    case .refused, .internationalAddressNotSupported: continue
                    default: throw error
                    }
                }
            }
        }
    }
}

/// The embedded default: each message written as an `.eml` file under `DATA_DIR/outbox/`, where a developer reads
/// it and the admin lists it. Nothing leaves the machine.
public struct FolderTransport: MailTransport {
    public let directory: URL

    public init(directory: URL) { self.directory = directory }

    public func send(
        _ messages: [MailMessage], deadline: Date, report: (Int, (any Error)?) async throws -> Void
    ) async throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (index, message) in messages.enumerated() where Date() < deadline {
            do {
                let file = directory.appendingPathComponent(Self.fileName(for: message))
                try Data(MIMEWriter.render(message, eightBit: true).utf8).write(to: file, options: .atomic)
                try await report(index, nil)
            } catch {
                try await report(index, error)
            }
        }
    }

    /// `20261201-224308-<message id>.eml`: sorted by when it was sent, named so no two collide.
    public static func fileName(for message: MailMessage) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let safeID = message.messageID.map { $0.isLetter || $0.isNumber || $0 == "." ? $0 : "_" }
        return "\(formatter.string(from: message.date))-\(String(safeID)).eml"
    }
}
