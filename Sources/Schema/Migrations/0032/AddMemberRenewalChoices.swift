/// Our step 0032: what a member decided of their own subscription's renewal.
/// - `subscriptions.cancelled_at`: when renewal was turned off, by the member or at the provider; cleared when it
///   is turned back on. Access runs to the end either way. The revenue page counts cancellations by it.
/// - `subscriptions.next_plan_id`: the plan the member switched to, which takes effect at the next renewal. No
///   foreign key (SQLite can't add one to a table in place); a plan named here counts as in use and can't be
///   deleted (`PlanAdministration.delete`).
/// - `subscription_audits.action` gains `renewal_stopped`, an admin turning renewal off.
struct AddMemberRenewalChoices: SchemaStep {
    var name: String { "0032_add_member_renewal_choices" }

    func forward(on schema: SchemaConnection) async throws {
        try await schema.addColumn(.timestamp("cancelled_at"), to: "subscriptions")
        try await schema.addColumn(.integer("next_plan_id"), to: "subscriptions")
        try await schema.remakeEnumChecks(
            of: CreateSubscriptionAudits.audits, indexes: CreateSubscriptionAudits.indexes)
    }

    func backward(on schema: SchemaConnection) async throws {
        // The entries go with the action; the CHECK keeps allowing it, harmlessly.
        try await schema.execute(#"DELETE FROM "subscription_audits" WHERE "action" = 'renewal_stopped'"#)
        try await schema.dropColumn("next_plan_id", from: "subscriptions")
        try await schema.dropColumn("cancelled_at", from: "subscriptions")
    }
}
