import FluentKit

/// A payment provider's credentials and state (`payment_gateways`). Names are unique.
public final class PaymentGateway: Model, @unchecked Sendable {
    public static let schema = "payment_gateways"

    // managed fields
    @ID(custom: "id", generatedBy: .database) public var id: Int?

    // data fields
    @Field(key: "name") public var name: String
    @OptionalField(key: "public_key") public var publicKey: String?
    /// Stored encrypted; see the commerce domain.
    @OptionalField(key: "secret_key") public var secretKey: String?
    /// The secret the provider signs its webhooks with, when it isn't `secret_key` (Mercado Pago); sealed too.
    @OptionalField(key: "webhook_secret") public var webhookSecret: String?
    @OptionalField(key: "postback_url") public var postbackURL: String?
    /// The provider's own settings as JSON (an API Pix PSP's addresses and the receiver's account); nil for none.
    @OptionalField(key: "settings") public var settings: String?
    /// The client certificate and key (PEM) a provider authenticates us by in mutual TLS; sealed like the secrets.
    @OptionalField(key: "client_certificate") public var clientCertificate: String?
    /// Takes some payment method: `takes_card` or `takes_pix`, kept so by every change (the original app's column).
    @Field(key: "is_active") public var isActive: Bool
    /// The gateway that charges cards; at most one row does.
    @Field(key: "takes_card") public var takesCard: Bool
    /// The gateway that charges Pix; at most one row does.
    @Field(key: "takes_pix") public var takesPix: Bool

    public init() {}

    public init(
        id: Int? = nil, name: String, publicKey: String? = nil, secretKey: String? = nil, postbackURL: String? = nil,
        takesCard: Bool = false, takesPix: Bool = false
    ) {
        self.id = id
        self.name = name
        self.publicKey = publicKey
        self.secretKey = secretKey
        self.postbackURL = postbackURL
        self.takesCard = takesCard
        self.takesPix = takesPix
        self.isActive = takesCard || takesPix
    }

    public func takes(_ method: PaymentMethod) -> Bool { method == .pix ? takesPix : takesCard }

    /// The column of the gateway that takes a method, for a query.
    public static func takes(_ method: PaymentMethod) -> KeyPath<PaymentGateway, FieldProperty<PaymentGateway, Bool>> {
        method == .pix ? \.$takesPix : \.$takesCard
    }

    /// The column's name, for SQL.
    public static func takesColumn(_ method: PaymentMethod) -> String { method == .pix ? "takes_pix" : "takes_card" }
}
