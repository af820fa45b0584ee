/// Our step 0033: what an API Pix gateway needs beyond a key and a secret.
/// - `payment_gateways.settings`: the PSP's own settings as JSON (`APIPixSettings`: its addresses, the
///   receiver's Pix key and account); null for the gateways that have none.
/// - `payment_gateways.client_certificate`: the client certificate and its private key (PEM) that the PSP
///   authenticates us by in mutual TLS, sealed like the other secrets.
struct AddGatewaySettings: SchemaStep {
    var name: String { "0033_add_gateway_settings" }

    func forward(on schema: SchemaConnection) async throws {
        try await schema.addColumn(.text("settings"), to: "payment_gateways")
        try await schema.addColumn(.text("client_certificate"), to: "payment_gateways")
    }

    func backward(on schema: SchemaConnection) async throws {
        try await schema.dropColumn("client_certificate", from: "payment_gateways")
        try await schema.dropColumn("settings", from: "payment_gateways")
    }
}
