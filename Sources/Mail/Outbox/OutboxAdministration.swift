import FluentKit
import Foundation
import Schema

/// The admin's view of the outbox: what went out, what waits, what failed and why, and sending one again.
public enum OutboxAdministration {
    public struct Filter: Sendable, Equatable {
        public var status: MailStatus?
        public var kind: MailKind?
        /// Part of the recipient's address, any case.
        public var address: String?

        public init(status: MailStatus? = nil, kind: MailKind? = nil, address: String? = nil) {
            self.status = status
            self.kind = kind
            self.address = address.flatMap { $0.isEmpty ? nil : String($0.prefix(254)).lowercased() }
        }
    }

    public static let pageSize = 50

    /// One page of messages, newest first, and whether another follows.
    public static func page(_ filter: Filter, page: Int, on database: any Database) async throws -> (
        messages: [OutboxMessage], hasNextPage: Bool
    ) {
        let query = OutboxMessage.query(on: database)
        if let status = filter.status { query.filter(\.$status == status) }
        if let kind = filter.kind { query.filter(\.$kind == kind) }
        if let address = filter.address { query.filter(\.$toAddress ~~ address) }
        let page = max(1, min(page, 10_000))
        let rows = try await query.sort(\.$id, .descending).offset((page - 1) * pageSize).limit(pageSize + 1).all()
        return (Array(rows.prefix(pageSize)), rows.count > pageSize)
    }

    /// Queues the message again as a new one (a new Message-ID, so no reader takes it for the first), due now.
    /// Returns the new row's id.
    public static func resend(_ message: OutboxMessage, on database: any Database, now: Date = Date()) async throws
        -> Int
    {
        let copy = OutboxMessage()
        copy.kind = message.kind
        copy.$user.id = message.$user.id
        copy.toAddress = message.toAddress
        copy.toName = message.toName
        copy.language = message.language
        copy.subject = message.subject
        copy.textBody = message.textBody
        copy.htmlBody = message.htmlBody
        let domain = message.messageID.split(separator: "@").last.map(String.init) ?? "localhost"
        copy.messageID = "\(UUID().uuidString.lowercased())@\(domain)"
        copy.unsubscribeURL = message.unsubscribeURL
        copy.status = .pending
        copy.attempts = 0
        copy.nextAttemptAt = now
        try await copy.create(on: database)
        return try copy.requireID()
    }

    /// Messages given up since `moment`: what the dashboard warns about.
    public static func failedCount(since moment: Date, on database: any Database) async throws -> Int {
        try await OutboxMessage.query(on: database).filter(\.$status == .failed).filter(\.$createdAt >= moment)
            .count()
    }
}
