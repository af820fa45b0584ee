import Accounts
import FluentKit
import FluentSQL
import Foundation
import Localization
import Schema

/// Subscriptions as admins see and change them: the list (by status and e-mail), manual grant, extend and
/// expire (`SubscriptionAdjustments`, each with its audit entry), and the audit log.
public enum SubscriptionAdministration {
    public static let pageSize = 50

    public struct Listing: Sendable {
        public let subscriptions: [Subscription]
        public let hasMore: Bool
    }

    /// The latest manual changes, newest first (the admin page shows 50, the API 200).
    public static func latestAudits(limit: Int, on database: any Database) async throws -> [SubscriptionAudit] {
        try await SubscriptionAudit.query(on: database).with(\.$user).sort(\.$id, .descending).limit(limit).all()
    }

    public static func listing(status: SubscriptionStatus?, email: String?, page: Int, on database: any Database)
        async throws -> Listing
    {
        let query = Subscription.query(on: database).with(\.$user).with(\.$plan)
        if let status { query.filter(\.$status == status) }
        if let email, !email.isEmpty {
            query.join(User.self, on: \Subscription.$user.$id == \User.$id)
                .filter(.sql(SQLLowercasedLike.containing(email, in: "email", of: User.schema)))
        }
        let rows = try await query.sort(\.$id, .descending).range(((page - 1) * pageSize)..<(page * pageSize + 1)).all()
        return Listing(subscriptions: Array(rows.prefix(pageSize)), hasMore: rows.count > pageSize)
    }

    /// Manual changes, refused field by field.
    public enum Problem: String, RefusalReason {
        case userUnknown = "user_unknown"
        case planUnknown = "plan_unknown"
        case daysInvalid = "days_invalid"
        case alreadyExpired = "already_expired"
        case subscriptionUnknown = "subscription_unknown"
        case renewalNotOn = "renewal_not_on"

        public func message(_ copy: Copy) -> String {
            switch self {
            case .userUnknown: copy.grantUserUnknown
            case .planUnknown: copy.grantPlanUnknown
            case .daysInvalid: copy.grantDaysInvalid
            case .alreadyExpired: copy.subscriptionAlreadyExpired
            case .subscriptionUnknown: copy.subscriptionUnknown
            case .renewalNotOn: copy.subscriptionRenewalNotOn
            }
        }
    }

    /// Refused field by field: a conflict when the subscription has already ended, else invalid.
    public static func refusal(_ problems: [String: Problem]) -> Refusal {
        Refusal(
            problems.values.contains(where: { $0 == .alreadyExpired || $0 == .renewalNotOn }) ? .conflict : .invalid,
            fields: problems)
    }

    /// A grant names the user by id or e-mail; the plan is optional (the days are what counts).
    public static func grant(
        userID: Int?, email: String?, planID: Int?, days: Int?, note: String?, by admin: SubscriptionAdjustments.Admin,
        on database: any Database
    ) async throws -> Subscription {
        var problems: [String: Problem] = [:]
        var user: User?
        // An id, when given, is the answer: a wrong one is refused rather than replaced by the e-mail's owner.
        if let userID {
            user = try await User.find(userID, on: database)
        } else if let email = email.flatMap(AccountRules.normalizedEmail) {
            user = try await User.query(on: database).filter(\.$email == email).first()
        }
        if user == nil { problems[userID == nil ? "email" : "user_id"] = .userUnknown }
        if let planID, try await Plan.find(planID, on: database) == nil { problems["plan_id"] = .planUnknown }
        guard let days, SubscriptionAdjustments.dayRange.contains(days) else {
            problems["days"] = .daysInvalid
            throw refusal(problems)
        }
        guard problems.isEmpty, let userID = user?.id else { throw refusal(problems) }
        return try await SubscriptionAdjustments.grant(
            days: days, planID: planID, toUser: userID, by: admin, note: note, on: database)
    }

    public static func extend(
        _ id: Int, days: Int?, note: String?, by admin: SubscriptionAdjustments.Admin, on database: any Database
    ) async throws -> Subscription {
        guard let days, SubscriptionAdjustments.dayRange.contains(days) else { throw refusal(["days": .daysInvalid]) }
        do {
            return try await SubscriptionAdjustments.extend(
                subscriptionID: id, days: days, by: admin, note: note, on: database)
        } catch SubscriptionAdjustments.Refusal.unknownSubscription {
            throw Refusal(.notFound, reason: Problem.subscriptionUnknown)
        }
    }

    public static func expire(
        _ id: Int, note: String?, by admin: SubscriptionAdjustments.Admin,
        providers: ScheduledRenewals.Providers = .none, on database: any Database
    ) async throws -> Subscription {
        do {
            return try await SubscriptionAdjustments.expire(
                subscriptionID: id, by: admin, note: note, providers: providers, on: database)
        } catch SubscriptionAdjustments.Refusal.unknownSubscription {
            throw Refusal(.notFound, reason: Problem.subscriptionUnknown)
        } catch SubscriptionAdjustments.Refusal.alreadyExpired {
            throw refusal(["status": .alreadyExpired])
        }
    }

    public static func stopRenewal(
        _ id: Int, note: String?, by admin: SubscriptionAdjustments.Admin,
        providers: ScheduledRenewals.Providers = .none, on database: any Database
    ) async throws -> Subscription {
        do {
            return try await SubscriptionAdjustments.stopRenewal(
                subscriptionID: id, by: admin, note: note, providers: providers, on: database)
        } catch SubscriptionAdjustments.Refusal.unknownSubscription {
            throw Refusal(.notFound, reason: Problem.subscriptionUnknown)
        } catch SubscriptionAdjustments.Refusal.renewalNotOn {
            throw refusal(["auto_renew": .renewalNotOn])
        }
    }
}
