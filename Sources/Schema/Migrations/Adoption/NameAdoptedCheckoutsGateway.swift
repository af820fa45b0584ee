import FluentKit
import SQLKit

/// Adoption's third step, right after ours that added `checkouts.gateway` (0023). The original app named no
/// gateway on a checkout, and ran one at a time, so its checkouts with a charge id get the name of the one
/// active gateway: a postback for a checkout still pending then finds it. This runs only on an adopted database
/// (one with steps recorded in `AdoptionOptions.adoptedBatch`), and names nothing unless exactly one gateway is
/// active.
struct NameAdoptedCheckoutsGateway: SchemaStep {
    var name: String { "adopt_checkout_gateways" }

    func forward(on schema: SchemaConnection) async throws {
        guard schema.flavor == .postgres,
            try await schema.sql.raw("SELECT to_regclass('public._fluent_migrations') IS NOT NULL AS present").first()?
                .decode(column: "present", as: Bool.self) == true
        else { return }
        let adopted =
            try await schema.sql.raw(
                "SELECT count(*) AS n FROM _fluent_migrations WHERE batch = \(bind: AdoptionOptions.adoptedBatch)"
            ).first()?.decode(column: "n", as: Int.self) ?? 0
        guard adopted > 0 else { return }
        let active = try await schema.sql.raw("SELECT name FROM payment_gateways WHERE is_active").all()
        guard active.count == 1 else { return }
        try await schema.sql.raw(
            """
            UPDATE checkouts SET gateway = \(bind: try active[0].decode(column: "name", as: String.self))
            WHERE gateway IS NULL AND external_id IS NOT NULL
            """
        ).run()
    }

    /// The names stay: the column they are in is 0023's, which reverts on its own.
    func backward(on schema: SchemaConnection) async throws {}
}
