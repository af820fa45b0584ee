import Crypto
import Foundation

/// The Banco Central's standard API Pix, version **2.8.2** (`bacen/pix-api`, tag 2.8.2, `openapi.yaml`), which
/// many PSPs serve under their own address. Pix Automático (its `/rec`, `/cobr` and `/locrec` resources) is why
/// it is here: a payer authorises a recurrence once in their bank's app, and the receiver charges each cycle.
/// - Authentication: OAuth2 client credentials (HTTP Basic with the client id and secret) over **mutual TLS**;
///   every call, the token's included, presents the client certificate the PSP issued, since tokens are bound to
///   it (RFC 8705).
/// - A plain Pix: `PUT /cob/{txid}`; its `pixCopiaECola` is the BR Code.
/// - A recurring plan's purchase, "Jornada 3": one composite QR code pays the first cycle at once and asks for
///   the recurrence. `POST /locrec` (the recurrence's location), `POST /rec` (its terms), `PUT /cob/{txid}` (the
///   first cycle, naming the recurrence in `infoAdicionais`), `PATCH /rec/{idRec}` with
///   `ativacao.dadosJornada.txid` (linking the two), then `GET /rec/{idRec}?txid=` for `dadosQR.pixCopiaECola`,
///   whose field 26 points at the charge and field 80 at the recurrence.
/// - Each later cycle: `PUT /cobr/{txid}` 2 to 10 days before it is due, once `GET /rec/{idRec}` says
///   `APROVADA`; the payer's PSP settles it on the due date, retrying within the recurrence's policy.
/// - Cancelling: `PATCH /rec/{idRec}` with `status: CANCELADA`.
/// - Webhooks (`PUT /webhook/{chave}`, `PUT /webhookrec`, `PUT /webhookcobr`) are called at `{url}/pix`,
///   `{url}/rec` and `{url}/cobr`. They carry no signature (the standard relies on mTLS, which a site behind a
///   proxy can't check), so each one only says what to fetch: the charge or recurrence is then read from the
///   PSP, and its answer is what counts.
/// Our txids tell the two kinds of charge apart: `cfc…` for a `cob`, `cfr…` for a cycle's `cobr`.
public struct APIPixGateway: PaymentProvider, CustomStringConvertible {
    /// Never the secret or the key.
    public var description: String { "APIPixGateway(\(settings.apiBaseURL), client \(clientID))" }

    public let name = "apipix"
    public let confirmsPostbacksByFetching = true
    public let acceptsRecurringPix = true
    /// The txid prefix of an immediate charge (`cob`) and of a recurring cycle's (`cobr`).
    public static let chargePrefix = "cfc"
    public static let cyclePrefix = "cfr"
    /// The arrangement's window for sending a cycle's charge: between 10 and 2 calendar days before it is due.
    public static let cycleChargeWindow = 2...10

    let clientID: String
    let clientSecret: String
    let identity: ClientIdentity
    let settings: APIPixSettings
    let apiBaseURL: String
    let transport: any ProviderHTTPTransport
    let tokens: APIPixTokens
    let now: @Sendable () -> Date

    public init(
        clientID: String, clientSecret: String, identity: ClientIdentity, settings: APIPixSettings,
        transport: any ProviderHTTPTransport, tokens: APIPixTokens = .shared,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        var identity = identity
        identity.trustRootsPEM = settings.serverTrustRootsPEM.flatMap { $0.isEmpty ? nil : $0 }
        self.identity = identity
        self.settings = settings
        self.apiBaseURL =
            settings.apiBaseURL.hasSuffix("/") ? String(settings.apiBaseURL.dropLast()) : settings.apiBaseURL
        self.transport = transport
        self.tokens = tokens
        self.now = now
    }

    public func acceptsRecurringPix(_ recurrence: Recurrence) -> Bool {
        Self.hasPeriodicity(recurrence) && settings.receiverAccount != nil
    }

    /// Whether Pix Automático has a word for the period: weekly, monthly, quarterly, half-yearly or yearly.
    public static func hasPeriodicity(_ recurrence: Recurrence) -> Bool { (try? periodicity(recurrence)) != nil }

    // MARK: Charges

    public func createCharge(_ request: ChargeRequest) async throws -> Charge {
        guard request.amountCents > 0, request.amountCents <= Self.maximumCents else {
            throw PaymentProviderError.refused(
                status: 422,
                message: "API Pix takes amounts from 0.01 to 9999999999.99, not \(request.amountCents) cents")
        }
        switch request.method {
        case .pix:
            if let recurrence = request.recurrence {
                return try await createFirstCycle(request, recurrence)
            }
            let txid = Self.newTxid(Self.chargePrefix)
            let cob: APIPixMessages.Cob = try await call(
                "PUT", "/cob/" + txid, body: cobRequest(request, recurrence: nil))
            guard let code = cob.pixCopiaECola, PixBRCode.hasValidCRC(code) else {
                throw PaymentProviderError.unreadable("the cob's pixCopiaECola is missing or fails its CRC")
            }
            return Charge(
                id: txid, status: .pending, pixCode: code, expiresAt: now().addingTimeInterval(request.expiresIn))
        case .recurringPix(let recurrenceID, let dueDate):
            return try await createCycleCharge(request, recurrenceID: recurrenceID, dueDate: dueDate)
        case .card, .savedCard:
            throw PaymentProviderError.refused(
                status: 422, message: "API Pix takes Pix only; cards need another gateway")
        }
    }

    /// Jornada 3: the recurrence and its first cycle's charge, in one composite QR code. A recurrence left
    /// without its charge is cancelled, so the payer's bank never shows a recurrence nobody can pay.
    func createFirstCycle(_ request: ChargeRequest, _ recurrence: Recurrence) async throws -> Charge {
        let periodicity = try Self.periodicity(recurrence)
        guard settings.receiverAccount != nil else {
            throw PaymentProviderError.refused(
                status: 422,
                message: "the API Pix gateway has no receiving account (branch, number, kind): its recurring cycles "
                    + "could not be charged, so no recurrence is asked for")
        }
        let cycleCents = recurrence.amountCents ?? request.amountCents
        guard cycleCents > 0, cycleCents <= Self.maximumCents else {
            throw PaymentProviderError.refused(
                status: 422, message: "a cycle of \(cycleCents) cents can't be asked for")
        }
        let location: APIPixMessages.LocationRec = try await call("POST", "/locrec", body: Optional<String>.none)
        let body = APIPixMessages.RecRequest(
            vinculo: .init(
                contrato: String(request.reference.prefix(35)), devedor: debtor(request.customer),
                objeto: String(request.description.prefix(35))),
            calendario: .init(
                dataInicial: Self.day(Self.advance(now(), by: recurrence)), periodicidade: periodicity),
            valor: .init(valorRec: Self.money(cents: cycleCents)),
            // No retries after the due day: PERMITE_3R_7D lets the receiver command up to 3 more attempts in 7
            // days (`POST /cobr/{txid}/retentativa/{data}`), which this platform doesn't do. A failed cycle is a
            // decline: the member, past due for the grace, pays by the notice's link. The payer's bank still
            // tries again that evening by itself.
            politicaRetentativa: "NAO_PERMITE", loc: location.id)
        let rec: APIPixMessages.Rec = try await call("POST", "/rec", body: body)
        try Self.checkID(rec.idRec, "idRec")
        do {
            let txid = Self.newTxid(Self.chargePrefix)
            let _: Ignored = try await call("PUT", "/cob/" + txid, body: cobRequest(request, recurrence: rec.idRec))
            let _: Ignored = try await call(
                "PATCH", "/rec/" + rec.idRec,
                body: APIPixMessages.RecActivation(ativacao: .init(dadosJornada: .init(txid: txid))))
            let linked: APIPixMessages.Rec = try await call(
                "GET", "/rec/" + rec.idRec + "?txid=" + txid, body: Optional<String>.none)
            guard let code = linked.dadosQR?.pixCopiaECola, Self.isCompositeCode(code) else {
                throw PaymentProviderError.unreadable(
                    "the recurrence's dadosQR.pixCopiaECola is missing, fails its CRC, or lacks field 26 or 80")
            }
            return Charge(
                id: txid, status: .pending, pixCode: code, expiresAt: now().addingTimeInterval(request.expiresIn))
        } catch {
            try? await cancelRecurrence(id: rec.idRec)
            throw error
        }
    }

    /// A later cycle's charge (`cobr`), for a recurrence the payer authorised, due on `dueDate`.
    func createCycleCharge(_ request: ChargeRequest, recurrenceID: String, dueDate: Date) async throws -> Charge {
        try Self.checkID(recurrenceID, "idRec")
        guard let account = settings.receiverAccount else {
            throw PaymentProviderError.refused(
                // A setting to fix, not the payer's decline: 503, so the job asks again once it is set.
                status: 503, message: "the API Pix gateway has no receiving account for recurring charges")
        }
        let daysAhead = Self.daysBetween(now(), dueDate)
        guard Self.cycleChargeWindow.contains(daysAhead) else {
            throw PaymentProviderError.refused(
                status: 422,
                message: "a cycle's charge is sent 2 to 10 days before it is due; \(Self.day(dueDate)) is "
                    + "\(daysAhead) days away")
        }
        let rec = try await fetchRec(recurrenceID)
        guard rec.status == "APROVADA" else {
            throw PaymentProviderError.refused(
                status: 409,
                message: "recurrence \(recurrenceID) is \(rec.status), not APROVADA: nothing can be charged")
        }
        if let authorised = rec.valor?.valorRec.flatMap(Self.cents), request.amountCents > authorised {
            throw PaymentProviderError.refused(
                status: 422,
                message: "\(Self.money(cents: request.amountCents)) BRL is above the \(Self.money(cents: authorised)) "
                    + "BRL the payer authorised for recurrence \(recurrenceID)")
        }
        // The same cycle always gets the same txid, so asking again after a timeout can't make a second charge.
        let txid = cycleTxid(recurrenceID: recurrenceID, reference: request.reference)
        let body = APIPixMessages.CobRRequest(
            idRec: recurrenceID, infoAdicional: String(request.reference.prefix(140)),
            calendario: .init(dataDeVencimento: Self.day(dueDate)),
            valor: .init(original: Self.money(cents: request.amountCents)),
            ajusteDiaUtil: true,
            recebedor: .init(conta: account.number, tipoConta: account.kind.rawValue, agencia: account.branch))
        do {
            let cobr: APIPixMessages.CobR = try await call("PUT", "/cobr/" + txid, body: body)
            return Charge(id: txid, status: Self.cycleStatus(cobr.status, payments: cobr.pix))
        } catch PaymentProviderError.refused(let status, let message) where (400..<500).contains(status) {
            // Made already, by a request whose answer was lost: that charge is this cycle's.
            guard let made: APIPixMessages.CobR = try? await call("GET", "/cobr/" + txid, body: Optional<String>.none),
                made.idRec == recurrenceID
            else { throw PaymentProviderError.refused(status: status, message: message) }
            return Charge(id: txid, status: Self.cycleStatus(made.status, payments: made.pix))
        }
    }

    /// A cycle's txid: `cfr` and 29 hex digits of an HMAC, keyed by the client secret, of the recurrence and our
    /// reference for the cycle (`sub<ID>c<cycle>`).
    func cycleTxid(recurrenceID: String, reference: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data("cobr:\(recurrenceID):\(reference)".utf8), using: SymmetricKey(data: Data(clientSecret.utf8)))
        return Self.cyclePrefix + String(Data(mac).lowercaseHex.prefix(32 - Self.cyclePrefix.count))
    }

    func cobRequest(_ request: ChargeRequest, recurrence: String?) -> APIPixMessages.CobRequest {
        var information = [
            APIPixMessages.AdditionalInfo(nome: Self.referenceInfo, valor: String(request.reference.prefix(200)))
        ]
        if let recurrence { information.append(.init(nome: Self.recurrenceInfo, valor: recurrence)) }
        return APIPixMessages.CobRequest(
            calendario: .init(expiracao: max(60, Int(request.expiresIn))), devedor: debtor(request.customer),
            valor: .init(original: Self.money(cents: request.amountCents)), chave: settings.pixKey,
            solicitacaoPagador: String(request.description.prefix(140)), infoAdicionais: information)
    }

    func debtor(_ customer: Customer) -> APIPixMessages.Debtor {
        .init(cpf: customer.cpf.digits, nome: String(customer.name.prefix(140)))
    }

    /// The names of the `infoAdicionais` a charge carries our reference and its recurrence under, which a fetch
    /// reads back.
    static let referenceInfo = "pedido"
    static let recurrenceInfo = "recorrencia"

    public func fetchCharge(id: String) async throws -> ChargeState {
        try Self.checkID(id, "txid")
        if id.hasPrefix(Self.cyclePrefix) {
            let cobr: APIPixMessages.CobR = try await call("GET", "/cobr/" + id, body: Optional<String>.none)
            return ChargeState(
                chargeID: cobr.txid, status: Self.cycleStatus(cobr.status, payments: cobr.pix),
                amountCents: Self.paidCents(cobr.pix) ?? cobr.valor.flatMap { Self.cents($0.original) },
                reference: cobr.infoAdicional, recurrenceID: cobr.idRec)
        }
        let cob: APIPixMessages.Cob = try await call("GET", "/cob/" + id, body: Optional<String>.none)
        let information = Dictionary(
            (cob.infoAdicionais ?? []).map { ($0.nome, $0.valor) }, uniquingKeysWith: { first, _ in first })
        return ChargeState(
            chargeID: cob.txid, status: Self.chargeStatus(cob.status, payments: cob.pix),
            amountCents: Self.paidCents(cob.pix) ?? cob.valor.flatMap { Self.cents($0.original) },
            reference: information[Self.referenceInfo], recurrenceID: information[Self.recurrenceInfo])
    }

    /// A `cob`'s statuses: `ATIVA` until paid (`CONCLUIDA`) or removed by us or the PSP.
    static func chargeStatus(_ status: String, payments: [APIPixMessages.Payment]?) -> ChargeStatus {
        switch status {
        case "CONCLUIDA": refundStatus(payments) ?? .paid
        case "REMOVIDA_PELO_USUARIO_RECEBEDOR", "REMOVIDA_PELO_PSP": .failed
        default: .pending
        }
    }

    /// A `cobr`'s statuses: `CRIADA`, then `ATIVA` once the payer's PSP scheduled it, `CONCLUIDA` when paid;
    /// `REJEITADA`, `CANCELADA` or `EXPIRADA` (its retries spent) when it never will be.
    static func cycleStatus(_ status: String, payments: [APIPixMessages.Payment]?) -> ChargeStatus {
        switch status {
        case "CONCLUIDA": refundStatus(payments) ?? .paid
        case "REJEITADA", "CANCELADA", "EXPIRADA": .failed
        default: .pending
        }
    }

    /// A paid charge whose payment was given back in full: refunded by the receiver, or returned through the
    /// MED (the Pix dispute mechanism, which is what a chargeback is to a card).
    static func refundStatus(_ payments: [APIPixMessages.Payment]?) -> ChargeStatus? {
        guard let payments, let paid = paidCents(payments), paid > 0 else { return nil }
        let refunds = payments.flatMap { $0.devolucoes ?? [] }.filter { $0.status == "DEVOLVIDO" }
        let returned = refunds.compactMap { $0.valor.flatMap(cents) }.reduce(0, +)
        guard returned >= paid else { return nil }
        return refunds.contains { $0.natureza?.hasPrefix("MED") == true } ? .chargedBack : .refunded
    }

    static func paidCents(_ payments: [APIPixMessages.Payment]?) -> Int? {
        let amounts = (payments ?? []).compactMap { $0.valor.flatMap(cents) }
        return amounts.isEmpty ? nil : amounts.reduce(0, +)
    }

    // MARK: Recurrences

    public func fetchRecurrence(id: String) async throws -> RecurrenceState {
        let rec = try await fetchRec(id)
        return RecurrenceState(
            id: rec.idRec, status: Self.recurrenceStatus(rec.status), providerStatus: rec.status,
            reference: rec.vinculo?.contrato)
    }

    func fetchRec(_ id: String) async throws -> APIPixMessages.Rec {
        try Self.checkID(id, "idRec")
        return try await call("GET", "/rec/" + id, body: Optional<String>.none)
    }

    public func cancelRecurrence(id: String) async throws {
        try Self.checkID(id, "idRec")
        do {
            let _: Ignored = try await call(
                "PATCH", "/rec/" + id, body: APIPixMessages.RecStatusChange(status: "CANCELADA"))
        } catch PaymentProviderError.refused(let status, let message) where (400..<500).contains(status) {
            // Ended already (cancelled in the payer's bank, rejected, expired) is what was asked for.
            guard try await fetchRecurrence(id: id).status == .stopped else {
                throw PaymentProviderError.refused(status: status, message: message)
            }
        }
    }

    /// A cycle's charge, cancelled before the payer's bank pays it (`PATCH /cobr/{txid}`, allowed until the day
    /// before its first attempt). One that ended already (cancelled, rejected, expired) is what was asked for.
    public func cancelCharge(id: String) async throws {
        try Self.checkID(id, "txid")
        guard id.hasPrefix(Self.cyclePrefix) else { return }
        do {
            let _: Ignored = try await call(
                "PATCH", "/cobr/" + id, body: APIPixMessages.RecStatusChange(status: "CANCELADA"))
        } catch PaymentProviderError.refused(let status, let message) where (400..<500).contains(status) {
            guard try await fetchCharge(id: id).status == .failed else {
                throw PaymentProviderError.refused(status: status, message: message)
            }
        }
    }

    /// `CRIADA` until the payer answers; `APROVADA` while it charges; `REJEITADA`, `CANCELADA` or `EXPIRADA`
    /// (past its end date) when it charges nothing more.
    static func recurrenceStatus(_ status: String) -> RecurrenceState.Status {
        switch status {
        case "APROVADA": .active
        case "REJEITADA", "CANCELADA", "EXPIRADA": .stopped
        default: .pending
        }
    }

    /// Tells the PSP where to call: `{url}/pix` for charges paid, `{url}/rec` for recurrences, `{url}/cobr` for
    /// cycles. The PSP appends the suffixes.
    public func registerWebhooks(url: String) async throws {
        let body = APIPixMessages.WebhookRegistration(webhookUrl: url)
        // A key may be an e-mail or a phone number (`+55…`): only RFC 3986's unreserved characters stay as they are.
        let unreserved = CharacterSet(
            charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        let key = settings.pixKey.addingPercentEncoding(withAllowedCharacters: unreserved) ?? settings.pixKey
        let _: Ignored = try await call("PUT", "/webhook/" + key, body: body)
        let _: Ignored = try await call("PUT", "/webhookrec", body: body)
        let _: Ignored = try await call("PUT", "/webhookcobr", body: body)
    }

    // MARK: Webhooks

    public func verifyPostback(_ postback: IncomingPostback, now: Date) async throws -> PostbackEvent {
        let events = try await verifyPostbackEvents(postback, now: now)
        guard let first = events.first else { throw PostbackRejection.unreadable("an API Pix callback naming nothing") }
        return first
    }

    /// Every charge and recurrence a callback names (the PSP batches them), each to be fetched before it counts.
    public func verifyPostbackEvents(_ postback: IncomingPostback, now: Date) async throws -> [PostbackEvent] {
        guard let callback = try? JSONDecoder().decode(APIPixMessages.Callback.self, from: postback.body) else {
            throw PostbackRejection.unreadable("not an API Pix callback (pix, recs or cobsr)")
        }
        var events: [PostbackEvent] = []
        for payment in callback.pix ?? [] {
            // A Pix paid to the key without a charge (a static QR code) has no txid: it is nothing of ours.
            guard let txid = payment.txid, Self.isID(txid) else { continue }
            events.append(
                PostbackEvent(
                    eventID: "pix:" + (payment.endToEndId ?? txid), chargeID: txid, status: .pending, amountCents: nil,
                    reference: nil))
        }
        for cycle in callback.cobsr ?? [] where Self.isID(cycle.txid) {
            events.append(
                PostbackEvent(
                    eventID: "cobr:\(cycle.txid):\(cycle.status ?? "")", chargeID: cycle.txid, status: .pending,
                    amountCents: nil, reference: nil))
        }
        for rec in callback.recs ?? [] where Self.isID(rec.idRec) {
            var event = PostbackEvent(
                eventID: "rec:\(rec.idRec):\(rec.status ?? "")", chargeID: rec.idRec, status: .pending,
                amountCents: nil, reference: nil)
            event.subject = .recurrence
            events.append(event)
        }
        guard !events.isEmpty else {
            if callback.pix?.isEmpty == false { throw PostbackNotAboutPayment(topic: "pix without a txid") }
            throw PostbackRejection.unreadable("an API Pix callback naming no charge or recurrence")
        }
        return events
    }

    // MARK: Plumbing

    /// API Pix's largest amount: `\d{1,10}\.\d{2}`.
    static let maximumCents = 999_999_999_999

    /// An answer whose body we don't read (some PSPs send none).
    struct Ignored: Decodable {}

    func call<Body: Encodable, Answer: Decodable>(
        _ method: String, _ path: String, body: Body?
    ) async throws -> Answer {
        var data: Data?
        if let body { data = try JSONEncoder().encode(body) }
        var response = try await send(method, path, data, token: accessToken())
        if response.status == 401 {
            // A token the PSP dropped early (revoked, or bound to a certificate since replaced): ask once more.
            await tokens.forget(tokenKey)
            response = try await send(method, path, data, token: accessToken())
        }
        guard (200..<300).contains(response.status) else {
            throw PaymentProviderError.refused(status: response.status, message: Self.problem(response))
        }
        if Answer.self == Ignored.self, let ignored = Ignored() as? Answer { return ignored }
        do {
            return try JSONDecoder().decode(Answer.self, from: response.body)
        } catch {
            throw PaymentProviderError.unreadable("\(method) \(path.prefix(80)): \(error)")
        }
    }

    func send(_ method: String, _ path: String, _ body: Data?, token: String) async throws -> ProviderHTTPResponse {
        var headers = ["authorization": "Bearer \(token)", "accept": "application/json"]
        if body != nil { headers["content-type"] = "application/json" }
        do {
            return try await transport.send(
                ProviderHTTPRequest(
                    method: method, url: apiBaseURL + path, headers: headers, body: body, clientIdentity: identity))
        } catch {
            throw PaymentProviderError.unreachable("\(method) \(path.prefix(80)): \(error)")
        }
    }

    var tokenKey: APIPixTokens.Key {
        .init(
            tokenURL: settings.tokenURL, clientID: clientID, clientSecret: clientSecret, identity: identity,
            scopes: settings.scopes)
    }

    func accessToken() async throws -> String {
        try await tokens.token(for: tokenKey, now: now()) { [self] in try await requestToken() }
    }

    /// The client-credentials grant, over the same mutual TLS as every call.
    func requestToken() async throws -> (value: String, lifetime: TimeInterval) {
        let basic = Data("\(clientID):\(clientSecret)".utf8).base64EncodedString()
        var headers = ["authorization": "Basic \(basic)", "accept": "application/json"]
        let body: Data
        switch settings.tokenRequestFormat {
        case .form:
            headers["content-type"] = "application/x-www-form-urlencoded"
            var form = "grant_type=client_credentials"
            if let scopes = settings.scopes, !scopes.isEmpty {
                let unreserved = CharacterSet(
                    charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
                form += "&scope=" + (scopes.addingPercentEncoding(withAllowedCharacters: unreserved) ?? "")
            }
            body = Data(form.utf8)
        case .json:
            headers["content-type"] = "application/json"
            var grant = ["grant_type": "client_credentials"]
            if let scopes = settings.scopes, !scopes.isEmpty { grant["scope"] = scopes }
            body = try JSONEncoder().encode(grant)
        }
        let response: ProviderHTTPResponse
        do {
            response = try await transport.send(
                ProviderHTTPRequest(
                    method: "POST", url: settings.tokenURL, headers: headers, body: body, clientIdentity: identity))
        } catch {
            throw PaymentProviderError.unreachable("the OAuth token request: \(error)")
        }
        guard (200..<300).contains(response.status) else {
            throw PaymentProviderError.refused(
                status: response.status, message: "the PSP refused the client credentials: " + Self.problem(response))
        }
        guard let answer = try? JSONDecoder().decode(APIPixMessages.TokenAnswer.self, from: response.body),
            !answer.accessToken.isEmpty
        else { throw PaymentProviderError.unreadable("the OAuth token answer has no access_token") }
        return (answer.accessToken, answer.expiresIn ?? 3600)
    }

    static func problem(_ response: ProviderHTTPResponse) -> String {
        let problem = try? JSONDecoder().decode(APIPixMessages.Problem.self, from: response.body)
        let message = problem?.message ?? ""
        let text = message.isEmpty ? String(decoding: response.body.prefix(300), as: UTF8.self) : message
        return response.status >= 500 ? "the PSP failed (HTTP \(response.status)) \(text)" : text
    }

    /// Ids that go into a path: the spec's txid (26–35) and idRec (29) are alphanumeric; a callback's may be
    /// shorter, never longer or anything else.
    static func isID(_ id: String) -> Bool {
        (1...35).contains(id.count) && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }

    static func checkID(_ id: String, _ what: String) throws {
        guard isID(id) else {
            throw PaymentProviderError.unreadable("\(what) '\(id.prefix(64))' is not 1 to 35 letters and digits")
        }
    }

    /// A txid of ours: the prefix, then random letters and digits, 32 in all (the spec allows 26 to 35).
    static func newTxid(_ prefix: String) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return prefix + String((0..<(32 - prefix.count)).map { _ in alphabet[Int.random(in: 0..<alphabet.count)] })
    }

    /// Whether a BR Code is Jornada 3's composite: a valid CRC, the charge's location (26) and the recurrence's (80).
    static func isCompositeCode(_ code: String) -> Bool {
        guard PixBRCode.hasValidCRC(code), let fields = PixBRCode.fields(code) else { return false }
        return fields["26"] != nil && fields["80"] != nil
    }

    static func periodicity(_ recurrence: Recurrence) throws -> String {
        switch (recurrence.unit, recurrence.count) {
        case (.months, 1): "MENSAL"
        case (.months, 3): "TRIMESTRAL"
        case (.months, 6): "SEMESTRAL"
        case (.months, 12): "ANUAL"
        case (.days, 7): "SEMANAL"
        default:
            throw PaymentProviderError.refused(
                status: 422,
                message: "Pix Automático renews weekly, monthly, quarterly, half-yearly or yearly, not every "
                    + "\(recurrence.count) \(recurrence.unit.rawValue)")
        }
    }

    static let saoPaulo: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "America/Sao_Paulo") ?? .gmt
        return calendar
    }()

    /// A date as API Pix writes one, `YYYY-MM-DD`, in São Paulo.
    public static func day(_ date: Date) -> String {
        let parts = saoPaulo.dateComponents([.year, .month, .day], from: date)
        func padded(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return padded(parts.year, 4) + "-" + padded(parts.month, 2) + "-" + padded(parts.day, 2)
    }

    /// Calendar days from one date to another, in São Paulo.
    static func daysBetween(_ from: Date, _ to: Date) -> Int {
        saoPaulo.dateComponents([.day], from: saoPaulo.startOfDay(for: from), to: saoPaulo.startOfDay(for: to)).day
            ?? 0
    }

    /// One period later: the same day of the month, clamped to the month's end (as the calendar does).
    static func advance(_ date: Date, by recurrence: Recurrence) -> Date {
        let component: Calendar.Component = recurrence.unit == .months ? .month : .day
        return saoPaulo.date(byAdding: component, value: recurrence.count, to: date) ?? date
    }

    /// Cents as API Pix writes money: `1234.56`.
    static func money(cents: Int) -> String {
        let fraction = cents % 100
        return "\(cents / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }

    /// API Pix money back in cents; nil when it isn't a decimal amount.
    static func cents(_ text: String) -> Int? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = Int(parts[0]), whole >= 0, parts[0].allSatisfy(\.isNumber)
        else { return nil }
        guard parts.count == 2 else { return whole * 100 }
        let fraction = parts[1]
        guard (1...2).contains(fraction.count), fraction.allSatisfy(\.isNumber), let value = Int(fraction) else {
            return nil
        }
        return whole * 100 + (fraction.count == 1 ? value * 10 : value)
    }
}
