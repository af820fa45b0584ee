import APISchema
import Accounts
import Commerce
import Fluent
import Localization
import Payments
import Schema
import Vapor

/// `POST /api/v1/webhooks/{gateway}`: where payment providers send postbacks. No session or token: a postback
/// proves itself by its provider's signature, and `PostbackProcessor` records and applies it once.
enum WebhooksAPI {

    struct OutcomeDTO: Content {
        let outcome: String
        static let schema = JSONSchema.object([
            .init(
                "outcome",
                .string(allowed: [
                    "applied", "already_applied", "duplicate", "unknown_charge", "amount_mismatch", "no_change",
                ]))  // rejected and provider_unavailable answer with an Error
        ])
    }

    static let operations: [APIRoute] = [
        APIRoute(
            method: .POST, url: .webhook(gateway: nil),
            summary: "A payment provider's postback (signed by the provider)", tag: "payments",
            access: .anyone,
            parameters: [
                .init(
                    name: "gateway", location: .path, schema: .string, description: "The gateway's name, e.g. sandbox.")
            ],
            responses: [
                (.ok, "Processed, or acknowledged without change (a duplicate, an unknown charge)", OutcomeDTO.schema),
                (.unauthorized, "The signature is missing, wrong or stale; nothing changed", .reference("Error")),
                (
                    .forbidden, "The sandbox in production, where ALLOW_SANDBOX_IN_PRODUCTION is not set",
                    .reference("Error")
                ),
                (.notFound, "No such gateway, or its secrets are not configured", .reference("Error")),
                (
                    .unprocessableEntity, "The paid amount differs from the checkout's total; logged for the admin",
                    OutcomeDTO.schema
                ),
                (
                    .serviceUnavailable,
                    "The gateway's stored secret can't be read (APP_SECRET changed), or the provider could not be asked to confirm the payment; the provider retries",
                    .reference("Error")
                ),
            ],
            handler: receive),
        APIRoute(
            method: .POST, url: .providerCallback(gateway: nil, token: nil, callback: nil),
            summary: "An API Pix PSP's callback: it appends pix, rec or cobr to the registered address",
            tag: "payments",
            access: .anyone,
            parameters: [
                .init(name: "gateway", location: .path, schema: .string, description: "The gateway's name: apipix."),
                .init(
                    name: "token", location: .path, schema: .string,
                    description:
                        "The secret segment of the address registered at the PSP (the gateway's page shows it)."),
                .init(
                    name: "callback", location: .path, schema: .string(allowed: ["pix", "rec", "cobr"]),
                    description: "What the PSP reports: a Pix received, a recurrence, or a recurring charge."),
            ],
            responses: [
                (.ok, "Processed, or acknowledged without change", OutcomeDTO.schema),
                (.unauthorized, "Not a callback this gateway reads; nothing changed", .reference("Error")),
                (
                    .notFound, "No such gateway, callback or token, or the gateway is not configured",
                    .reference("Error")
                ),
                (
                    .unprocessableEntity, "The paid amount differs from the checkout's total; logged for the admin",
                    OutcomeDTO.schema
                ),
                (
                    .serviceUnavailable, "The PSP could not be asked to confirm what the callback names; it retries",
                    .reference("Error")
                ),
            ],
            handler: receiveCallback),
    ]

    /// The suffixes API Pix appends to the registered webhook address.
    static let callbacks: Set<String> = ["pix", "rec", "cobr"]

    @Sendable static func receiveCallback(req: Request) async throws -> Response {
        let name = req.parameters.get("gateway") ?? ""
        let token = PaymentProviders.callbackToken(gateway: name, appSecret: req.application.configuration.appSecret)
        // Unsigned callbacks prove themselves by the secret address only the PSP was told.
        guard PaymentProviders.Kind(rawValue: name) == .apiPix,
            callbacks.contains(req.parameters.get("callback") ?? ""),
            TokenDigest.constantTimeEquals(req.parameters.get("token") ?? "", token)
        else { throw Refusal.request(.notFound, .gatewayNotReady(name)) }
        return try await process(req, gateway: name)
    }

    @Sendable static func receive(req: Request) async throws -> Response {
        let name = req.parameters.get("gateway") ?? ""
        if name == PaymentProviders.Kind.sandbox.rawValue, !req.application.configuration.allowsSandbox {
            throw Refusal.request(.forbidden, .sandboxTakesNoPostbacks)
        }
        // API Pix's callbacks carry no signature: they arrive only at the secret address (`receiveCallback`).
        if PaymentProviders.Kind(rawValue: name) == .apiPix {
            throw Refusal.request(.notFound, .gatewayNotReady(name))
        }
        return try await process(req, gateway: name)
    }

    static func process(_ req: Request, gateway name: String) async throws -> Response {
        guard let gateway = try await PaymentGateway.query(on: req.db).filter(\.$name == name).first(),
            let provider = try PaymentProviders.provider(for: gateway, setup: await req.paymentProviderSetup())
        else { throw Refusal.request(.notFound, .gatewayNotReady(name)) }
        let body = req.body.data.map { Data(buffer: $0) } ?? Data()
        let headers = Dictionary(req.headers.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        let query = (try? req.query.decode([String: String].self)) ?? [:]
        // Links in the mail it causes go to PUBLIC_URL (or this instance), never to the Host a caller sent.
        let outcome = try await PostbackProcessor.process(
            IncomingPostback(headers: headers, body: body, query: query), gateway: provider, on: req.db, now: req.now,
            mailer: try await req.application.checkoutMailer())
        switch outcome {
        case .rejected:
            return APIError.response(
                .unauthorized, code: "postback_rejected", message: "The postback's signature did not verify.")
        case .providerUnavailable:
            req.logger.warning("postback to \(name) left for a retry: the provider could not be asked for the charge")
            return APIError.response(
                .serviceUnavailable, code: "provider_unavailable",
                message: "The payment could not be confirmed with the provider; send it again later.")
        default:
            break
        }
        return try APICoding.response(
            OutcomeDTO(outcome: outcome.rawValue), status: HTTPResponseStatus(statusCode: outcome.httpStatus))
    }
}
