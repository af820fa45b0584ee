import Crypto
import Foundation

/// Mercado Pago, built to its public API documentation:
/// - Pix: `POST /v1/payments` with `payment_method_id: "pix"`; the answer's
///   `point_of_interaction.transaction_data.qr_code` is the BR Code "copia e cola".
/// - Card: a Checkout Pro preference (`POST /checkout/preferences`); the buyer pays on Mercado Pago's page
///   (`init_point`) and comes back to ours. The payment that results carries our `external_reference`.
/// - A recurring plan by card: a preapproval (`POST /preapproval`, status `pending`, no plan) the buyer
///   authorises on Mercado Pago's page (`init_point`), paying with the account of `payer_email`; Mercado Pago then
///   charges each cycle by itself, retries a declined one up to 4 times in 10 days, and cancels the preapproval
///   after 3 cycles declined. A cancelled preapproval can't be reactivated. Its notifications
///   (`subscription_preapproval`, `subscription_authorized_payment`) are re-fetched like payments'
///   (`GET /preapproval/{id}`, `GET /authorized_payments/{id}`), and cancelling is `PUT /preapproval/{id}` with
///   `status: cancelled`.
/// - Webhooks: `x-signature: ts=<unix time>,v1=<hex HMAC-SHA256>` over the manifest
///   `id:<data.id>;request-id:<x-request-id>;ts:<ts>;` keyed with the webhook's secret. A verified notification
///   only says "payment N changed": the payment is then fetched (`GET /v1/payments/{id}`), and its status and
///   amount are what count.
public struct MercadoPagoGateway: PaymentProvider {
    public let name = "mercadopago"
    public let confirmsPostbacksByFetching = true
    public let schedulesRenewals = true
    public static let defaultAPIBaseURL = "https://api.mercadopago.com"
    public static let signatureHeader = "x-signature"
    public static let requestIDHeader = "x-request-id"
    /// A notification signed longer ago than this (or this far ahead) is refused as a replay.
    public static let tolerance: TimeInterval = 300
    /// The prefix that marks a checkout's `external_id` as a Checkout Pro preference: the payment id replaces it
    /// when the payment's notification arrives.
    public static let preferencePrefix = "preference:"
    /// The prefix of a checkout's `external_id` while its preapproval waits for the buyer's authorisation: the
    /// first cycle's payment id replaces it.
    public static let preapprovalPrefix = "preapproval:"
    /// The prefix of the charge id a `subscription_authorized_payment` notification is fetched by.
    public static let authorizedPaymentPrefix = "authorized_payment:"
    static let minimumPixLifetime: TimeInterval = 31 * 60

    let accessToken: String
    let webhookSecret: String
    let apiBaseURL: String
    /// Our postback URL for this gateway, sent with every charge so notifications reach us even without the
    /// dashboard setting.
    let notificationURL: String?
    let transport: any ProviderHTTPTransport
    let now: @Sendable () -> Date

    public init(
        accessToken: String, webhookSecret: String, apiBaseURL: String = Self.defaultAPIBaseURL,
        notificationURL: String?,
        transport: any ProviderHTTPTransport, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.accessToken = accessToken
        self.webhookSecret = webhookSecret
        self.apiBaseURL = apiBaseURL.hasSuffix("/") ? String(apiBaseURL.dropLast()) : apiBaseURL
        // `source_news=webhooks` asks for signed webhooks only, not also the unsigned legacy IPN calls a
        // per-payment notification URL would otherwise receive (and we would refuse).
        self.notificationURL = notificationURL.map { $0 + ($0.contains("?") ? "&" : "?") + "source_news=webhooks" }
        self.transport = transport
        self.now = now
    }

    // MARK: Charges

    public func createCharge(_ request: ChargeRequest) async throws -> Charge {
        switch request.method {
        case .pix: try await createPixPayment(request)
        case .card:
            if let recurrence = request.recurrence {
                try await createPreapproval(request, recurrence)
            } else {
                try await createPreference(request)
            }
        case .recurringPix:
            throw PaymentProviderError.refused(
                status: 422, message: "Mercado Pago offers merchants no Pix Automático; use an API Pix gateway")
        case .savedCard:
            // Mercado Pago renews cards by itself, through a preapproval the buyer authorised on its page; it
            // lends no card to charge with the buyer away.
            throw PaymentProviderError.refused(
                status: 422, message: "Mercado Pago charges a kept card only through a preapproval")
        }
    }

    struct Payer: Encodable {
        struct Identification: Encodable {
            var type = "CPF"
            var number: String
        }
        var email: String
        var firstName: String
        var lastName: String
        var identification: Identification
    }

    struct PixPaymentRequest: Encodable {
        var transactionAmount: Decimal
        var description: String
        var paymentMethodId = "pix"
        var externalReference: String
        var notificationUrl: String?
        var dateOfExpiration: String
        var payer: Payer
    }

    struct PaymentAnswer: Decodable {
        struct PointOfInteraction: Decodable {
            struct TransactionData: Decodable {
                var qrCode: String?
            }
            var transactionData: TransactionData?
        }
        var id: Int64
        var status: String
        var transactionAmount: Decimal?
        var externalReference: String?
        var dateOfExpiration: String?
        var pointOfInteraction: PointOfInteraction?
    }

    func createPixPayment(_ request: ChargeRequest) async throws -> Charge {
        // Mercado Pago takes a Pix expiry from 30 minutes to 30 days ahead; a minute's margin keeps a default
        // 30-minute charge inside it by the time the request arrives.
        let expiresAt = now().addingTimeInterval(min(max(request.expiresIn, Self.minimumPixLifetime), 30 * 86_400))
        let body = PixPaymentRequest(
            transactionAmount: Self.decimal(cents: request.amountCents), description: request.description,
            externalReference: request.reference, notificationUrl: notificationURL,
            dateOfExpiration: Self.timestamp(expiresAt), payer: payer(request.customer))
        // Mercado Pago requires an idempotency key. It is unique per attempt: a key made of the checkout id alone
        // would repeat across databases sharing one account (staging, a reset) and return an old payment.
        let answer: PaymentAnswer = try await call(
            "POST", "/v1/payments", body: body,
            extraHeaders: [
                "x-idempotency-key": "creatorflix-checkout-\(request.reference)-\(UUID().uuidString.lowercased())"
            ])
        guard let code = answer.pointOfInteraction?.transactionData?.qrCode, !code.isEmpty else {
            throw PaymentProviderError.unreadable(
                "the Pix payment has no point_of_interaction.transaction_data.qr_code")
        }
        return Charge(
            id: String(answer.id), status: Self.status(answer.status), pixCode: code,
            expiresAt: answer.dateOfExpiration.flatMap(Self.parseTimestamp) ?? expiresAt)
    }

    struct PreferenceRequest: Encodable {
        struct Item: Encodable {
            var id: String
            var title: String
            var quantity = 1
            var currencyId = "BRL"
            var unitPrice: Decimal
        }
        struct BackURLs: Encodable {
            var success: String
            var pending: String
            var failure: String
        }
        struct PaymentMethods: Encodable {
            struct Excluded: Encodable { var id: String }
            /// Card only: Pix has its own page here, and boleto doesn't fit a subscription that starts at once.
            var excludedPaymentTypes = ["ticket", "bank_transfer", "atm"].map(Excluded.init)
        }
        var items: [Item]
        var payer: Payer
        var externalReference: String
        var notificationUrl: String?
        var backUrls: BackURLs?
        var autoReturn: String?
        var paymentMethods = PaymentMethods()
    }

    struct PreferenceAnswer: Decodable {
        var id: String
        var initPoint: String
    }

    func createPreference(_ request: ChargeRequest) async throws -> Charge {
        let body = PreferenceRequest(
            items: [
                .init(
                    id: "checkout-\(request.reference)", title: request.description,
                    unitPrice: Self.decimal(cents: request.amountCents))
            ],
            payer: payer(request.customer), externalReference: request.reference, notificationUrl: notificationURL,
            backUrls: request.returnURL.map { .init(success: $0, pending: $0, failure: $0) },
            autoReturn: request.returnURL == nil ? nil : "approved")
        let answer: PreferenceAnswer = try await call("POST", "/checkout/preferences", body: body)
        guard answer.initPoint.hasPrefix("https://") || answer.initPoint.hasPrefix("http://") else {
            throw PaymentProviderError.unreadable("the preference's init_point is not a web address")
        }
        return Charge(id: Self.preferencePrefix + answer.id, status: .pending, redirectURL: answer.initPoint)
    }

    // MARK: Preapprovals (card renewals Mercado Pago schedules)

    struct PreapprovalRequest: Encodable {
        struct AutoRecurring: Encodable {
            var frequency: Int
            var frequencyType: String
            var transactionAmount: Decimal
            var currencyId = "BRL"
        }
        var reason: String
        var externalReference: String
        var payerEmail: String
        var autoRecurring: AutoRecurring
        var backUrl: String
        /// Pending: the buyer authorises it, and gives the card, on Mercado Pago's page.
        var status = "pending"
        // No `notification_url`: Mercado Pago documents none for preapprovals. Their topics are turned on with the
        // webhook in the account's "Suas integrações" panel.
    }

    struct PreapprovalAnswer: Decodable {
        var id: String
        var status: String
        var initPoint: String?
        var externalReference: String?
        var lastModified: String?
    }

    func createPreapproval(_ request: ChargeRequest, _ recurrence: Recurrence) async throws -> Charge {
        // Mercado Pago requires `back_url`: where its page sends the buyer once they authorised.
        guard let backURL = request.returnURL else {
            throw PaymentProviderError.unreadable("a preapproval needs a return address (back_url)")
        }
        let body = PreapprovalRequest(
            reason: request.description, externalReference: request.reference, payerEmail: request.customer.email,
            autoRecurring: .init(
                frequency: recurrence.count, frequencyType: recurrence.unit.rawValue,
                transactionAmount: Self.decimal(cents: request.amountCents)),
            backUrl: backURL)
        let answer: PreapprovalAnswer = try await call("POST", "/preapproval", body: body)
        guard let initPoint = answer.initPoint, initPoint.hasPrefix("https://") || initPoint.hasPrefix("http://")
        else { throw PaymentProviderError.unreadable("the preapproval's init_point is not a web address") }
        return Charge(id: Self.preapprovalPrefix + answer.id, status: .pending, redirectURL: initPoint)
    }

    public func fetchRecurrence(id: String) async throws -> RecurrenceState {
        try Self.checkID(id, "preapproval")
        let answer: PreapprovalAnswer = try await call("GET", "/preapproval/" + id, body: Optional<String>.none)
        return RecurrenceState(
            id: answer.id, status: Self.recurrenceStatus(answer.status), providerStatus: answer.status,
            reference: answer.externalReference, changedAt: answer.lastModified)
    }

    public func cancelRecurrence(id: String) async throws {
        try Self.checkID(id, "preapproval")
        struct Cancel: Encodable { var status = "cancelled" }
        do {
            let _: PreapprovalAnswer = try await call("PUT", "/preapproval/" + id, body: Cancel())
        } catch PaymentProviderError.refused(let status, let message) where (400..<500).contains(status) {
            // Cancelled already (by the buyer in Mercado Pago, say) is what was asked for; anything else isn't.
            guard try await fetchRecurrence(id: id).providerStatus == "cancelled" else {
                throw PaymentProviderError.refused(status: status, message: message)
            }
        }
    }

    /// Mercado Pago's preapproval statuses: `pending` until the buyer authorises, `authorized` while it charges,
    /// `paused` until the buyer (or we) authorise it again, `cancelled` for good.
    static func recurrenceStatus(_ value: String) -> RecurrenceState.Status {
        switch value {
        case "authorized": .active
        case "paused": .paused
        case "cancelled": .stopped
        default: .pending
        }
    }

    struct AuthorizedPaymentAnswer: Decodable {
        struct Payment: Decodable {
            var id: FlexibleID?
            var status: String?
        }
        var id: FlexibleID
        var preapprovalId: String
        var status: String?
        var transactionAmount: Decimal?
        var externalReference: String?
        var payment: Payment?
    }

    /// An id Mercado Pago sends as a number in some answers and as a string in others.
    struct FlexibleID: Decodable {
        var value: String
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            value = try (try? container.decode(Int64.self)).map(String.init) ?? container.decode(String.self)
        }
    }

    /// One cycle Mercado Pago charged for a preapproval. Its payment's id is the charge's, so a later refund,
    /// notified as a payment, finds the checkout the cycle made; until there is a payment it is pending.
    func fetchAuthorizedPayment(id: String) async throws -> ChargeState {
        try Self.checkID(id, "authorized payment")
        let answer: AuthorizedPaymentAnswer = try await call(
            "GET", "/authorized_payments/" + id, body: Optional<String>.none)
        guard let paymentID = answer.payment?.id?.value, let status = answer.payment?.status else {
            return ChargeState(
                chargeID: Self.authorizedPaymentPrefix + answer.id.value, status: .pending,
                amountCents: answer.transactionAmount.map(Self.cents), reference: answer.externalReference,
                recurrenceID: answer.preapprovalId)
        }
        return ChargeState(
            chargeID: paymentID, status: Self.status(status), amountCents: answer.transactionAmount.map(Self.cents),
            reference: answer.externalReference, recurrenceID: answer.preapprovalId)
    }

    struct AuthorizedPaymentSearch: Decodable {
        struct Cycle: Decodable { var id: FlexibleID }
        var results: [Cycle]?
    }

    /// `GET /authorized_payments/search?preapproval_id=`: the preapproval's latest cycles, each then fetched as
    /// its notification would have been. Six, as the answers others' integrations read show them newest first
    /// (not confirmed in Mercado Pago's reference).
    public func recentCycles(ofRecurrence id: String) async throws -> [String] {
        try Self.checkID(id, "preapproval")
        let answer: AuthorizedPaymentSearch = try await call(
            "GET", "/authorized_payments/search?preapproval_id=\(id)&limit=6", body: Optional<String>.none)
        return (answer.results ?? []).map { Self.authorizedPaymentPrefix + $0.id.value }
    }

    static func checkID(_ id: String, _ what: String) throws {
        guard !id.isEmpty, id.count <= 64, id.allSatisfy({ $0.isASCII && ($0.isNumber || $0.isLetter) }) else {
            throw PaymentProviderError.unreadable("\(what) id '\(id.prefix(64))' is not alphanumeric")
        }
    }

    public func fetchCharge(id: String) async throws -> ChargeState {
        if id.hasPrefix(Self.authorizedPaymentPrefix) {
            return try await fetchAuthorizedPayment(id: String(id.dropFirst(Self.authorizedPaymentPrefix.count)))
        }
        try Self.checkID(id, "payment")
        let answer: PaymentAnswer = try await call("GET", "/v1/payments/" + id, body: Optional<String>.none)
        return ChargeState(
            chargeID: String(answer.id), status: Self.status(answer.status),
            amountCents: answer.transactionAmount.map(Self.cents), reference: answer.externalReference)
    }

    /// Mercado Pago's payment statuses in ours. Anything still undecided (in process, authorized but not
    /// captured, in mediation) is pending: it changes nothing.
    static func status(_ value: String) -> ChargeStatus {
        switch value {
        case "approved": .paid
        case "rejected", "cancelled": .failed
        case "refunded": .refunded
        case "charged_back": .chargedBack
        default: .pending
        }
    }

    // MARK: Webhooks

    struct Notification: Decodable {
        struct Resource: Decodable {
            var id: String?
            init(from decoder: any Decoder) throws {
                // `data.id` is a string in the documentation's examples and a number in some deliveries.
                let container = try decoder.container(keyedBy: CodingKeys.self)
                id =
                    (try? container.decode(String.self, forKey: .id))
                    ?? (try? container.decode(Int64.self, forKey: .id)).map(String.init)
            }
            enum CodingKeys: String, CodingKey { case id }
        }
        var type: String?
        var action: String?
        var data: Resource?
    }

    public func verifyPostback(_ postback: IncomingPostback, now: Date) async throws -> PostbackEvent {
        guard let header = postback.headers[Self.signatureHeader] else { throw PostbackRejection.signatureMissing }
        let parts = signatureHeaderParts(header)
        guard let ts = parts["ts"], let timestamp = Double(ts), let signature = parts["v1"] else {
            throw PostbackRejection.signatureInvalid
        }
        let notification = try? Self.decoder.decode(Notification.self, from: postback.body)
        // The signed id is the query's `data.id`; the body's is the fallback the documentation allows.
        let dataID = postback.query["data.id"] ?? notification?.data?.id
        let manifest = Self.manifest(dataID: dataID, requestID: postback.headers[Self.requestIDHeader], ts: ts)
        guard ConstantTime.equals(signature.lowercased(), Self.sign(manifest, secret: webhookSecret)) else {
            throw PostbackRejection.signatureInvalid
        }
        // `ts` is documented in seconds; some deliveries carry milliseconds.
        let seconds = timestamp > 100_000_000_000 ? timestamp / 1000 : timestamp
        guard abs(now.timeIntervalSince1970 - seconds) <= Self.tolerance else { throw PostbackRejection.stale }
        let topic = notification?.type ?? postback.query["type"] ?? postback.query["topic"] ?? "unknown"
        guard ["payment", "subscription_authorized_payment", "subscription_preapproval"].contains(topic) else {
            throw PostbackNotAboutPayment(topic: topic)
        }
        guard let dataID, !dataID.isEmpty else {
            throw PostbackRejection.unreadable("a \(topic) notification without data.id")
        }
        switch topic {
        case "subscription_preapproval":
            var event = PostbackEvent(
                eventID: "preapproval:\(dataID)", chargeID: dataID, status: .pending, amountCents: nil, reference: nil)
            event.subject = .recurrence
            return event
        case "subscription_authorized_payment":
            return PostbackEvent(
                eventID: "authorized_payment:\(dataID)", chargeID: Self.authorizedPaymentPrefix + dataID,
                status: .pending, amountCents: nil, reference: nil)
        default:
            return PostbackEvent(
                eventID: "payment:\(dataID)", chargeID: dataID, status: .pending, amountCents: nil, reference: nil)
        }
    }

    /// The signed manifest. Parts the notification lacks are left out, as the documentation says; an
    /// alphanumeric `data.id` is signed in lower case.
    public static func manifest(dataID: String?, requestID: String?, ts: String) -> String {
        var manifest = ""
        if let dataID, !dataID.isEmpty { manifest += "id:\(dataID.lowercased());" }
        if let requestID, !requestID.isEmpty { manifest += "request-id:\(requestID);" }
        return manifest + "ts:\(ts);"
    }

    public static func sign(_ manifest: String, secret: String) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: Data(manifest.utf8), using: SymmetricKey(data: Data(secret.utf8))))
            .lowercaseHex
    }

    // MARK: Plumbing

    func payer(_ customer: Customer) -> Payer {
        let names = customer.name.split(separator: " ", maxSplits: 1).map(String.init)
        return Payer(
            email: customer.email, firstName: names.first ?? customer.name, lastName: names.count > 1 ? names[1] : "",
            identification: .init(number: customer.cpf.digits))
    }

    func call<Body: Encodable, Answer: Decodable>(
        _ method: String, _ path: String, body: Body?, extraHeaders: [String: String] = [:]
    ) async throws -> Answer {
        var headers = ["authorization": "Bearer \(accessToken)", "accept": "application/json"]
        var data: Data?
        if let body {
            data = try Self.encoder.encode(body)
            headers["content-type"] = "application/json"
        }
        headers.merge(extraHeaders) { _, new in new }
        let response: ProviderHTTPResponse
        do {
            response = try await transport.send(
                ProviderHTTPRequest(method: method, url: apiBaseURL + path, headers: headers, body: data))
        } catch {
            throw PaymentProviderError.unreachable("\(error)")
        }
        guard (200..<300).contains(response.status) else {
            let message =
                (try? JSONDecoder().decode(ErrorAnswer.self, from: response.body))?.message
                ?? String(decoding: response.body.prefix(300), as: UTF8.self)
            throw PaymentProviderError.refused(status: response.status, message: message)
        }
        do {
            return try Self.decoder.decode(Answer.self, from: response.body)
        } catch {
            throw PaymentProviderError.unreadable("\(Answer.self): \(error)")
        }
    }

    /// Mercado Pago's errors are `{"message": …, "error": …, "status": …}`; the message is what an admin needs.
    struct ErrorAnswer: Decodable { var message: String? }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }()

    static func decimal(cents: Int) -> Decimal { Decimal(cents) / 100 }

    static func cents(_ amount: Decimal) -> Int {
        var scaled = amount * 100, rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 0, .plain)
        return NSDecimalNumber(decimal: rounded).intValue
    }

    /// Mercado Pago's date format: ISO 8601 with milliseconds and an offset, e.g. 2026-11-26T10:30:00.000-03:00.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "America/Sao_Paulo")
        return formatter.string(from: date)
    }

    public static func parseTimestamp(_ value: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: value) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: value)
    }
}
