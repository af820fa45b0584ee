import FluentKit
import Foundation
import SQLKit

/// `Subscription.grantsAccess(at:)` in SQL, for the queries that count or filter many rows at once (the revenue
/// report, the dashboard, the expiry job): a subscription lets its member in while it is active and unended, or
/// past due and inside its grace. One condition, so every count agrees with the door.
public enum SubscriptionAccess {
    /// The condition on the `subscriptions` row named `alias` in the query.
    public static func sqlCondition(on alias: String = "subscriptions", at now: Date) -> SQLQueryString {
        """
        ((\(ident: alias).status = 'active' AND (\(ident: alias).end_date IS NULL OR \(ident: alias).end_date > \(bind: now))) \
        OR (\(ident: alias).status = 'past_due' AND \(ident: alias).grace_ends_at > \(bind: now)))
        """
    }

    /// How many subscriptions let their member in at `now`.
    public static func count(on database: any Database, at now: Date) async throws -> Int {
        guard let sql = database as? any SQLDatabase else {
            throw UnsupportedDatabaseError(dialectName: "\(type(of: database))")
        }
        return try await sql.raw("SELECT COUNT(*) AS granted FROM subscriptions WHERE " + sqlCondition(at: now))
            .first()?.decode(column: "granted", as: Int.self) ?? 0
    }
}
