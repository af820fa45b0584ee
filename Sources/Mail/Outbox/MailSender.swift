import FluentKit
import Foundation
import SMTP
import SQLKit
import Schema

/// The outbox's sender: each round it claims due rows, sends them through its transport, and records each
/// outcome as it comes.
///
/// Claiming is one UPDATE that marks rows `sending` until a lease ends (on PostgreSQL over a `FOR UPDATE SKIP
/// LOCKED` subquery, so two instances never claim one row; SQLite has one writer). Rows are sent outside any
/// transaction, and each is marked right after its send. **The one window for a repeat:** a crash after the
/// server took a message and before its row is marked `sent`; after the lease the row is due again and that one
/// message goes out twice. Rows claimed but not yet sent are only delayed.
public struct MailSender: Sendable {
    public struct Round: Sendable, Equatable {
        /// Rows the round took: a full batch means more may be due.
        public var claimed = 0
        public var sent = 0
        public var retried = 0
        public var failed = 0
        public var bounced = 0

        public init() {}
    }

    public let transport: any MailTransport
    public let sender: Mailbox
    /// Rows one round claims: at most this many messages per connection.
    public var batchSize = 50
    /// How long a claim holds. A round starts no message after half of it, and each reply waits at most a minute
    /// (a message takes four), so a live sender's claim never lapses while it sends.
    public var lease: TimeInterval = 900
    /// After this many attempts a message is given up.
    public var maximumAttempts = 8

    public init(transport: any MailTransport, sender: Mailbox) {
        self.transport = transport
        self.sender = sender
    }

    /// Waits after the nth failed attempt: a minute, then longer, up to twelve hours.
    static func backoff(afterAttempt attempt: Int) -> TimeInterval {
        let minutes = [1, 5, 15, 60, 180, 360, 720]
        return TimeInterval(minutes[min(max(attempt, 1), minutes.count) - 1] * 60)
    }

    /// Sends what is due, one batch, and says what became of it.
    /// - Parameter deadline: no message is started after it (nor after half the lease); the rest go back.
    public func runRound(
        on database: any Database, until deadline: Date? = nil, now: @Sendable () -> Date = { Date() }
    ) async throws -> Round {
        let (claimed, unsendable) = try await claim(on: database, now: now())
        var round = Round()
        round.claimed = claimed.count + unsendable
        round.failed = unsendable
        guard !claimed.isEmpty else { return round }
        var reported = Set<Int>()
        let messages = claimed.map(\.message)
        var stopped: (any Error)?
        do {
            let leaseDeadline = Date().addingTimeInterval(lease / 2)
            try await transport.send(messages, deadline: min(deadline ?? leaseDeadline, leaseDeadline)) {
                index, error in
                let row = claimed[index]
                reported.insert(index)
                try await record(row, error: error, on: database, now: now(), into: &round)
            }
        } catch {
            stopped = error
        }
        // What wasn't tried (the connection or the login failed, or the round ran out of time) goes back, its
        // attempt not counted.
        for (index, row) in claimed.enumerated() where !reported.contains(index) {
            try await release(row, error: stopped, on: database, now: now())
            round.retried += 1
        }
        return round
    }

    struct ClaimedRow {
        /// A row claimed with an address nothing can be sent to: it is only marked failed.
        static func unsendable(id: Int, kind: MailKind, leaseUntil: Date) throws -> ClaimedRow {
            let nowhere = try Mailbox(name: nil, address: MailAddress("nowhere@invalid.example"))
            return ClaimedRow(
                id: id, attempts: 0, userID: nil, kind: kind, leaseUntil: leaseUntil,
                message: MailMessage(
                    from: nowhere, to: nowhere, subject: "", text: "", html: "", messageID: "", date: Date()))
        }

        let id: Int
        let attempts: Int
        let userID: Int?
        let kind: MailKind
        /// The claim's end as written: every later write names it, so a sender whose claim lapsed and was taken
        /// by another changes nothing.
        let leaseUntil: Date
        let message: MailMessage
    }

    /// The due rows this round takes, oldest first, and how many of them it marked failed at once (an address
    /// mail can't go to).
    func claim(on database: any Database, now: Date) async throws -> (rows: [ClaimedRow], unsendable: Int) {
        let sql = try Outbox.sqlDatabase(database)
        let lock: SQLQueryString = try SQLFlavor(sql) == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        // Whole milliseconds, so the value reads back equal on both databases.
        let leaseUntil = Date(
            timeIntervalSince1970: (now.addingTimeInterval(lease).timeIntervalSince1970 * 1_000).rounded() / 1_000)
        let rows = try await sql.raw(
            """
            UPDATE email_outbox SET status = 'sending', lease_until = \(bind: leaseUntil),
              attempts = attempts + 1
            WHERE id IN (
              SELECT id FROM email_outbox
              WHERE (status = 'pending' AND next_attempt_at <= \(bind: now))
                 OR (status = 'sending' AND lease_until < \(bind: now))
              ORDER BY next_attempt_at, id LIMIT \(bind: batchSize)\(lock))
            RETURNING id, kind, attempts, user_id, to_address, to_name, subject, text_body, html_body, message_id,
              unsubscribe_url, created_at
            """
        ).all()
        var claimed: [ClaimedRow] = []
        var unsendable = 0
        for row in rows {
            let id = try row.decode(column: "id", as: Int.self)
            let attempts = try row.decode(column: "attempts", as: Int.self)
            let address = try row.decode(column: "to_address", as: String.self)
            let kind = MailKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .test
            guard let recipient = try? MailAddress(address) else {
                try await finish(
                    try ClaimedRow.unsendable(id: id, kind: kind, leaseUntil: leaseUntil), as: .failed,
                    error: "not an address mail can be sent to", on: database, now: now)
                unsendable += 1
                continue
            }
            let name = try row.decode(column: "to_name", as: String?.self)
            // A name that can't be a header (a line break in it) is left out; the address alone still delivers.
            let named = try? Mailbox(name: name, address: recipient)
            let to = try named ?? Mailbox(name: nil, address: recipient)
            claimed.append(
                ClaimedRow(
                    id: id, attempts: attempts, userID: try row.decode(column: "user_id", as: Int?.self), kind: kind,
                    leaseUntil: leaseUntil,
                    message: MailMessage(
                        from: sender, to: to, subject: try row.decode(column: "subject", as: String.self),
                        text: try row.decode(column: "text_body", as: String.self),
                        html: try row.decode(column: "html_body", as: String.self),
                        messageID: try row.decode(column: "message_id", as: String.self), date: now,
                        unsubscribeURL: try row.decode(column: "unsubscribe_url", as: String?.self))))
        }
        // Oldest first, as claimed.
        return (claimed.sorted { $0.id < $1.id }, unsendable)
    }

    func record(_ row: ClaimedRow, error: (any Error)?, on database: any Database, now: Date, into round: inout Round)
        async throws
    {
        guard let error else {
            try await finish(row, as: .sent, error: nil, on: database, now: now)
            round.sent += 1
            return
        }
        let smtp = error as? SMTPError
        if smtp?.isPermanent == true || row.attempts >= maximumAttempts {
            try await finish(row, as: .failed, error: "\(error)", on: database, now: now)
            round.failed += 1
            if smtp?.isBounce == true {
                try await markBouncing(row.message.to.address, on: database, now: now)
                round.bounced += 1
            }
        } else {
            try await retry(
                row, error: error, after: Self.backoff(afterAttempt: row.attempts), on: database, now: now)
            round.retried += 1
        }
    }

    /// The row is done: sent, or given up. A sent link's token is no longer needed in the stored copy, and is
    /// taken out of it, so the table holds no reset or confirmation link that works.
    func finish(_ row: ClaimedRow, as status: MailStatus, error: String?, on database: any Database, now: Date)
        async throws
    {
        let redacts = [.passwordReset, .welcome].contains(row.kind) && status == .sent
        let text = redacts ? Outbox.redactingTokens(row.message.text) : nil
        let html = redacts ? Outbox.redactingTokens(row.message.html) : nil
        try await Outbox.sqlDatabase(database).raw(
            """
            UPDATE email_outbox SET status = \(bind: status.rawValue), lease_until = NULL,
              sent_at = \(bind: status == .sent ? now : nil), last_error = \(bind: error.map { String($0.prefix(1_000)) }),
              text_body = COALESCE(\(bind: text), text_body), html_body = COALESCE(\(bind: html), html_body)
            WHERE id = \(bind: row.id) AND status = 'sending' AND lease_until = \(bind: row.leaseUntil)
            """
        ).run()
    }

    func retry(_ row: ClaimedRow, error: any Error, after delay: TimeInterval, on database: any Database, now: Date)
        async throws
    {
        try await Outbox.sqlDatabase(database).raw(
            """
            UPDATE email_outbox SET status = 'pending', lease_until = NULL,
              next_attempt_at = \(bind: now.addingTimeInterval(delay)), last_error = \(bind: String("\(error)".prefix(1_000)))
            WHERE id = \(bind: row.id) AND status = 'sending' AND lease_until = \(bind: row.leaseUntil)
            """
        ).run()
    }

    /// A claimed row that was never tried: back to pending, its attempt not counted.
    func release(_ row: ClaimedRow, error: (any Error)?, on database: any Database, now: Date) async throws {
        let reason = error.map { String("\($0)".prefix(1_000)) } ?? "the round ran out of time; left for the next"
        try await Outbox.sqlDatabase(database).raw(
            """
            UPDATE email_outbox SET status = 'pending', lease_until = NULL, attempts = \(bind: max(row.attempts - 1, 0)),
              next_attempt_at = \(bind: error == nil ? now : now.addingTimeInterval(Self.backoff(afterAttempt: 1))),
              last_error = \(bind: reason)
            WHERE id = \(bind: row.id) AND status = 'sending' AND lease_until = \(bind: row.leaseUntil)
            """
        ).run()
    }

    /// A server refused the address for good: the accounts with it get no more mail they may stop.
    func markBouncing(_ address: MailAddress, on database: any Database, now: Date) async throws {
        try await Outbox.sqlDatabase(database).raw(
            """
            UPDATE users SET email_bouncing_since = \(bind: now)
            WHERE lower(email) = \(bind: address.text.lowercased()) AND email_bouncing_since IS NULL
            """
        ).run()
    }
}
