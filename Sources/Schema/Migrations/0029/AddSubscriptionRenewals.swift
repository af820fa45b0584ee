/// Our step 0029: a subscription to a recurring plan keeps the terms it was sold on and counts its cycles, and
/// each paid cycle is a checkout of its own.
/// - `subscriptions.billing_period` and `renewal_price`: the plan's period and price when it was bought, so a
///   change to the plan applies to new subscriptions only. NULL for a one-time subscription.
/// - `period_anchor` and `anchor_cycle`: cycle `n` ends at `BillingPeriod.end(ofPeriod: n - anchor_cycle,
///   anchoredAt: period_anchor)`, so renewals never drift; a lapsed subscription paid again is anchored afresh.
/// - `cycles_paid`: the highest cycle paid. `auto_renew`: whether it renews by itself.
/// - `checkouts.subscription_id` and `renewal_cycle`: the cycle a checkout paid, unique per subscription, so a
///   renewal delivered twice, late or by fifty deliveries at once extends the subscription once.
struct AddSubscriptionRenewals: SchemaStep {
    var name: String { "0029_add_subscription_renewals" }

    static let cycleIndex = "checkouts_subscription_id_renewal_cycle_key"

    func forward(on schema: SchemaConnection) async throws {
        try await schema.addColumn(.text("billing_period"), to: "subscriptions")
        try await schema.addColumn(.integer("renewal_price"), to: "subscriptions")
        try await schema.addColumn(.timestamp("period_anchor"), to: "subscriptions")
        try await schema.addColumn(.integer("anchor_cycle", notNull: true, default: .integer(0)), to: "subscriptions")
        try await schema.addColumn(.integer("cycles_paid", notNull: true, default: .integer(0)), to: "subscriptions")
        try await schema.addColumn(.boolean("auto_renew", default: false), to: "subscriptions")
        try await schema.addColumn(.integer("subscription_id"), to: "checkouts")
        try await schema.addColumn(.integer("renewal_cycle"), to: "checkouts")
        try await schema.execute(
            #"CREATE UNIQUE INDEX "\#(Self.cycleIndex)" ON "checkouts" ("subscription_id", "renewal_cycle")"#)
    }

    func backward(on schema: SchemaConnection) async throws {
        try await schema.execute(#"DROP INDEX "\#(Self.cycleIndex)""#)
        for column in ["renewal_cycle", "subscription_id"] { try await schema.dropColumn(column, from: "checkouts") }
        for column in ["auto_renew", "cycles_paid", "anchor_cycle", "period_anchor", "renewal_price", "billing_period"]
        {
            try await schema.dropColumn(column, from: "subscriptions")
        }
    }
}
