import DatabaseTestBed
import Fluent
import Foundation
import Localization
import Mail
import SMTP
import Schema
import Testing
import Vapor
import VaporTesting

@testable import App

/// The send-email job's run: a backlog bigger than a batch drains in one run, and a server that is down costs
/// one batch's attempt, not a minute of retrying every row.
@Suite struct SendDueMailTests {
    static func queueTestMail(_ app: Application, count: Int, tag: String) async throws {
        let frame = try await app.mailFrame(on: app.db)
        for number in 0..<count {
            try await Outbox.enqueue(
                TestMail(siteName: "CreatorFlix"),
                to: MailRecipient(
                    userID: nil, address: "\(tag)-\(number)@example.com", name: nil, language: .portuguese),
                frame: frame, from: app.configuration.mail.from, dedupeKey: nil, on: app.db)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aBacklogOfSeveralBatchesGoesOutInOneRun(_ kind: DatabaseKind) async throws {
        try await CheckoutMailTests.withMailingApp(kind) { app in
            // setup: two and a half batches
            let tag = "backlog-\(UInt64.random(in: 0...UInt64.max))"
            try await Self.queueTestMail(app, count: app.mailSender.batchSize * 5 / 2, tag: tag)

            // MUT: a budget no loaded machine runs out of (the test server is shared by the whole suite)
            let run = try await app.sendDueMail(budget: .seconds(600))

            // validate
            #expect(run.sent == app.mailSender.batchSize * 5 / 2)
            #expect(run.claimed == run.sent)
            #expect(try CheckoutMailTests.server.receivedCounts(containing: tag).count == run.sent)
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$status != .sent).count() == 0)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func withTheServerDownOneBatchIsTriedAndTheRunEnds(_ kind: DatabaseKind) async throws {
        // Nothing listens on port 1, and an unprivileged process can't: the connection is refused at once.
        let down = try SMTPConfiguration(url: "smtp://127.0.0.1:1?starttls=off")
        let from = try Mailbox(parsing: "CreatorFlix <no-reply@creatorflix.test>")
        try await withApp(kind, configuration: { $0.mail = .init(smtp: down, from: from) }) { app in
            // setup
            let batch = app.mailSender.batchSize
            try await Self.queueTestMail(app, count: batch * 2, tag: "down")

            // MUT
            let run = try await app.sendDueMail()

            // validate: the first batch waits out its backoff, its attempt not counted; the second is untouched
            #expect(run.sent == 0 && run.retried == batch)
            let waiting = try await OutboxMessage.query(on: app.db).filter(\.$nextAttemptAt > Date()).all()
            #expect(waiting.count == batch)
            #expect(waiting.allSatisfy { $0.status == .pending && $0.attempts == 0 })
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aMessagePutOffByTheServerEndsTheRunAfterItsBatch(_ kind: DatabaseKind) async throws {
        try await CheckoutMailTests.withMailingApp(kind) { app in
            // setup: two batches; the server answers 451 to the first batch's last recipient, once
            let batch = app.mailSender.batchSize
            let tag = "throttled-\(UInt64.random(in: 0...UInt64.max))"
            try await Self.queueTestMail(app, count: batch - 1, tag: tag)
            try await Self.queueTestMail(app, count: 1, tag: "tempfail-\(tag)")
            try await Self.queueTestMail(app, count: batch, tag: "later-\(tag)")

            // MUT
            let run = try await app.sendDueMail(budget: .seconds(600))

            // validate: the server pushed back, so the next batch waits for the next run
            #expect((run.claimed, run.sent, run.retried) == (batch, batch - 1, 1))
            let untouched = try await OutboxMessage.query(on: app.db).filter(\.$attempts == 0).count()
            #expect(untouched == batch)
        }
    }
}
