import FluentKit
import Foundation
import SQLKit
import Schema

extension Database {
    /// Creates an account directly in the database, as a fixture. Its password hash opens nothing: the domains'
    /// tests that need a password go through the application's.
    @discardableResult
    public func makeUser(_ email: String, name: String? = "Ana Souza", role: UserRole = .user) async throws -> User {
        let user = User(name: name, email: email, passwordHash: "$2b$04$not-a-hash-any-password-opens", role: role)
        try await user.create(on: self)
        return user
    }
}

extension Database {
    /// Active sidebar spots, "Ad 0", "Ad 1", …, as fixtures.
    public func makeAds(count: Int) async throws -> [Ad] {
        var ads: [Ad] = []
        for index in 0..<count {
            let ad = Ad(
                name: "Ad \(index)", type: .spot, placement: .sidebar, status: .active, title: "Ad \(index)",
                link: "https://example.com/\(index)")
            try await ad.create(on: self)
            ads.append(ad)
        }
        return ads
    }
}

/// One ad's rolled-up day in one placement.
public struct AdDailyCount: Equatable, Sendable {
    public var impressions = 0
    public var clicks = 0

    public init(impressions: Int = 0, clicks: Int = 0) {
        self.impressions = impressions
        self.clicks = clicks
    }
}

extension Database {
    /// The rolled-up days in `ad_daily_counts`, by "adID/placement/day".
    public func adDailyCounts() async throws -> [String: AdDailyCount] {
        var result: [String: AdDailyCount] = [:]
        for row in try await (try sql).raw("SELECT ad_id, placement, day, impressions, clicks FROM ad_daily_counts")
            .all()
        {
            let ad = try row.decode(column: "ad_id", as: Int.self)
            let placement = try row.decode(column: "placement", as: String.self)
            let day = try row.decode(column: "day", as: String.self)
            result["\(ad)/\(placement)/\(day)"] = AdDailyCount(
                impressions: try row.decode(column: "impressions", as: Int.self),
                clicks: try row.decode(column: "clicks", as: Int.self))
        }
        return result
    }
}

extension Database {
    /// Thirty days of sales on a R$ 29,90 monthly plan with two order bumps, as of `now`, for the revenue report:
    /// - today, two Pix checkouts paid (R$ 39,80 with the photos bump, R$ 29,90), one pending, one abandoned with
    ///   the photos bump;
    /// - two days ago, a card checkout paid (R$ 79,70 with the call bump); another card checkout failed;
    /// - forty days ago, a Pix checkout made and paid (R$ 99,99): outside every 30-day figure;
    /// - subscribers whose access ends in 3 days (a@), in 10 days (b@), and yesterday (c@).
    public func makeSalesHistory(now: Date) async throws {
        let day: TimeInterval = 86_400
        let plan = Plan(name: "Mensal", price: 2_990, duration: 30)
        try await plan.create(on: self)
        let photos = OrderBump(name: "Fotos", price: 990, isActive: true, displayOrder: 1)
        let call = OrderBump(name: "Chamada", price: 4_990, isActive: true, displayOrder: 2)
        try await photos.create(on: self)
        try await call.create(on: self)
        let photosID = try photos.requireID()
        let callID = try call.requireID()
        // (method, status, total, bumps, paid days ago)
        let rows: [(PaymentMethod, CheckoutStatus, Int, [Int], Double?)] = [
            (.pix, .paid, 3_980, [photosID], 0), (.pix, .paid, 2_990, [], 0), (.pix, .pending, 2_990, [], nil),
            (.pix, .abandoned, 3_980, [photosID], nil), (.creditCard, .paid, 7_970, [callID], 2),
            (.creditCard, .failed, 2_990, [], nil), (.pix, .paid, 9_999, [], 40),
        ]
        for (method, status, total, bumps, paidDaysAgo) in rows {
            let checkout = Checkout(
                userID: nil, planID: plan.id, paymentMethod: method, orderBumpIDs: bumps, totalAmount: total)
            checkout.status = status
            checkout.paidAt = paidDaysAgo.map { now.addingTimeInterval(-$0 * day) }
            try await checkout.create(on: self)
        }
        // Made at `now`, which need not be the clock's time, but for the oldest.
        try await (try sql).raw("UPDATE checkouts SET created_at = \(bind: now)").run()
        try await (try sql).raw(
            "UPDATE checkouts SET created_at = \(bind: now.addingTimeInterval(-40 * day)) WHERE total_amount = 9999"
        ).run()
        for (email, endsIn) in [("a@example.com", 3.0), ("b@example.com", 10.0), ("c@example.com", -1.0)] {
            let user = try await makeUser(email)
            try await Subscription(
                userID: user.id, planID: plan.id, startDate: now.addingTimeInterval(-day),
                endDate: now.addingTimeInterval(endsIn * day), status: .active
            ).create(on: self)
        }
    }
}
