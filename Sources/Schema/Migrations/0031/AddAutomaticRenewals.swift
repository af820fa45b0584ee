/// Our step 0031: what a recurring subscription renews with, and each time the renewal job charged it.
/// - `subscriptions.renewal_gateway`: the `payment_gateways.name` that holds the method; `renewal_method`: `pix` or
///   `credit_card`; `renewal_reference`: the provider's handle on it (a card it keeps, a Mercado Pago preapproval,
///   an API Pix recurrence). All NULL for a subscription renewed by hand, through the reminder's link.
/// - `renewal_attempted_at`: when the job last claimed the subscription to charge it, so another instance or a
///   rerun in the meantime charges nothing.
/// - `renewal_attempts`: one row per charge the job asked for, paid or not, for the member's history and the
///   revenue page's failed renewals. It goes with the subscription.
/// - `email_outbox.kind` gains `renewal_declined`, the notice that a renewal was declined.
struct AddAutomaticRenewals: SchemaStep {
    var name: String { "0031_add_automatic_renewals" }

    static let columns = ["renewal_gateway", "renewal_method", "renewal_reference"]

    static let attempts = TableDefinition(
        name: "renewal_attempts",
        columns: [
            .identity("id"),
            .integer("subscription_id", notNull: true),
            .integer("cycle", notNull: true),
            .integer("amount", notNull: true),
            .text("gateway", notNull: true),
            .text("charge_id"),
            .enumText("outcome", notNull: true, default: RenewalAttemptOutcome?.none),
            .text("detail"),
            .timestamp("attempted_at", notNull: true, defaultNow: true),
        ],
        foreignKeys: [.init(column: "subscription_id", referencedTable: "subscriptions", cascadesOnDelete: true)],
        enumChecks: [.init("renewal_attempts", "outcome", RenewalAttemptOutcome.self)]
    )

    // A subscription's history, and the revenue page's window.
    static let indexes: [IndexDefinition] = [
        .init(table: "renewal_attempts", columns: ["subscription_id", "attempted_at"]),
        .init(table: "renewal_attempts", columns: ["attempted_at"]),
    ]

    func forward(on schema: SchemaConnection) async throws {
        for column in Self.columns { try await schema.addColumn(.text(column), to: "subscriptions") }
        try await schema.addColumn(.timestamp("renewal_attempted_at"), to: "subscriptions")
        try await schema.create(Self.attempts)
        try await schema.create(Self.indexes)
        try await schema.remakeEnumChecks(of: CreateEmailTables.outbox, indexes: CreateEmailTables.indexes)
    }

    func backward(on schema: SchemaConnection) async throws {
        // The notices go with the kind; the CHECK keeps allowing it, harmlessly.
        try await schema.execute(#"DELETE FROM "email_outbox" WHERE "kind" = 'renewal_declined'"#)
        try await schema.drop(Self.indexes)
        try await schema.drop(Self.attempts)
        for column in ["renewal_attempted_at"] + Self.columns.reversed() {
            try await schema.dropColumn(column, from: "subscriptions")
        }
    }
}
