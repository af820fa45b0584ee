/// Why a message was not sent, told apart the way the outbox needs: a permanent refusal of the recipient (a 5xx
/// to RCPT) marks the address as bouncing; everything else is worth another try later.
public enum SMTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server refused a command with a reply code (4xx: for now; 5xx: for good).
    case refused(stage: Stage, code: Int, text: String)
    /// The connection could not be made, or broke, or a reply took longer than allowed.
    case connection(stage: Stage, detail: String)
    /// STARTTLS was required and the server did not offer it.
    case startTLSNotOffered
    /// The server asked for no authentication we speak (PLAIN, LOGIN), or offered none while we have a password.
    case noAuthenticationMechanism
    /// The recipient's address needs SMTPUTF8 and the server doesn't take it.
    case internationalAddressNotSupported
    /// A reply that does not read as SMTP.
    case unreadableReply(String)

    public enum Stage: String, Sendable {
        case connect, greeting, hello, startTLS, authenticate, mailFrom, recipient, data, message, quit
    }

    /// Whether trying again can't help: the server said no for good to this message or its recipient.
    public var isPermanent: Bool {
        switch self {
        // A 5xx to the server's greeting, hello, login or sender is about the set-up, not this message.
        case .refused(let stage, let code, _): code >= 500 && [.recipient, .data, .message].contains(stage)
        case .internationalAddressNotSupported: true
        default: false
        }
    }

    /// Whether the recipient's address is what was refused for good: that address is bouncing.
    /// Only a refusal of the mailbox itself (550, 551, 553; not a policy one, enhanced 5.7.x, such as a relay
    /// that refuses us, which would otherwise mark every recipient).
    public var isBounce: Bool {
        guard case .refused(.recipient, let code, let text) = self else { return false }
        return [550, 551, 553].contains(code) && !text.hasPrefix("5.7.")
    }

    public var description: String {
        switch self {
        case .refused(let stage, let code, let text): "the server answered \(code) to \(stage.rawValue): \(text)"
        case .connection(let stage, let detail): "the connection failed at \(stage.rawValue): \(detail)"
        case .startTLSNotOffered: "the server does not offer STARTTLS, which SMTP_URL requires"
        case .noAuthenticationMechanism: "the server offers no authentication we speak (PLAIN or LOGIN)"
        case .internationalAddressNotSupported: "the address needs SMTPUTF8, which the server does not offer"
        case .unreadableReply(let line): "the server's reply is not SMTP: \(line.prefix(200))"
        }
    }
}
