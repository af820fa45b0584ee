import FluentKit
import Foundation

/// One e-mail in the outbox (`email_outbox`): rendered when the event that causes it is committed, in the same
/// transaction, then sent by the sender job, retried with backoff, and kept as a record of what went out.
public final class OutboxMessage: Model, @unchecked Sendable {
    public static let schema = "email_outbox"

    // managed fields
    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    // data fields
    @Enum(key: "kind") public var kind: MailKind
    @Field(key: "to_address") public var toAddress: String
    @OptionalField(key: "to_name") public var toName: String?
    @Field(key: "language") public var language: String
    @Field(key: "subject") public var subject: String
    @Field(key: "text_body") public var textBody: String
    @Field(key: "html_body") public var htmlBody: String
    @Field(key: "message_id") public var messageID: String
    @OptionalField(key: "unsubscribe_url") public var unsubscribeURL: String?
    @OptionalField(key: "dedupe_key") public var dedupeKey: String?
    @Enum(key: "status") public var status: MailStatus
    @Field(key: "attempts") public var attempts: Int
    @Field(key: "next_attempt_at") public var nextAttemptAt: Date
    @OptionalField(key: "lease_until") public var leaseUntil: Date?
    @OptionalField(key: "last_error") public var lastError: String?
    @OptionalField(key: "sent_at") public var sentAt: Date?

    // relationships
    @OptionalParent(key: "user_id") public var user: User?

    public init() {}
}
