/// Our step 0030: a subscription whose renewal failed is `past_due`, with access until `grace_ends_at`. On
/// PostgreSQL the status CHECK is made again with the new value (a database made after this step has it from 0013).
struct AddSubscriptionGrace: SchemaStep {
    var name: String { "0030_add_subscription_grace" }

    static let status = CheckEnumValues.subscriptionStatus

    func forward(on schema: SchemaConnection) async throws {
        try await schema.addColumn(.timestamp("grace_ends_at"), to: "subscriptions")
        guard schema.flavor == .postgres else { return }
        try await schema.dropCheck(Self.status)
        try await schema.addCheck(Self.status)
    }

    func backward(on schema: SchemaConnection) async throws {
        // Without grace a past-due subscription has ended.
        try await schema.execute(#"UPDATE "subscriptions" SET "status" = 'expired' WHERE "status" = 'past_due'"#)
        try await schema.dropColumn("grace_ends_at", from: "subscriptions")
    }
}
