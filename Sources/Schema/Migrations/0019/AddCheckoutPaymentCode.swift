/// Our step 0019: what the payment page shows while a charge is open, kept on the checkout because the provider
/// returns it only once: the Pix "copia e cola" and when it stops being payable.
struct AddCheckoutPaymentCode: SchemaStep {
    var name: String { "0019_add_checkout_payment_code" }

    func forward(on schema: SchemaConnection) async throws {
        try await schema.addColumn(.text("payment_code"), to: "checkouts")
        try await schema.addColumn(.timestamp("payment_expires_at"), to: "checkouts")
    }

    func backward(on schema: SchemaConnection) async throws {
        try await schema.dropColumn("payment_expires_at", from: "checkouts")
        try await schema.dropColumn("payment_code", from: "checkouts")
    }
}
