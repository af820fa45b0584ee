/// Seed step 0003 (`0003_deep_thunderbird`): a user's display name, and `subscription_status`, an integer
/// summary of the user's subscriptions (see `UserSubscriptionStatus`).
struct AddUserNameAndSubscriptionStatus: SchemaStep {
    var name: String { "0003_deep_thunderbird" }

    static let name = ColumnDefinition.text("name")
    static let subscriptionStatus = ColumnDefinition.integer(
        "subscription_status", default: .integer(UserSubscriptionStatus.none.rawValue))

    func forward(on schema: SchemaConnection) async throws {
        try await schema.addColumn(Self.name, to: "users")
        try await schema.addColumn(Self.subscriptionStatus, to: "users")
    }

    func backward(on schema: SchemaConnection) async throws {
        try await schema.dropColumn(Self.subscriptionStatus.name, from: "users")
        try await schema.dropColumn(Self.name.name, from: "users")
    }
}
