/// Our step 0028: a plan is sold once for `duration` days (the seed's kind) or renews by itself every
/// `billing_period` (an ISO 8601 duration, `P1M`), optionally at another price for the first period. Existing
/// plans are one-time, as they were.
struct AddRecurringPlans: SchemaStep {
    var name: String { "0028_add_recurring_plans" }

    static let billing = CheckedEnumColumn("plans", "billing", PlanBilling.self)

    func forward(on schema: SchemaConnection) async throws {
        try await schema.addColumn(.enumText("billing", notNull: true, default: PlanBilling.oneTime), to: "plans")
        try await schema.addColumn(.text("billing_period"), to: "plans")
        try await schema.addColumn(.integer("first_period_price"), to: "plans")
        guard schema.flavor == .postgres else { return }
        try await schema.addCheck(Self.billing)
        // The domain (PlanAdministration) refuses a recurring plan without a period; this holds raw writes to it.
        try await schema.execute(
            """
            ALTER TABLE "plans" ADD CONSTRAINT "plans_recurring_has_a_period_check"
            CHECK ("billing" <> 'recurring' OR "billing_period" IS NOT NULL)
            """)
    }

    func backward(on schema: SchemaConnection) async throws {
        if schema.flavor == .postgres {
            try await schema.execute(
                #"ALTER TABLE "plans" DROP CONSTRAINT IF EXISTS "plans_recurring_has_a_period_check""#)
            try await schema.dropCheck(Self.billing)
        }
        try await schema.dropColumn("first_period_price", from: "plans")
        try await schema.dropColumn("billing_period", from: "plans")
        try await schema.dropColumn("billing", from: "plans")
    }
}
