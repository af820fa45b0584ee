import Foundation

/// One message as it will be sent: who it is from and to, its subject, and its text and HTML versions, which
/// readers choose between (multipart/alternative). Built from validated parts only: no header can be forged
/// through a name, an address or a subject.
public struct MailMessage: Sendable, Equatable {
    public var from: Mailbox
    public var to: Mailbox
    public var subject: String
    public var text: String
    public var html: String
    /// The message's unique id, without the angle brackets; it is also the outbox row's, so a repeat is known.
    public var messageID: String
    public var date: Date
    /// For mail a member may stop (reminders, recovery): the one-click unsubscribe address (RFC 8058). Nil for
    /// transactional mail, which always goes out.
    public var unsubscribeURL: String?

    public init(
        from: Mailbox, to: Mailbox, subject: String, text: String, html: String, messageID: String, date: Date,
        unsubscribeURL: String? = nil
    ) {
        self.from = from
        self.to = to
        // A subject is one line: a break in it would start a header of its own.
        self.subject = subject.map { $0.isNewline ? " " : String($0) }.joined()
        self.text = text
        self.html = html
        self.messageID = messageID
        self.date = date
        self.unsubscribeURL = unsubscribeURL
    }

    /// A fresh Message-ID at the sender's domain: 128 random bits, so ids never collide across instances.
    public static func newID(domain: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let random = (0..<2).map { _ in String(generator.next() as UInt64, radix: 36) }.joined(separator: ".")
        return "\(random)@\(domain)"
    }
}
