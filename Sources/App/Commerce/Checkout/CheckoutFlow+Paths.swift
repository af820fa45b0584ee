import Commerce

extension CheckoutFlow {
    /// The payment page of a checkout, with its status token: where the buyer lands after starting it, and where
    /// a provider's own payment page sends them back to.
    static func paymentPagePath(checkoutID: Int, appSecret: String) -> String {
        SiteURL.payment(checkoutID).path + "?token=" + statusToken(checkoutID: checkoutID, appSecret: appSecret)
    }

    /// Where a buyer paying on the provider's own page goes first: our page that forwards them there.
    static func providerPagePath(checkoutID: Int, appSecret: String) -> String {
        SiteURL.paymentProviderPage(checkoutID).path + "?token=" + statusToken(checkoutID: checkoutID, appSecret: appSecret)
    }
}
