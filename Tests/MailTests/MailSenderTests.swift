import DatabaseTestBed
import FluentKit
import Foundation
import Localization
import SMTPTestBed
import Schema
import Testing

@testable import Mail
@testable import SMTP

/// The sender against a real SMTP server: each message is sent once, a refusal for now is retried later, one for
/// good marks the address as bouncing, and two instances share the work without sending anything twice.
@Suite(.enabled(if: SMTPTestServer.isRunning, "scripts/test starts the SMTP server"))
struct MailSenderTests {
    static var server: SMTPTestServer { get throws { try #require(SMTPTestServer.shared) } }
    static var from: Mailbox { get throws { try Mailbox(parsing: "CreatorFlix <no-reply@creatorflix.test>") } }

    static func queue(_ address: String, name: String? = "Ana", on database: any Database) async throws -> Int {
        let queued = try await Outbox.enqueue(
            TestMail(siteName: "CreatorFlix"),
            to: MailRecipient(userID: nil, address: address, name: name, language: .portuguese),
            frame: OutboxTests.frame, from: try from, dedupeKey: nil, on: database)
        guard case .queued(let id) = queued else { throw TestFailure("not queued: \(queued)") }
        return id
    }

    struct TestFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    static func sender(_ configuration: SMTPConfiguration) throws -> MailSender {
        MailSender(
            transport: SMTPTransport(configuration: configuration, helloName: "creatorflix.test"), sender: try from)
    }

    @Test(arguments: DatabaseKind.underTest)
    func aDueMessageIsSentAndMarked(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let address = SMTPTestServer.uniqueAddress()
            let id = try await Self.queue(address, on: database)

            let round = try await Self.sender(try Self.server.submission).runRound(on: database)
            let again = try await Self.sender(try Self.server.submission).runRound(on: database)

            #expect(round.sent == 1)
            #expect(again == MailSender.Round(), "nothing is due any more")
            let row = try #require(try await OutboxMessage.find(id, on: database))
            #expect(row.status == .sent)
            #expect(row.attempts == 1)
            #expect(row.sentAt != nil)
            let received = try Self.server.received(for: address)
            #expect(received.count == 1)
            #expect(received.first?.text.contains("Message-ID: <\(row.messageID)>") == true)
            #expect(received.first?.text.contains("O envio de e-mails funciona") == true)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aRefusalForNowIsRetriedAfterABackoffAndThenSent(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let address = SMTPTestServer.uniqueAddress("tempfail")
            let id = try await Self.queue(address, on: database)
            let start = Date()

            let first = try await Self.sender(try Self.server.submission).runRound(on: database) { start }
            let tooSoon = try await Self.sender(try Self.server.submission).runRound(on: database) { start + 30 }
            let afterBackoff = try await Self.sender(try Self.server.submission).runRound(on: database) { start + 61 }

            #expect(first.retried == 1)
            #expect(tooSoon == MailSender.Round())
            #expect(afterBackoff.sent == 1)
            let row = try #require(try await OutboxMessage.find(id, on: database))
            #expect(row.status == .sent)
            #expect(row.attempts == 2)
            #expect(try Self.server.received(for: address).count == 1)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aRefusalForGoodFailsTheMessageAndMarksTheAddressBouncing(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let address = SMTPTestServer.uniqueAddress("bounce")
            let user = try await database.makeUser(address)
            let id = try await Self.queue(address, on: database)

            let round = try await Self.sender(try Self.server.submission).runRound(on: database)

            #expect(round.failed == 1)
            #expect(round.bounced == 1)
            let row = try #require(try await OutboxMessage.find(id, on: database))
            #expect(row.status == .failed)
            #expect(row.lastError?.contains("550") == true)
            #expect(try await User.find(user.id, on: database)?.emailBouncingSince != nil)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aConnectionCutMidDataIsRetried(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let address = SMTPTestServer.uniqueAddress("drop")
            let id = try await Self.queue(address, on: database)
            let start = Date()

            let first = try await Self.sender(try Self.server.submission).runRound(on: database) { start }
            let later = try await Self.sender(try Self.server.submission).runRound(on: database) { start + 61 }

            #expect(first.retried == 1)
            #expect(later.sent == 1)
            #expect(try await OutboxMessage.find(id, on: database)?.status == .sent)
            #expect(try Self.server.received(for: address).count == 1)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aRefusedLoginLeavesEveryMessageForLaterWithoutCountingAnAttempt(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            var configuration = try Self.server.submission
            configuration.password = "wrong"
            let ids = [
                try await Self.queue(SMTPTestServer.uniqueAddress(), on: database),
                try await Self.queue(SMTPTestServer.uniqueAddress(), on: database),
            ]

            let round = try await Self.sender(configuration).runRound(on: database)

            #expect(round.retried == 2)
            for id in ids {
                let row = try #require(try await OutboxMessage.find(id, on: database))
                #expect(row.status == .pending)
                #expect(row.attempts == 0)
                #expect(row.lastError?.contains("535") == true)
            }
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aClaimWhoseSenderDiedIsDueAgainAfterItsLease(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let address = SMTPTestServer.uniqueAddress()
            let id = try await Self.queue(address, on: database)
            let start = Date()
            // A sender claims the row and dies before sending it.
            _ = try await Self.sender(try Self.server.relay).claim(on: database, now: start)

            let duringLease = try await Self.sender(try Self.server.relay).runRound(on: database) { start + 60 }
            let afterLease = try await Self.sender(try Self.server.relay).runRound(on: database) { start + 901 }

            #expect(duringLease == MailSender.Round(), "another sender holds it")
            #expect(afterLease.sent == 1)
            #expect(try await OutboxMessage.find(id, on: database)?.attempts == 2)
            #expect(try Self.server.received(for: address).count == 1)
        }
    }

    @Test(.enabled(if: DatabaseKind.postgresIsUnderTest))
    func twoInstancesSendFiveHundredMessagesExactlyOnceBetweenThem() async throws {
        try await withTwoSessions(.postgres) { first, second in
            // setup: 500 queued messages, each to its own address
            let tag = UInt64.random(in: 0...UInt64.max)
            let addresses = (0..<500).map { "pair-\(tag)-\($0)@example.com" }
            for address in addresses { _ = try await Self.queue(address, name: nil, on: first) }
            var configured = try Self.sender(try Self.server.relay)
            configured.batchSize = 25
            let oneSender = configured

            // MUT: both instances send rounds until nothing is due
            @Sendable func drain(_ database: any Database) async throws -> Int {
                var sent = 0
                while true {
                    let round = try await oneSender.runRound(on: database)
                    if round == MailSender.Round() { return sent }
                    sent += round.sent
                }
            }
            async let a = drain(first)
            async let b = drain(second)
            let (sentByFirst, sentBySecond) = try await (a, b)

            // validate: every address got exactly one message, and both instances did some of the work
            #expect(sentByFirst + sentBySecond == 500)
            #expect(sentByFirst > 0)
            #expect(sentBySecond > 0)
            let received = try Self.server.receivedCounts(containing: "pair-\(tag)-")
            #expect(received.count == 500)
            #expect(received.values.allSatisfy { $0 == 1 })
            #expect(try await OutboxMessage.query(on: first).filter(\.$status == .sent).count() == 500)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func withoutSMTPEachMessageIsAFileToRead(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("outbox-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let id = try await Self.queue("ana@example.com", on: database)
            let sender = MailSender(transport: FolderTransport(directory: folder), sender: try Self.from)

            let round = try await sender.runRound(on: database)

            #expect(round.sent == 1)
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            #expect(files.count == 1)
            #expect(files.first?.hasSuffix(".eml") == true)
            let text = try String(contentsOf: folder.appendingPathComponent(files[0]), encoding: .utf8)
            #expect(text.contains("To: \"Ana\" <ana@example.com>"))
            #expect(try await OutboxMessage.find(id, on: database)?.status == .sent)
        }
    }
}
