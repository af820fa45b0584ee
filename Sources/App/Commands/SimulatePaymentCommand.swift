import Fluent
import Payments
import Schema
import Vapor

/// `creatorflix simulate-payment --checkout ID`: plays the sandbox provider (`SimulatedPayment`) against the
/// running site, over HTTP.
struct SimulatePaymentCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "checkout", help: "The checkout's id.")
        var checkout: Int?
        @Option(name: "status", help: "paid (default), failed, refunded or charged_back.")
        var status: String?
        @Option(name: "url", help: "The running site's address; default PUBLIC_URL, else http://127.0.0.1:<PORT>.")
        var url: String?
    }

    var help: String { "Sends a signed sandbox postback for a checkout to the running site's webhook." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let id = signature.checkout, let checkout = try await Checkout.find(id, on: app.db) else {
            throw SimulatedPayment.Refused("There is no checkout with that id.")
        }
        guard let status = ChargeStatus(rawValue: signature.status ?? "paid") else {
            throw SimulatedPayment.Refused("--status is paid, failed, refunded or charged_back.")
        }
        let base = signature.url ?? app.configuration.publicURL ?? "http://127.0.0.1:\(app.configuration.port)"
        let delivery = try await SimulatedPayment.send(status, for: checkout, siteAddress: base, application: app)
        guard delivery.status == .ok else {
            throw SimulatedPayment.Refused("The site answered \(delivery.status.code): \(delivery.answer)")
        }
        context.console.success(
            "Checkout \(id): \(status.rawValue) postback sent; the site answered \(delivery.answer)")
    }
}
