import APISchema
import Foundation
import NIOCore
import Payments
import Vapor

@testable import App

/// TEST DOUBLE of an external service: a local stand-in for Mercado Pago's API, since no network reaches
/// Mercado Pago from here. It answers the calls CreatorFlix makes with the payloads Mercado Pago documents
/// (`POST /v1/payments`, `GET /v1/payments/{id}`, `POST /checkout/preferences`), keeps its payments in memory,
/// records every request it gets, and signs webhook notifications the way Mercado Pago does (`x-signature`).
/// It is not a Mercado Pago implementation: only the shapes and rules our integration relies on.
final class MercadoPagoStandIn: @unchecked Sendable {
    static let accessToken = "APP_USR-standin-access-token"
    static let webhookSecret = "standin-webhook-secret"

    struct Payment: Sendable {
        var id: Int64
        var status: String
        var amount: Decimal
        var reference: String?
        var qrCode: String?
    }

    struct Recorded: Sendable {
        let method: String
        let path: String
        let headers: [String: String]
        let body: [String: JSONValue]
    }

    private let lock = NSLock()
    private var payments: [Int64: Payment] = [:]
    private var preferences: [String: String] = [:]  // id → external_reference
    private var nextID: Int64 = 1_320_000_001
    private var recorded: [Recorded] = []
    /// When set, every API call answers 500, as an outage would.
    private var failing = false

    private let app: Application
    private(set) var baseURL = ""

    private init(app: Application) { self.app = app }

    static func start() async throws -> MercadoPagoStandIn {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        let standIn = MercadoPagoStandIn(app: app)
        standIn.routes()
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        guard let port = app.http.server.shared.localAddress?.port else {
            throw Abort(.internalServerError, reason: "no port")
        }
        standIn.baseURL = "http://127.0.0.1:\(port)"
        return standIn
    }

    func stop() async throws {
        await app.server.shutdown()
        try await app.asyncShutdown()
    }

    // MARK: What tests read and control

    var requests: [Recorded] { lock.withLock { recorded } }
    func payment(_ id: Int64) -> Payment? { lock.withLock { payments[id] } }
    func allPayments() -> [Payment] { lock.withLock { Array(payments.values) } }
    func setStatus(_ id: Int64, _ status: String, amount: Decimal? = nil) {
        lock.withLock {
            payments[id]?.status = status
            if let amount { payments[id]?.amount = amount }
        }
    }
    func setFailing(_ value: Bool) { lock.withLock { failing = value } }
    /// A payment Mercado Pago holds already, made before this process knew of it: by the original app, before the
    /// site moved to CreatorFlix.
    func addPayment(_ payment: Payment) { lock.withLock { payments[payment.id] = payment } }

    /// The buyer pays on Mercado Pago's page for a preference: a payment appears, carrying the preference's
    /// external reference.
    func payPreference(_ preferenceID: String, amount: Decimal, status: String = "approved") -> Int64? {
        lock.withLock {
            guard let reference = preferences[preferenceID] else { return nil }
            let id = nextID
            nextID += 1
            payments[id] = Payment(id: id, status: status, amount: amount, reference: reference, qrCode: nil)
            return id
        }
    }

    /// A webhook notification as Mercado Pago sends it for a payment: the query names the resource, the body
    /// describes the event, and `x-signature` signs `id:<data.id>;request-id:<x-request-id>;ts:<ts>;`.
    func notification(
        paymentID: Int64, secret: String = webhookSecret, at time: Date = Date(), type: String = "payment"
    )
        -> (query: String, headers: HTTPHeaders, body: ByteBuffer)
    {
        let requestID = UUID().uuidString.lowercased()
        let ts = String(Int(time.timeIntervalSince1970))
        let manifest = MercadoPagoGateway.manifest(dataID: String(paymentID), requestID: requestID, ts: ts)
        let signature = MercadoPagoGateway.sign(manifest, secret: secret)
        let body = """
            {"action":"payment.updated","api_version":"v1","data":{"id":"\(paymentID)"},"date_created":"2026-11-26T10:00:00.000-03:00",\
            "id":\(Int.random(in: 10_000_000...99_999_999)),"live_mode":false,"type":"\(type)","user_id":"123456789"}
            """
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.add(name: "x-signature", value: "ts=\(ts),v1=\(signature)")
        headers.add(name: "x-request-id", value: requestID)
        return ("data.id=\(paymentID)&type=\(type)", headers, ByteBuffer(string: body))
    }

    // MARK: The API

    private func routes() {
        app.post("v1", "payments") { [unowned self] req in try self.answer { try self.createPayment(req) } }
        app.get("v1", "payments", ":id") { [unowned self] req in try self.answer { try self.fetchPayment(req) } }
        app.post("checkout", "preferences") { [unowned self] req in try self.answer { try self.createPreference(req) } }
    }

    /// Errors in Mercado Pago's shape: `{"message": …, "error": …, "status": …}`.
    private func answer(_ handler: () throws -> Response) throws -> Response {
        do {
            return try handler()
        } catch let error as StandInError {
            return try json(
                [
                    "message": .string(error.message), "error": .string(error.status.reasonPhrase),
                    "status": .number(Double(error.status.code)),
                ],
                status: error.status)
        }
    }

    private func admit(_ req: Request) throws -> [String: JSONValue] {
        let body =
            req.body.data.flatMap { try? JSONDecoder().decode([String: JSONValue].self, from: Data(buffer: $0)) } ?? [:]
        let headers = Dictionary(
            req.headers.map { ($0.name.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        let isFailing = lock.withLock {
            recorded.append(Recorded(method: req.method.rawValue, path: req.url.path, headers: headers, body: body))
            return failing
        }
        if isFailing { throw StandInError(status: .internalServerError, message: "internal_error") }
        guard req.headers.bearerAuthorization?.token == Self.accessToken else {
            throw StandInError(status: .unauthorized, message: "invalid access token")
        }
        return body
    }

    private func createPayment(_ req: Request) throws -> Response {
        let body = try admit(req)
        guard case .number(let amount)? = body["transaction_amount"], amount > 0 else {
            throw StandInError(status: .badRequest, message: "transaction_amount must be positive")
        }
        guard body["payment_method_id"] == .string("pix") else {
            throw StandInError(status: .badRequest, message: "only pix here")
        }
        let reference: String? = if case .string(let value)? = body["external_reference"] { value } else { nil }
        let cents = Int((amount * 100).rounded())
        let code = try PixBRCode(
            key: "pix@standin.mercadopago.invalid", merchantName: "STANDIN", merchantCity: "SAO PAULO",
            amountCents: cents,
            transactionID: "MP\(nextID)"
        ).payload()
        let payment = lock.withLock {
            let payment = Payment(
                id: nextID, status: "pending", amount: Decimal(cents) / 100, reference: reference, qrCode: code)
            payments[nextID] = payment
            nextID += 1
            return payment
        }
        return try json(paymentPayload(payment, expiration: body["date_of_expiration"]), status: .created)
    }

    private func fetchPayment(_ req: Request) throws -> Response {
        _ = try admit(req)
        guard let id = req.parameters.get("id", as: Int64.self), let payment = self.payment(id) else {
            throw StandInError(status: .notFound, message: "Payment not found")
        }
        return try json(paymentPayload(payment, expiration: nil), status: .ok)
    }

    private func createPreference(_ req: Request) throws -> Response {
        let body = try admit(req)
        guard case .array(let items)? = body["items"], !items.isEmpty else {
            throw StandInError(status: .badRequest, message: "items required")
        }
        let reference: String = if case .string(let value)? = body["external_reference"] { value } else { "" }
        let id = "123456789-" + UUID().uuidString.lowercased()
        lock.withLock { preferences[id] = reference }
        return try json(
            [
                "id": .string(id), "collector_id": 123_456_789, "external_reference": .string(reference),
                "items": .array(items),
                "init_point": .string("https://www.mercadopago.com.br/checkout/v1/redirect?pref_id=\(id)"),
                "sandbox_init_point": .string("https://sandbox.mercadopago.com.br/checkout/v1/redirect?pref_id=\(id)"),
                "date_created": "2026-11-26T10:00:00.000-03:00",
            ], status: .created)
    }

    private func paymentPayload(_ payment: Payment, expiration: JSONValue?) -> [String: JSONValue] {
        var payload: [String: JSONValue] = [
            "id": .number(Double(payment.id)), "status": .string(payment.status),
            "status_detail": .string(payment.status == "approved" ? "accredited" : "pending_waiting_transfer"),
            "transaction_amount": .number(NSDecimalNumber(decimal: payment.amount).doubleValue), "currency_id": "BRL",
            "payment_method_id": "pix", "payment_type_id": "bank_transfer", "live_mode": false,
            "date_created": "2026-11-26T10:00:00.000-03:00",
        ]
        if let reference = payment.reference { payload["external_reference"] = .string(reference) }
        if let expiration { payload["date_of_expiration"] = expiration }
        if let code = payment.qrCode {
            payload["point_of_interaction"] = .object([
                "type": "PIX",
                "transaction_data": .object([
                    "qr_code": .string(code), "qr_code_base64": "iVBORw0KGgo=",
                    "ticket_url": .string("https://www.mercadopago.com.br/payments/\(payment.id)/ticket"),
                ]),
            ])
        }
        return payload
    }

    private func json(_ object: [String: JSONValue], status: HTTPResponseStatus) throws -> Response {
        let response = Response(status: status, body: .init(data: try JSONEncoder().encode(JSONValue.object(object))))
        response.headers.contentType = .json
        return response
    }

    struct StandInError: Error {
        let status: HTTPResponseStatus
        let message: String
    }
}
