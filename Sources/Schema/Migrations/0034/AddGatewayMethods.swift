/// Our step 0034: a gateway per payment method, so that one provider can take cards while another takes Pix
/// (Mercado Pago for cards, an API Pix PSP for Pix Automático).
/// - `payment_gateways.takes_card`, `takes_pix`: this gateway is the one that charges that method. At most one row
///   takes each, which a partial unique index holds even against two admins saving at once.
/// - `is_active` stays, the original app's column: it now says the gateway takes some method, and is kept so by
///   every change. Whatever was active takes every method its provider can (API Pix takes no cards).
struct AddGatewayMethods: SchemaStep {
    var name: String { "0034_add_gateway_methods" }

    static let methods = ["takes_card", "takes_pix"]

    func forward(on schema: SchemaConnection) async throws {
        for column in Self.methods {
            try await schema.addColumn(.boolean(column, default: false), to: "payment_gateways")
        }
        try await schema.execute(
            #"UPDATE "payment_gateways" SET "takes_pix" = "is_active", "takes_card" = ("is_active" AND "name" <> 'apipix')"#
        )
        for column in Self.methods {
            try await schema.execute(
                #"CREATE UNIQUE INDEX "payment_gateways_one_\#(column)_idx" ON "payment_gateways" ("\#(column)") WHERE "\#(column)""#
            )
        }
    }

    func backward(on schema: SchemaConnection) async throws {
        for column in Self.methods.reversed() {
            try await schema.execute(#"DROP INDEX "payment_gateways_one_\#(column)_idx""#)
            try await schema.dropColumn(column, from: "payment_gateways")
        }
    }
}
