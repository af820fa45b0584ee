import Schema

/// What a checkout costs, computed on the server from the plan and the order bumps the buyer ticked. Amounts a
/// client sends are never read: only the ids of what was chosen.
public enum CheckoutPricing {
    public enum Problem: Error, Equatable, Sendable {
        /// A ticked bump that doesn't exist or was switched off since the page was shown.
        case bumpUnavailable(id: Int)
    }

    public struct Priced: Equatable, Sendable {
        /// Cents.
        public let totalAmount: Int
        /// The bumps charged, in their display order, without repeats.
        public let bumpIDs: [Int]
    }

    /// The plan's price plus each selected bump once. A bump that isn't active refuses the whole checkout rather
    /// than being dropped quietly: the buyer must see what they pay for.
    /// - Parameter firstPeriod: the purchase starts a recurring plan's first period, which costs the plan's
    ///   `first_period_price` when it has one (a first-month offer); later periods cost the plan's price.
    public static func price(
        plan: Plan, selectedBumpIDs: [Int], bumps: [OrderBump], firstPeriod: Bool = false
    ) throws(Problem) -> Priced {
        let byID = Dictionary(
            bumps.compactMap { bump in bump.id.map { ($0, bump) } }, uniquingKeysWith: { first, _ in first })
        var chosen: [OrderBump] = []
        for id in Set(selectedBumpIDs) {
            guard let bump = byID[id], bump.isActive else { throw .bumpUnavailable(id: id) }
            chosen.append(bump)
        }
        chosen.sort { ($0.displayOrder, $0.id ?? 0) < ($1.displayOrder, $1.id ?? 0) }
        let planAmount = firstPeriod ? firstPeriodPrice(of: plan) ?? plan.price : plan.price
        return Priced(totalAmount: planAmount + chosen.reduce(0) { $0 + $1.price }, bumpIDs: chosen.compactMap(\.id))
    }

    /// A recurring plan's first-period offer, when it has one.
    public static func firstPeriodPrice(of plan: Plan) -> Int? {
        plan.billing == .recurring ? plan.firstPeriodPrice : nil
    }
}
