import FluentKit
import Foundation
import Schema

/// Postbacks that changed nothing are kept for a while (`payment_events_retention_days`), for an admin looking
/// into a payment, and then deleted: rejected ones, repeats, pending states, and those left for a retry. What
/// moved money or needs the admin (applied, an unknown charge to refund, a wrong amount) stays.
public enum PaymentEventRetention {
    public static let prunedOutcomes: [PostbackProcessor.Outcome] = [
        .rejected, .duplicate, .noChange, .alreadyApplied, .providerUnavailable,
    ]

    /// Deletes the prunable events older than `days`; returns how many.
    @discardableResult
    public static func prune(olderThanDays days: Int, on database: any Database, now: Date = Date()) async throws -> Int
    {
        let query = PaymentEvent.query(on: database)
            .filter(\.$outcome ~~ prunedOutcomes.map(\.rawValue))
            .filter(\.$receivedAt < now.addingTimeInterval(-TimeInterval(days) * 86_400))
        let count = try await query.count()
        if count > 0 { try await query.delete() }
        return count
    }
}
