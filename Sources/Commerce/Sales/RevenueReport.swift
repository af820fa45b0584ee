import FluentKit
import Foundation
import Localization
import SQLKit
import Schema

/// The revenue dashboard's figures, over the last 30 days of the site's calendar (São Paulo):
/// - paid revenue per day, by the day the payment landed (`checkouts.paid_at`); refunded checkouts leave paid,
///   so they drop out;
/// - the conversion from checkout created to paid, per payment method;
/// - each order bump's take rate: the share of checkouts that ticked it;
/// - subscribers with access now, and the subscriptions whose access ends within 7 days (past-due ones at the
///   end of their grace).
public struct RevenueReport: Sendable {
    public struct Day: Sendable, Equatable {
        /// "yyyy-MM-dd" in São Paulo.
        public let day: String
        public let revenueCents: Int
        public let paidCount: Int
    }

    public struct Conversion: Sendable, Equatable {
        public let method: PaymentMethod
        public let created: Int
        public let paid: Int
        public var rate: Double { created == 0 ? 0 : Double(paid) / Double(created) }

        public init(method: PaymentMethod, created: Int, paid: Int) {
            self.method = method
            self.created = created
            self.paid = paid
        }
    }

    public struct BumpTake: Sendable, Equatable {
        public let bumpID: Int
        public let name: String
        public let taken: Int
        public let checkouts: Int
        public var rate: Double { checkouts == 0 ? 0 : Double(taken) / Double(checkouts) }
    }

    /// A subscription whose member loses access within the week: an active one at its end, or a past-due one
    /// (its renewal declined) at the end of its grace. `endDate` is the moment access ends.
    public struct Expiring: Sendable, Equatable {
        public let subscriptionID: Int
        public let userEmail: String
        public let planName: String?
        public let endDate: Date
        public let isPastDue: Bool
    }

    public static let windowDays = 30
    /// The most subscriptions "ending this week" lists; the count on the dashboard says the same.
    static let expiringLimit = 200

    public let days: [Day]
    public let conversions: [Conversion]
    public let bumpTakes: [BumpTake]
    public let activeSubscribers: Int
    public let expiringThisWeek: [Expiring]

    public var totalRevenueCents: Int { days.reduce(0) { $0 + $1.revenueCents } }

    public static func load(on database: any Database, now: Date = Date()) async throws -> RevenueReport {
        guard let sql = database as? any SQLDatabase else {
            throw UnsupportedDatabaseError(dialectName: "\(type(of: database))")
        }
        let firstDay = SiteClock.startOfDay(SiteClock.dayKey(now, addingDays: -(windowDays - 1))) ?? now

        // Revenue: the window's paid checkouts, summed per São Paulo day here (the two databases can't agree on
        // time-zone arithmetic in SQL).
        var revenue: [String: (cents: Int, count: Int)] = [:]
        for row in try await sql.raw(
            """
            SELECT paid_at, total_amount FROM checkouts WHERE status = 'paid' AND paid_at >= \(bind: firstDay)
            """
        ).all() {
            guard let paidAt = try row.decode(column: "paid_at", as: Date?.self) else { continue }
            let key = SiteClock.dayKey(paidAt)
            revenue[key, default: (0, 0)].cents += try row.decode(column: "total_amount", as: Int.self)
            revenue[key, default: (0, 0)].count += 1
        }
        let days = SiteClock.dayKeys(from: firstDay, to: now, limit: windowDays).map { key in
            Day(day: key, revenueCents: revenue[key]?.cents ?? 0, paidCount: revenue[key]?.count ?? 0)
        }

        let conversionRows = try await sql.raw(
            """
            SELECT payment_method, COUNT(*) AS created, SUM(CASE WHEN status = 'paid' THEN 1 ELSE 0 END) AS paid
            FROM checkouts WHERE created_at >= \(bind: firstDay) AND payment_method IS NOT NULL GROUP BY payment_method
            """
        ).all()
        var conversionByMethod: [PaymentMethod: Conversion] = [:]
        for row in conversionRows {
            guard let method = PaymentMethod(rawValue: try row.decode(column: "payment_method", as: String.self)) else {
                continue
            }
            conversionByMethod[method] = Conversion(
                method: method, created: try row.decode(column: "created", as: Int.self),
                paid: try row.decode(column: "paid", as: Int?.self) ?? 0)
        }
        let conversions = PaymentMethod.allCases.map {
            conversionByMethod[$0] ?? Conversion(method: $0, created: 0, paid: 0)
        }

        // Take rates: the ticked ids are a JSON list per checkout, read here rather than with each database's JSON functions.
        let windowCheckouts = try await Checkout.query(on: database).filter(\.$createdAt >= firstDay).field(\.$id)
            .field(\.$orderBumpIDs).all()
        var taken: [Int: Int] = [:]
        for checkout in windowCheckouts {
            for id in Set(checkout.orderBumpIDs?.value ?? []) { taken[id, default: 0] += 1 }
        }
        let bumps = try await OrderBump.query(on: database).sort(\.$displayOrder).sort(\.$id).all()
        let bumpTakes = bumps.compactMap { bump in
            bump.id.map {
                BumpTake(bumpID: $0, name: bump.name, taken: taken[$0] ?? 0, checkouts: windowCheckouts.count)
            }
        }

        let activeSubscribers =
            try await sql.raw(
                "SELECT COUNT(DISTINCT user_id) AS subscribers FROM subscriptions WHERE "
                    + SubscriptionAccess.sqlCondition(at: now)
            ).first()?.decode(column: "subscribers", as: Int.self) ?? 0

        let weekEnd = now.addingTimeInterval(7 * 86_400)
        let endingActive = try await Subscription.query(on: database)
            .filter(\.$status == .active).filter(\.$endDate > now).filter(\.$endDate <= weekEnd)
            .sort(\.$endDate).with(\.$user).with(\.$plan).limit(expiringLimit).all()
        let endingGrace = try await Subscription.query(on: database)
            .filter(\.$status == .pastDue).filter(\.$graceEndsAt > now).filter(\.$graceEndsAt <= weekEnd)
            .sort(\.$graceEndsAt).with(\.$user).with(\.$plan).limit(expiringLimit).all()
        let expiring = (endingActive + endingGrace)
            .compactMap { subscription -> Expiring? in
                let pastDue = subscription.status == .pastDue
                guard let id = subscription.id,
                    let end = pastDue ? subscription.graceEndsAt : subscription.endDate
                else { return nil }
                return Expiring(
                    subscriptionID: id, userEmail: subscription.user?.email ?? "", planName: subscription.plan?.name,
                    endDate: end, isPastDue: pastDue)
            }
            .sorted { ($0.endDate, $0.subscriptionID) < ($1.endDate, $1.subscriptionID) }
            .prefix(expiringLimit)

        return RevenueReport(
            days: days, conversions: conversions, bumpTakes: bumpTakes, activeSubscribers: activeSubscribers,
            expiringThisWeek: Array(expiring))
    }
}
