import DatabaseTestBed
import FluentKit
import Foundation
import Localization
import Schema
import Testing

@testable import Mail
@testable import SMTP

/// A message is a row, queued once per cause, in the recipient's language, and held back when the member
/// stopped that kind of mail or the address bounces.
@Suite struct OutboxTests {
    static let frame = MailFrame(
        siteName: "CreatorFlix", logoURL: nil, siteAddress: "https://loja.example", supportText: nil, contacts: [])
    static var sender: Mailbox { get throws { try Mailbox(parsing: "CreatorFlix <no-reply@creatorflix.test>") } }
    static let now = Date(timeIntervalSince1970: 1_795_618_800)

    static func reset(_ user: User) -> PasswordResetMail {
        PasswordResetMail(
            name: user.name, siteName: "CreatorFlix", link: "https://loja.example/redefinir-senha?token=x")
    }

    @Test(arguments: DatabaseKind.underTest)
    func aMessageIsQueuedRenderedInTheMembersLanguage(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let user = try await database.makeUser("ana@example.com")
            user.language = SiteLanguage.english.rawValue
            try await user.save(on: database)

            let queued = try await Outbox.enqueue(
                Self.reset(user), to: MailRecipient(user), frame: Self.frame, from: try Self.sender, dedupeKey: nil,
                on: database, now: Self.now)

            guard case .queued(let id) = queued else {
                Issue.record("not queued: \(queued)")
                return
            }
            let row = try #require(try await OutboxMessage.find(id, on: database))
            #expect(row.kind == .passwordReset)
            #expect(row.status == .pending)
            #expect(row.language == "en")
            #expect(row.subject == "Reset your password at CreatorFlix")
            #expect(row.textBody.contains("https://loja.example/redefinir-senha?token=x"))
            #expect(row.htmlBody.contains("Choose a new password"))
            #expect(row.messageID.hasSuffix("@creatorflix.test"))
            #expect(row.$user.id == user.id)
            #expect(row.nextAttemptAt == Self.now)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func theSameCauseQueuesItsMessageOnce(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let user = try await database.makeUser("ana@example.com")
            func queue() async throws -> Outbox.Queued {
                try await Outbox.enqueue(
                    Self.reset(user), to: MailRecipient(user), frame: Self.frame, from: try Self.sender,
                    dedupeKey: "receipt:checkout:7", on: database)
            }

            let first = try await queue()
            let again = try await queue()

            #expect(first != .alreadyQueued)
            #expect(again == .alreadyQueued)
            #expect(try await OutboxMessage.query(on: database).count() == 1)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aMemberWhoStoppedRemindersOrWhoseAddressBouncesGetsNoneButStillGetsTransactionalMail(
        _ kind: DatabaseKind
    ) async throws {
        try await withDatabase(kind) { database in
            let optedOut = try await database.makeUser("sem-lembretes@example.com")
            optedOut.wantsRenewalReminders = false
            try await optedOut.save(on: database)
            let bouncing = try await database.makeUser("volta@example.com")
            bouncing.emailBouncingSince = Self.now
            try await bouncing.save(on: database)
            let reminder = RenewalReminderMail.sample(siteAddress: "https://loja.example")

            let toOptedOut = try await Outbox.enqueue(
                reminder, to: MailRecipient(optedOut), frame: Self.frame, from: try Self.sender, dedupeKey: nil,
                on: database)
            let toBouncing = try await Outbox.enqueue(
                reminder, to: MailRecipient(bouncing), frame: Self.frame, from: try Self.sender, dedupeKey: nil,
                on: database)
            let reset = try await Outbox.enqueue(
                Self.reset(optedOut), to: MailRecipient(optedOut), frame: Self.frame, from: try Self.sender,
                dedupeKey: nil, on: database)

            guard case .suppressed(let first) = toOptedOut, case .suppressed(let second) = toBouncing,
                case .queued = reset
            else {
                Issue.record("\(toOptedOut), \(toBouncing), \(reset)")
                return
            }
            #expect(try await OutboxMessage.find(first, on: database)?.lastError == "unsubscribed from reminders")
            #expect(try await OutboxMessage.find(second, on: database)?.lastError == "the address bounces")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func anAddressStoredBeforeOurRulesIsRecordedAsUndeliverableNotThrown(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let recipient = MailRecipient(
                userID: nil, address: "ana@example.com\r\nBcc: all@example.com", name: nil, language: .portuguese)

            let queued = try await Outbox.enqueue(
                TestMail(siteName: "CreatorFlix"), to: recipient, frame: Self.frame, from: try Self.sender,
                dedupeKey: nil, on: database)

            guard case .undeliverable(let id) = queued else {
                Issue.record("\(queued)")
                return
            }
            #expect(try await OutboxMessage.find(id, on: database)?.status == .failed)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aMessageQueuedInARolledBackTransactionIsGone(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            struct EventFailed: Error {}
            let user = try await database.makeUser("ana@example.com")

            await #expect(throws: EventFailed.self) {
                try await database.transaction { transaction in
                    try await Outbox.enqueue(
                        Self.reset(user), to: MailRecipient(user), frame: Self.frame, from: try Self.sender,
                        dedupeKey: nil, on: transaction)
                    throw EventFailed()
                }
            }

            #expect(try await OutboxMessage.query(on: database).count() == 0)
        }
    }
}
