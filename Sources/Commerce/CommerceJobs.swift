import FluentKit
import Foundation
import SQLKit
import Schema

/// The commerce jobs every serving instance runs on a schedule, and `creatorflix run-jobs` runs once. On
/// PostgreSQL each job takes a transaction-level advisory lock first, so with several instances one runs it and
/// the others skip that round; the jobs' guarded UPDATEs would be safe twice anyway, but need not run twice.
public enum CommerceJobs {
    public enum Job: String, CaseIterable, Sendable {
        case expireSubscriptions = "expire-subscriptions"
        case abandonCheckouts = "abandon-checkouts"

        /// Advisory lock keys: arbitrary, fixed, and distinct from the whitelabel sync's.
        var lockKey: Int64 {
            switch self {
            case .expireSubscriptions: 0x4346_0001  // "CF" 1
            case .abandonCheckouts: 0x4346_0002
            }
        }
    }

    /// Runs one job and returns how many rows it changed, or nil when another instance holds it right now.
    public static func run(
        _ job: Job, abandonAfterMinutes: Int, on database: any Database, now: Date = Date()
    ) async throws -> Int? {
        try await database.transaction { transaction in
            let sql = try SubscriptionLifecycle.sqlDatabase(transaction)
            if try SQLFlavor(sql) == .postgres {
                let locked = try await sql.raw("SELECT pg_try_advisory_xact_lock(\(bind: job.lockKey)) AS locked").first()?
                    .decode(column: "locked", as: Bool.self)
                guard locked == true else { return nil }
            }
            switch job {
            case .expireSubscriptions: return try await SubscriptionLifecycle.expireDue(on: transaction, now: now)
            case .abandonCheckouts:
                return try await SubscriptionLifecycle.abandonStale(olderThanMinutes: abandonAfterMinutes, on: transaction, now: now)
            }
        }
    }
}
