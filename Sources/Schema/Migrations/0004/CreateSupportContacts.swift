/// Seed step 0004 (`0004_mixed_vermin`): the support channels shown to visitors (WhatsApp, Telegram, e-mail, …).
struct CreateSupportContacts: SchemaStep {
    var name: String { "0004_mixed_vermin" }

    static let supportContacts = TableDefinition(
        name: "support_contacts",
        columns: [
            .identity("id"),
            .text("platform", notNull: true),
            .text("url", notNull: true),
            .boolean("is_active", default: true),
            .timestamp("updated_at", defaultNow: true),
        ]
    )

    func forward(on schema: SchemaConnection) async throws {
        try await schema.create(Self.supportContacts)
    }

    func backward(on schema: SchemaConnection) async throws {
        try await schema.drop(Self.supportContacts)
    }
}
