import Fluent
import Payments
import Schema
import Vapor

/// The provider behind a `payment_gateways` row, with its secret opened from storage.
enum PaymentProviders {
    /// Provider names the platform speaks; a row with another name can't take payments or postbacks.
    static let supported = ["sandbox"]

    /// The Pix receiver's city on the sandbox's BR Codes; real providers use their own account's data.
    static let sandboxCity = "Sao Paulo"

    static func provider(for gateway: PaymentGateway, appSecret: String, siteName: String) throws -> (any PaymentProvider)? {
        switch gateway.name {
        case "sandbox":
            // Without a secret nothing can be verified; an empty one would accept anything signed with "".
            guard let sealed = gateway.secretKey, !sealed.isEmpty else { return nil }
            guard let secret = try? SecretBox(appSecret: appSecret).open(sealed) else { throw UnreadableGatewaySecret(gateway: gateway.name) }
            return SandboxGateway(
                secret: secret,
                pix: .init(key: gateway.publicKey ?? "pix@creatorflix.invalid", merchantName: siteName, merchantCity: sandboxCity))
        default:
            return nil
        }
    }
}

/// A stored gateway secret that doesn't open: sealed under another `APP_SECRET`, or edited in the database.
struct UnreadableGatewaySecret: AbortError {
    let gateway: String
    var status: HTTPResponseStatus { .serviceUnavailable }
    var reason: String {
        "The \(gateway) gateway's secret can't be read (was APP_SECRET changed?). An admin must enter it again."
    }
}
