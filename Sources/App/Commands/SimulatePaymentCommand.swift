import Fluent
import Payments
import Schema
import Vapor

/// `creatorflix simulate-payment --checkout ID` (or `--subscription ID`, its next renewal): plays the sandbox provider (`SimulatedPayment`) against the
/// running site, over HTTP.
struct SimulatePaymentCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "checkout", help: "The checkout's id.")
        var checkout: Int?
        @Option(name: "subscription", help: "Instead: a subscription whose next renewal the sandbox charges.")
        var subscription: Int?
        @Option(name: "status", help: "paid (default), failed, refunded or charged_back.")
        var status: String?
        @Option(name: "url", help: "The running site's address; default PUBLIC_URL, else http://127.0.0.1:<PORT>.")
        var url: String?
    }

    var help: String {
        "Sends a signed sandbox postback for a checkout, or a subscription's next renewal, to the running site's webhook."
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let status = ChargeStatus(rawValue: signature.status ?? "paid") else {
            throw SimulatedPayment.Refused("--status is paid, failed, refunded or charged_back.")
        }
        let base = signature.url ?? app.configuration.publicURL ?? "http://127.0.0.1:\(app.configuration.port)"
        let delivery: SimulatedPayment.Delivery
        let what: String
        switch (signature.checkout, signature.subscription) {
        case (let id?, nil):
            guard let checkout = try await Checkout.find(id, on: app.db) else {
                throw SimulatedPayment.Refused("There is no checkout with that id.")
            }
            delivery = try await SimulatedPayment.send(status, for: checkout, siteAddress: base, application: app)
            what = "Checkout \(id)"
        case (nil, let id?):
            guard let subscription = try await Subscription.find(id, on: app.db) else {
                throw SimulatedPayment.Refused("There is no subscription with that id.")
            }
            delivery = try await SimulatedPayment.sendRenewal(
                status, for: subscription, siteAddress: base, application: app)
            what = "Subscription \(id)'s renewal"
        default:
            throw SimulatedPayment.Refused("Give either --checkout ID or --subscription ID.")
        }
        guard delivery.status == .ok else {
            throw SimulatedPayment.Refused("The site answered \(delivery.status.code): \(delivery.answer)")
        }
        context.console.success("\(what): \(status.rawValue) postback sent; the site answered \(delivery.answer)")
    }
}
