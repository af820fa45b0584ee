/// Our step 0032: what a member decided of their own subscription's renewal.
/// - `subscriptions.cancelled_at`: when renewal was turned off, by the member or at the provider; cleared when it
///   is turned back on. Access runs to the end either way. The revenue page counts cancellations by it.
/// - `subscriptions.next_plan_id`: the plan the member switched to, which takes effect at the next renewal. No
///   foreign key (SQLite can't add one to a table in place); a plan named here counts as in use and can't be
///   deleted (`PlanAdministration.delete`).
struct AddMemberRenewalChoices: SchemaStep {
    var name: String { "0032_add_member_renewal_choices" }

    func forward(on schema: SchemaConnection) async throws {
        try await schema.addColumn(.timestamp("cancelled_at"), to: "subscriptions")
        try await schema.addColumn(.integer("next_plan_id"), to: "subscriptions")
    }

    func backward(on schema: SchemaConnection) async throws {
        try await schema.dropColumn("next_plan_id", from: "subscriptions")
        try await schema.dropColumn("cancelled_at", from: "subscriptions")
    }
}
