import Commerce
import Fluent
import Payments
import Schema
import Vapor

/// "Simulate payment": plays the sandbox provider for one checkout, or one subscription's renewal. It signs a postback for the checkout's charge
/// with the sandbox gateway's secret and POSTs it to a site's webhook over HTTP, so it takes the same path, and
/// the same checks, as a real provider's postback. Used by `creatorflix simulate-payment` and by the admin's
/// button on a sandbox checkout.
enum SimulatedPayment {
    /// Nothing was sent, or it could not arrive. A 409 for the API: the checkout or the site can't take it now.
    struct Refused: AbortError, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
        var status: HTTPResponseStatus { .conflict }
        var reason: String { description }
    }

    struct Delivery: Sendable {
        /// The webhook's HTTP status and body.
        let status: HTTPResponseStatus
        let answer: String
    }

    /// - Parameter siteAddress: where the site's webhook is reached, e.g. `http://127.0.0.1:8080`.
    static func send(
        _ status: ChargeStatus, for checkout: Checkout, siteAddress: String, application: Application
    ) async throws -> Delivery {
        guard let chargeID = checkout.externalID, let checkoutID = checkout.id else {
            throw Refused("Checkout \(checkout.id.map(String.init) ?? "?") has no charge to pay.")
        }
        var event = PostbackEvent(
            eventID: "sim_" + UUID().uuidString.lowercased(), chargeID: chargeID, status: status,
            amountCents: checkout.totalAmount,
            reference: String(checkoutID))
        // A recurring plan's Pix: the payer's bank authorised the recurrence with the payment.
        if status == .paid { event.recurrenceID = SandboxGateway.recurrenceID(ofCharge: chargeID) }
        return try await post(event, siteAddress: siteAddress, application: application)
    }

    /// Plays the sandbox renewing a subscription it keeps a card for: the charge of its next cycle, the one the
    /// renewal job left pending or else one the sandbox makes now, named by its `RenewalReference`.
    static func sendRenewal(
        _ status: ChargeStatus, for subscription: Subscription, siteAddress: String, application: Application
    ) async throws -> Delivery {
        guard subscription.renewalGateway == PaymentProviders.Kind.sandbox.rawValue else {
            throw Refused(
                "Subscription \(subscription.id.map(String.init) ?? "?") doesn't renew through the sandbox gateway.")
        }
        let next = try await AutomaticRenewals.nextCharge(of: subscription, on: application.db)
        let event = PostbackEvent(
            eventID: "sim_" + UUID().uuidString.lowercased(),
            chargeID: next.pendingChargeID ?? SandboxGateway.newChargeID(reference: next.reference.description),
            status: status, amountCents: next.amountCents, reference: next.reference.description)
        return try await post(event, siteAddress: siteAddress, application: application)
    }

    /// Signs the event as the sandbox and POSTs it to the site's webhook.
    private static func post(
        _ event: PostbackEvent, siteAddress: String, application: Application
    ) async throws -> Delivery {
        guard
            let gateway = try await PaymentGateway.query(on: application.db).filter(
                \.$name == PaymentProviders.Kind.sandbox.rawValue
            ).first(),
            let sealed = gateway.secretKey
        else { throw Refused("The sandbox gateway is not configured.") }
        guard let secret = try? SecretBox(appSecret: application.configuration.appSecret).open(sealed) else {
            throw UnreadableGatewaySecret(gateway: gateway.name)
        }
        let sandbox = SandboxGateway(
            secret: secret, pix: .init(key: gateway.publicKey ?? "", merchantName: "", merchantCity: ""),
            now: application.configuration.clock)
        let (headers, body) = try sandbox.signedPostback(event, at: application.configuration.clock())
        let url = siteAddress + PaymentProviders.postbackPath(gateway: gateway.name)
        let response: ClientResponse
        do {
            response = try await application.client.post(URI(string: url)) { request in
                for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
                request.body = ByteBuffer(data: body)
            }
        } catch {
            throw Refused("The webhook at \(url) could not be reached: \(error)")
        }
        return Delivery(status: response.status, answer: response.body.map { String(buffer: $0) } ?? "")
    }

    /// This instance's own address, over loopback: the admin's button posts to the server that serves it.
    static func loopbackAddress(of application: Application) -> String {
        // The bound port, which differs from the configured one when the server was asked for any free port.
        "http://127.0.0.1:\(application.http.server.shared.localAddress?.port ?? application.http.server.configuration.port)"
    }
}
