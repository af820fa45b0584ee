import Schema

/// `payment_code` holds what the buyer pays with: a Pix checkout's "copia e cola", or the provider's own page for a
/// card paid there (Mercado Pago's Checkout Pro). These name the two readings.
extension Checkout {
    public var pixCode: String? { paymentMethod == .pix ? paymentCode : nil }

    /// The provider's page for a card checkout, when it is an http(s) address.
    public var providerPageURL: String? {
        guard paymentMethod == .creditCard, let code = paymentCode,
            code.hasPrefix("https://") || code.hasPrefix("http://")
        else {
            return nil
        }
        return code
    }
}
