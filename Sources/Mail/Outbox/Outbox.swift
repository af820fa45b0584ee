import FluentKit
import Foundation
import Localization
import SMTP
import SQLKit
import Schema

/// Who a message goes to: an account, or an address with no account (the operator's sale notices).
public struct MailRecipient: Sendable, Equatable {
    public var userID: Int?
    public var address: String
    public var name: String?
    public var language: SiteLanguage

    public init(userID: Int?, address: String, name: String?, language: SiteLanguage) {
        self.userID = userID
        self.address = address
        self.name = name
        self.language = language
    }

    /// An account's recipient: its address, its name, and its language (the site's when it never chose one).
    public init(_ user: User, siteLanguage: SiteLanguage = .portuguese) {
        self.init(
            userID: user.id, address: user.email, name: user.name,
            language: user.language.flatMap(SiteLanguage.init(rawValue:)) ?? siteLanguage)
    }
}

/// The outbox: a message is a row, written in the transaction of the event that causes it, so a rolled-back
/// event sends nothing and a committed one can't lose its message. The sender (`MailSender`) delivers the rows.
public enum Outbox {
    /// What `enqueue` did.
    public enum Queued: Equatable, Sendable {
        case queued(id: Int)
        /// The event queued this message before (its dedupe key is taken): nothing new.
        case alreadyQueued
        /// Recorded but not to be sent: the member stopped this kind of mail, or the address bounces.
        case suppressed(id: Int)
        /// Recorded as failed at once: the stored address is not one mail can go to.
        case undeliverable(id: Int)
    }

    /// Queues `template` for `recipient`, rendered now in the recipient's language inside `frame`.
    /// - Parameters:
    ///   - dedupeKey: what caused it (`receipt:checkout:12`); the same key queues once, whoever asks twice.
    ///   - unsubscribeURL: for mail a member may stop, the one-click link; nil for transactional mail.
    ///   - database: the event's own transaction, so the message commits with it.
    @discardableResult
    public static func enqueue<Template: MailTemplate>(
        _ template: Template, to recipient: MailRecipient, frame: MailFrame, from sender: Mailbox,
        dedupeKey: String?, on database: any Database, now: Date = Date()
    ) async throws -> Queued {
        let copy = Copy(recipient.language)
        let content = template.content(copy)
        var status = MailStatus.pending
        var reason: String?
        // An address stored before our rules (an adopted database, say) is recorded as failed, never thrown: the
        // event it belongs to, a payment, must still commit.
        let valid = try? MailAddress(recipient.address)
        let address = valid?.text ?? String(recipient.address.prefix(320))
        if valid == nil {
            (status, reason) = (.failed, "not an address mail can be sent to")
        } else if Template.category != nil, let userID = recipient.userID,
            let suppressedBy = try await suppression(of: Template.self, userID: userID, on: database)
        {
            (status, reason) = (.suppressed, suppressedBy)
        }
        let sql = try sqlDatabase(database)
        let rows = try await sql.raw(
            """
            INSERT INTO email_outbox (kind, user_id, to_address, to_name, language, subject, text_body, html_body,
              message_id, unsubscribe_url, dedupe_key, status, last_error, next_attempt_at, created_at)
            VALUES (\(bind: Template.kind.rawValue), \(bind: recipient.userID), \(bind: address),
              \(bind: recipient.name), \(bind: recipient.language.rawValue), \(bind: content.subject),
              \(bind: MailLayout.text(content, frame: frame, copy: copy)),
              \(bind: MailLayout.html(content, frame: frame, copy: copy)),
              \(bind: MailMessage.newID(domain: sender.address.domain)), \(bind: frame.unsubscribeURL),
              \(bind: dedupeKey), \(bind: status.rawValue), \(bind: reason), \(bind: now), \(bind: now))
            ON CONFLICT (dedupe_key) DO NOTHING RETURNING id
            """
        ).all()
        guard let id = try rows.first?.decode(column: "id", as: Int.self) else { return .alreadyQueued }
        switch status {
        case .pending: return .queued(id: id)
        case .failed: return .undeliverable(id: id)
        default: return .suppressed(id: id)
        }
    }

    /// Why mail of this template's category isn't to go to this account, or nil when it may.
    static func suppression<Template: MailTemplate>(of template: Template.Type, userID: Int, on database: any Database)
        async throws -> String?
    {
        guard let user = try await User.find(userID, on: database) else { return nil }
        if user.emailBouncingSince != nil { return "the address bounces" }
        switch Template.category {
        case .renewalReminders where user.wantsRenewalReminders == false: return "unsubscribed from reminders"
        case .recovery where user.wantsRecoveryEmails == false: return "unsubscribed from recovery e-mails"
        default: return nil
        }
    }

    /// The text with every `token=…` value taken out: what the outbox keeps of a link once it has gone out, and
    /// what the admin is shown of one.
    public static func redactingTokens(_ text: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let range = rest.range(of: "token=") {
            result += rest[..<range.upperBound]
            rest = rest[range.upperBound...]
            let value = rest.prefix { $0.isLetter || $0.isNumber || "-_%.~".contains($0) }
            if !value.isEmpty { result += "…" }
            rest = rest.dropFirst(value.count)
        }
        return result + rest
    }

    static func sqlDatabase(_ database: any Database) throws -> any SQLDatabase {
        guard let sql = database as? any SQLDatabase else { throw MailDatabaseError() }
        return sql
    }
}

/// The outbox needs SQL; both supported databases speak it.
struct MailDatabaseError: Error, CustomStringConvertible {
    var description: String { "the database does not speak SQL" }
}
