import APISchema
import Foundation
import NIOCore
import Payments
import Vapor

@testable import App

/// TEST DOUBLE of an external service: a local stand-in for Mercado Pago's API, since no network reaches
/// Mercado Pago from here. It answers the calls CreatorFlix makes with the payloads Mercado Pago documents
/// (`POST /v1/payments`, `GET /v1/payments/{id}`, `POST /checkout/preferences`, and for subscriptions
/// `POST|GET|PUT /preapproval[/{id}]` and `GET /authorized_payments/{id}`), keeps its payments in memory,
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

    /// A preapproval (a subscription without a plan) as created, and its cycles.
    struct Preapproval: Sendable {
        var id: String
        var status: String
        var reference: String?
        var amount: Decimal
        var body: [String: JSONValue]
        /// How many times its status changed: `last_modified` moves on with each, as Mercado Pago's does.
        var changes = 0
    }

    /// One cycle Mercado Pago charged for a preapproval (an "invoice"), with the payment it made.
    struct AuthorizedPayment: Sendable {
        var id: Int64
        var preapprovalID: String
        var status: String
        var amount: Decimal
        var paymentID: Int64?
        var paymentStatus: String?
    }

    private let lock = NSLock()
    private var preapprovals: [String: Preapproval] = [:]
    private var authorizedPayments: [Int64: AuthorizedPayment] = [:]
    private var nextAuthorizedID: Int64 = 7_000_000_001
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

    func preapproval(_ id: String) -> Preapproval? { lock.withLock { preapprovals[id] } }
    func allPreapprovals() -> [Preapproval] { lock.withLock { Array(preapprovals.values) } }
    func setPreapprovalStatus(_ id: String, _ status: String) {
        lock.withLock {
            preapprovals[id]?.status = status
            preapprovals[id]?.changes += 1
        }
    }

    /// Mercado Pago charges one cycle of a preapproval: an authorized payment appears, with a payment in
    /// `paymentStatus` (approved, rejected) unless nil, when it is scheduled and not charged yet. The buyer's
    /// authorisation on the page charges the first. Returns the authorized payment's id.
    @discardableResult
    func chargeCycle(of preapprovalID: String, paymentStatus: String? = "approved", amount: Decimal? = nil) -> Int64? {
        lock.withLock {
            guard var preapproval = preapprovals[preapprovalID] else { return nil }
            if preapproval.status == "pending" {
                preapproval.status = "authorized"
                preapproval.changes += 1
            }
            preapprovals[preapprovalID] = preapproval
            let id = nextAuthorizedID
            nextAuthorizedID += 1
            var paymentID: Int64?
            if let paymentStatus {
                paymentID = nextID
                payments[nextID] = Payment(
                    id: nextID, status: paymentStatus, amount: amount ?? preapproval.amount,
                    reference: preapproval.reference, qrCode: nil)
                nextID += 1
            }
            authorizedPayments[id] = AuthorizedPayment(
                id: id, preapprovalID: preapprovalID,
                status: paymentStatus == nil ? "scheduled" : paymentStatus == "approved" ? "processed" : "recycling",
                amount: amount ?? preapproval.amount, paymentID: paymentID, paymentStatus: paymentStatus)
            return id
        }
    }

    func authorizedPayment(_ id: Int64) -> AuthorizedPayment? { lock.withLock { authorizedPayments[id] } }

    /// A webhook notification as Mercado Pago sends it for a payment: the query names the resource, the body
    /// describes the event, and `x-signature` signs `id:<data.id>;request-id:<x-request-id>;ts:<ts>;`.
    func notification(
        paymentID: Int64, secret: String = webhookSecret, at time: Date = Date(), type: String = "payment"
    )
        -> (query: String, headers: HTTPHeaders, body: ByteBuffer)
    {
        notification(dataID: String(paymentID), secret: secret, at: time, type: type)
    }

    /// The same for any topic: `subscription_preapproval` names a preapproval, `subscription_authorized_payment`
    /// one of its cycles.
    func notification(
        dataID paymentID: String, secret: String = webhookSecret, at time: Date = Date(), type: String
    )
        -> (query: String, headers: HTTPHeaders, body: ByteBuffer)
    {
        let requestID = UUID().uuidString.lowercased()
        let ts = String(Int(time.timeIntervalSince1970))
        let manifest = MercadoPagoGateway.manifest(dataID: paymentID, requestID: requestID, ts: ts)
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
        app.post("preapproval") { [unowned self] req in try self.answer { try self.createPreapproval(req) } }
        app.get("preapproval", ":id") { [unowned self] req in try self.answer { try self.fetchPreapproval(req) } }
        app.put("preapproval", ":id") { [unowned self] req in try self.answer { try self.updatePreapproval(req) } }
        // Registered before `:id`, which would otherwise take "search".
        app.get("authorized_payments", "search") { [unowned self] req in
            try self.answer { try self.searchAuthorizedPayments(req) }
        }
        app.get("authorized_payments", ":id") { [unowned self] req in
            try self.answer { try self.fetchAuthorizedPayment(req) }
        }
    }

    /// `GET /authorized_payments/search?preapproval_id=…`: a preapproval's cycles, newest first, with paging.
    private func searchAuthorizedPayments(_ req: Request) throws -> Response {
        _ = try admit(req)
        guard let preapprovalID = req.query[String.self, at: "preapproval_id"] else {
            throw StandInError(status: .badRequest, message: "preapproval_id is required")
        }
        let limit = min(req.query[Int.self, at: "limit"] ?? 30, 100)
        let cycles = lock.withLock { authorizedPayments.values.filter { $0.preapprovalID == preapprovalID } }
            .sorted { $0.id > $1.id }
        let results: [JSONValue] = cycles.prefix(limit).map { cycle in
            var result: [String: JSONValue] = [
                "id": .number(Double(cycle.id)), "preapproval_id": .string(cycle.preapprovalID),
                "status": .string(cycle.status),
                "transaction_amount": .number(NSDecimalNumber(decimal: cycle.amount).doubleValue),
            ]
            if let paymentID = cycle.paymentID, let status = cycle.paymentStatus {
                result["payment"] = .object(["id": .number(Double(paymentID)), "status": .string(status)])
            }
            return .object(result)
        }
        return try json(
            [
                "paging": .object([
                    "total": .number(Double(cycles.count)), "limit": .number(Double(limit)), "offset": 0,
                ]),
                "results": .array(results),
            ], status: .ok)
    }

    private func createPreapproval(_ req: Request) throws -> Response {
        let body = try admit(req)
        for field in ["payer_email", "back_url", "reason", "external_reference"] {
            guard case .string(let value)? = body[field], !value.isEmpty else {
                throw StandInError(status: .badRequest, message: "\(field) is required")
            }
        }
        guard case .object(let recurring)? = body["auto_recurring"],
            case .number(let frequency)? = recurring["frequency"],
            frequency >= 1, case .string(let unit)? = recurring["frequency_type"], ["days", "months"].contains(unit),
            recurring["currency_id"] == "BRL", case .number(let amount)? = recurring["transaction_amount"], amount >= 1
        else {
            throw StandInError(
                status: .badRequest,
                message:
                    "The parameters frequency, frequency_type, transaction_amount and currency_id are required in the recurring payments scheme"
            )
        }
        guard body["status"] == "pending", body["card_token_id"] == nil else {
            throw StandInError(status: .badRequest, message: "card_token_id is required")
        }
        let reference: String? = if case .string(let value)? = body["external_reference"] { value } else { nil }
        let id = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let preapproval = Preapproval(
            id: id, status: "pending", reference: reference, amount: Decimal(Int((amount * 100).rounded())) / 100,
            body: body)
        lock.withLock { preapprovals[id] = preapproval }
        return try json(preapprovalPayload(preapproval), status: .created)
    }

    private func fetchPreapproval(_ req: Request) throws -> Response {
        _ = try admit(req)
        guard let id = req.parameters.get("id"), let preapproval = self.preapproval(id) else {
            throw StandInError(status: .notFound, message: "The preapproval with id does not exist")
        }
        return try json(preapprovalPayload(preapproval), status: .ok)
    }

    /// Pausing, reactivating a paused one, or cancelling, which nothing undoes.
    private func updatePreapproval(_ req: Request) throws -> Response {
        let body = try admit(req)
        guard let id = req.parameters.get("id") else { throw StandInError(status: .notFound, message: "not found") }
        let updated = try lock.withLock { () throws -> Preapproval in
            guard var preapproval = preapprovals[id] else {
                throw StandInError(status: .notFound, message: "The preapproval with id \(id) does not exist")
            }
            if case .string(let status)? = body["status"] {
                guard ["cancelled", "paused", "authorized"].contains(status), preapproval.status != "cancelled" else {
                    throw StandInError(status: .badRequest, message: "Invalid status change")
                }
                if preapproval.status != status { preapproval.changes += 1 }
                preapproval.status = status
            }
            preapprovals[id] = preapproval
            return preapproval
        }
        return try json(preapprovalPayload(updated), status: .ok)
    }

    private func fetchAuthorizedPayment(_ req: Request) throws -> Response {
        _ = try admit(req)
        guard let id = req.parameters.get("id", as: Int64.self), let cycle = authorizedPayment(id) else {
            throw StandInError(status: .notFound, message: "authorized payment not found")
        }
        var payload: [String: JSONValue] = [
            "id": .number(Double(cycle.id)), "type": "scheduled", "preapproval_id": .string(cycle.preapprovalID),
            "status": .string(cycle.status), "currency_id": "BRL",
            "transaction_amount": .number(NSDecimalNumber(decimal: cycle.amount).doubleValue), "retry_attempt": 0,
            "date_created": "2026-11-26T10:00:00.000-03:00", "summarized": "done",
        ]
        if let reference = preapproval(cycle.preapprovalID)?.reference {
            payload["external_reference"] = .string(reference)
        }
        if let paymentID = cycle.paymentID, let status = cycle.paymentStatus {
            payload["payment"] = .object([
                "id": .number(Double(paymentID)), "status": .string(status),
                "status_detail": .string(status == "approved" ? "accredited" : "cc_rejected_insufficient_amount"),
            ])
        }
        return try json(payload, status: .ok)
    }

    private func preapprovalPayload(_ preapproval: Preapproval) -> [String: JSONValue] {
        var payload: [String: JSONValue] = [
            "id": .string(preapproval.id), "version": 0, "status": .string(preapproval.status),
            "payer_id": 766_790_067, "collector_id": 823_549_964, "application_id": 6_245_132_082_630_004,
            "init_point": .string(
                "https://www.mercadopago.com.br/subscriptions/checkout?preapproval_id=\(preapproval.id)"),
            "date_created": "2026-11-26T10:00:00.000-03:00",
            "last_modified": .string(String(format: "2026-11-26T10:%02d:00.000-03:00", preapproval.changes % 60)),
        ]
        for field in ["reason", "back_url", "payer_email", "auto_recurring", "external_reference"] {
            if let value = preapproval.body[field] { payload[field] = value }
        }
        return payload
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
