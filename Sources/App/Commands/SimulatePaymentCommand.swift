import Fluent
import Payments
import Schema
import Vapor

/// `creatorflix simulate-payment --checkout ID`: plays the sandbox provider. It signs a postback for the
/// checkout's charge with the sandbox gateway's secret and POSTs it to the site's webhook over HTTP, through the
/// same path a real provider's postback takes.
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
        guard let id = signature.checkout, let checkout = try await Checkout.find(id, on: app.db), let chargeID = checkout.externalID else {
            throw SimulatePaymentError("There is no checkout with that id and a charge.")
        }
        guard let status = ChargeStatus(rawValue: signature.status ?? "paid") else {
            throw SimulatePaymentError("--status is paid, failed, refunded or charged_back.")
        }
        guard let gateway = try await PaymentGateway.query(on: app.db).filter(\.$name == "sandbox").first(),
            let sealed = gateway.secretKey
        else { throw SimulatePaymentError("The sandbox gateway is not configured.") }
        let sandbox = SandboxGateway(
            secret: try SecretBox(appSecret: app.configuration.appSecret).open(sealed),
            pix: .init(key: gateway.publicKey ?? "", merchantName: "", merchantCity: ""))
        let event = PostbackEvent(
            eventID: "sim_" + UUID().uuidString.lowercased(), chargeID: chargeID, status: status, amountCents: checkout.totalAmount,
            reference: String(id))
        let (headers, body) = try sandbox.signedPostback(event, at: Date())
        let base = signature.url ?? app.configuration.publicURL ?? "http://127.0.0.1:\(app.configuration.port)"
        let response = try await app.client.post(URI(string: base + AuthAPI.prefix + "/webhooks/sandbox")) { request in
            for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
            request.body = ByteBuffer(data: body)
        }
        let answer = response.body.map { String(buffer: $0) } ?? ""
        guard response.status == .ok else { throw SimulatePaymentError("The site answered \(response.status.code): \(answer)") }
        context.console.success("Checkout \(id): \(status.rawValue) postback sent; the site answered \(answer)")
    }
}

struct SimulatePaymentError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
