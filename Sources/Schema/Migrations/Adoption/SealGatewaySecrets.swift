import FluentKit
import Foundation
import SQLKit

/// Adoption's second step: the original app kept each payment provider's secret in clear in
/// `payment_gateways.secret_key`; CreatorFlix keeps it sealed with `APP_SECRET` (`SecretBox`, whose values read
/// `v1:`). Each clear secret is sealed in place, so the row no longer holds it, and the row's postback URL (the
/// original's) is cleared. On a database CreatorFlix made, every secret is sealed already and nothing changes.
struct SealGatewaySecrets: SchemaStep {
    var name: String { "adopt_sealed_gateway_secrets" }
    /// `SecretBox.seal` under this site's `APP_SECRET`; Schema doesn't hold the key itself.
    let seal: @Sendable (String) throws -> String

    func forward(on schema: SchemaConnection) async throws {
        let clear = try await schema.sql.raw(
            "SELECT id, secret_key FROM payment_gateways WHERE secret_key IS NOT NULL AND secret_key NOT LIKE 'v1:%'"
        ).all()
        for row in clear {
            let secret = try row.decode(column: "secret_key", as: String.self)
            // A blank secret is no secret: stored as none, so the gateway reads as not set up, not as set up with "".
            let sealed = secret.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : try seal(secret)
            // Its `postback_url` is the original app's own address: cleared, the gateway's postbacks come to the
            // address this site builds from PUBLIC_URL, in the admin's page and in the charges it asks for.
            try await schema.sql.raw(
                """
                UPDATE payment_gateways SET secret_key = \(bind: sealed), postback_url = NULL
                WHERE id = \(bind: try row.decode(column: "id", as: Int.self))
                """
            ).run()
        }
    }

    /// The secret stays sealed: putting it back in clear would undo the point of the step.
    func backward(on schema: SchemaConnection) async throws {}
}
