/// Our step 0020: a second sealed secret per gateway. Mercado Pago signs its webhooks with a secret of their own,
/// apart from the access token that `secret_key` holds; both are stored encrypted (`SecretBox`).
struct AddGatewayWebhookSecret: SchemaStep {
    var name: String { "0020_add_gateway_webhook_secret" }

    func forward(on schema: SchemaConnection) async throws {
        try await schema.addColumn(.text("webhook_secret"), to: "payment_gateways")
    }

    func backward(on schema: SchemaConnection) async throws {
        try await schema.dropColumn("webhook_secret", from: "payment_gateways")
    }
}
