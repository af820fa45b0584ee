import Foundation
import NIOCore
import NIOSSL
import Payments
import Vapor

/// TEST DOUBLE of an external service: a local stand-in for a PSP's API Pix (the Banco Central's standard,
/// version 2.8.2), since no PSP is reachable from here. It serves HTTPS on loopback and demands a client
/// certificate its own CA issued (mutual TLS, as the standard requires), hands out OAuth tokens for the client
/// credentials, and answers the calls CreatorFlix makes with the shapes `openapi.yaml` documents: `POST /locrec`,
/// `POST|GET|PATCH /rec`, `PUT|GET /cob`, `PUT|GET /cobr`, `PUT /webhook/{chave}`, `/webhookrec` and
/// `/webhookcobr`. It checks the request bodies against the spec's patterns and answers problem+json with
/// `violacoes`, as a PSP does. It is not a PSP: no money moves, tokens aren't bound to the certificate (RFC
/// 8705), and the payer's side (paying, approving, cancelling in the bank) is driven by the test.
public final class APIPixStandIn: @unchecked Sendable {
    public static let clientID = "creatorflix-client-id"
    public static let clientSecret = "creatorflix-client-secret"
    public static let pixKey = "pix@creatorflix.example"

    public struct Recorded: Sendable {
        public let method: String
        public let path: String
        public let authorization: String?
        public let body: Data
    }

    public struct Rec: Sendable {
        public var idRec: String
        public var status: String
        public var contract: String
        public var amount: String
        public var location: Int64
        public var journeyTxid: String?
        public var periodicity: String
        public var firstDate: String
    }

    public struct Cob: Sendable {
        public var txid: String
        public var status: String
        public var amount: String
        public var information: [[String: String]]
        public var refunded: (amount: String, nature: String)?
    }

    public struct CobR: Sendable {
        public var txid: String
        public var idRec: String
        public var status: String
        public var amount: String
        public var dueDate: String
        public var information: String?
    }

    private let lock = NSLock()
    private var recorded: [Recorded] = []
    private var tokens: Set<String> = []
    private var locations: [Int64: (location: String, idRec: String?)] = [:]
    private var nextLocation: Int64 = 9001
    private var recs: [String: Rec] = [:]
    private var cobs: [String: Cob] = [:]
    private var cobrs: [String: CobR] = [:]
    private var webhooks: [String: String] = [:]
    /// When set, every API call (the token's too) answers this status, as an outage would.
    private var failingStatus: Int?
    /// When set, every API call waits this long before answering, as a PSP that hangs does.
    private var delay: Duration?

    private let app: Application
    public private(set) var baseURL = ""
    public var apiBaseURL: String { baseURL + "/api/v2" }
    public var tokenURL: String { baseURL + "/oauth/token" }

    private init(app: Application) { self.app = app }

    public static func start(certificates: TestCertificates) async throws -> APIPixStandIn {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .critical
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMBytes(Array(certificates.serverCertificatePEM.utf8)).map {
                .certificate($0)
            },
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(certificates.serverKeyPEM.utf8), format: .pem)))
        // Mutual TLS: a client must present a certificate this PSP's CA issued, or the handshake fails.
        tls.certificateVerification = .noHostnameVerification
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(certificates.authorityPEM.utf8)))
        app.http.server.configuration.tlsConfiguration = tls
        let standIn = APIPixStandIn(app: app)
        standIn.routes()
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        guard let port = app.http.server.shared.localAddress?.port else {
            throw Abort(.internalServerError, reason: "no port")
        }
        standIn.baseURL = "https://127.0.0.1:\(port)"
        return standIn
    }

    public func stop() async throws {
        await app.server.shutdown()
        try await app.asyncShutdown()
    }

    // MARK: What the test reads and drives

    public var requests: [Recorded] { lock.withLock { recorded } }
    public var tokensIssued: Int { lock.withLock { tokens.count } }
    public var registeredWebhooks: [String: String] { lock.withLock { webhooks } }
    public func rec(_ id: String) -> Rec? { lock.withLock { recs[id] } }
    public func cob(_ txid: String) -> Cob? { lock.withLock { cobs[txid] } }
    public func cobr(_ txid: String) -> CobR? { lock.withLock { cobrs[txid] } }
    public func fail(with status: Int?) { lock.withLock { failingStatus = status } }
    public func hang(for delay: Duration?) { lock.withLock { self.delay = delay } }

    /// The payer scans the composite code and pays: the charge is concluded and, for Jornada 3, the recurrence
    /// it carries approved.
    public func payerPays(_ txid: String) {
        lock.withLock {
            cobs[txid]?.status = "CONCLUIDA"
            if let rec = recs.values.first(where: { $0.journeyTxid == txid }) { recs[rec.idRec]?.status = "APROVADA" }
        }
    }

    public func payerCancels(_ idRec: String) { lock.withLock { recs[idRec]?.status = "CANCELADA" } }
    public func settleCycle(_ txid: String, as status: String = "CONCLUIDA") {
        lock.withLock { cobrs[txid]?.status = status }
    }
    public func refund(_ txid: String, nature: String = "ORIGINAL") {
        lock.withLock {
            if let cob = cobs[txid] { cobs[txid]?.refunded = (cob.amount, nature) }
        }
    }

    // MARK: Routes

    private func routes() {
        let api = app.grouped("api", "v2")
        app.post("oauth", "token") { [self] request in
            try await answer(request, authenticated: false) { try token(request) }
        }
        api.post("locrec") { [self] request in try await answer(request) { createLocation() } }
        api.post("rec") { [self] request in try await answer(request) { try createRec(try body(request)) } }
        api.get("rec", ":id") { [self] request in
            try await answer(request) { try readRec(request.parameters.get("id") ?? "", txid: request.query["txid"]) }
        }
        api.patch("rec", ":id") { [self] request in
            try await answer(request) { try reviseRec(request.parameters.get("id") ?? "", try body(request)) }
        }
        api.put("cob", ":txid") { [self] request in
            try await answer(request) { try createCob(request.parameters.get("txid") ?? "", try body(request)) }
        }
        api.get("cob", ":txid") { [self] request in
            try await answer(request) { try readCob(request.parameters.get("txid") ?? "") }
        }
        api.put("cobr", ":txid") { [self] request in
            try await answer(request) { try createCobR(request.parameters.get("txid") ?? "", try body(request)) }
        }
        api.patch("cobr", ":txid") { [self] request in
            try await answer(request) { try cancelCobR(request.parameters.get("txid") ?? "", try body(request)) }
        }
        api.get("cobr", ":txid") { [self] request in
            try await answer(request) { try readCobR(request.parameters.get("txid") ?? "") }
        }
        for path in ["webhookrec", "webhookcobr"] {
            api.put(.constant(path)) { [self] request in
                try await answer(request) { try registerWebhook(path, try body(request)) }
            }
        }
        api.put("webhook", ":key") { [self] request in
            try await answer(request) {
                try registerWebhook("webhook/" + (request.parameters.get("key") ?? ""), try body(request))
            }
        }
    }

    /// A problem+json answer, as API Pix shapes its errors.
    struct Problem: Error {
        var status: Int
        var name: String
        var title: String
        var detail: String
        var violations: [(reason: String, property: String)] = []
    }

    private func answer(
        _ request: Request, authenticated: Bool = true, _ handler: () throws -> (Int, Any)
    ) async throws -> Response {
        let data = request.body.data.map { Data(buffer: $0) } ?? Data()
        let (failing, delay) = lock.withLock {
            recorded.append(
                Recorded(
                    method: request.method.rawValue, path: request.url.string,
                    authorization: request.headers.first(name: .authorization), body: data))
            return (failingStatus, self.delay)
        }
        if let delay { try await Task.sleep(for: delay) }
        do {
            if let failing {
                throw Problem(
                    status: failing, name: "ServicoIndisponivel", title: "Serviço indisponível",
                    detail: "O PSP está fora do ar.")
            }
            if authenticated {
                let bearer = request.headers.bearerAuthorization?.token ?? ""
                guard lock.withLock({ tokens.contains(bearer) }) else {
                    throw Problem(
                        status: 401, name: "AcessoNegado", title: "Acesso negado", detail: "Token ausente ou inválido.")
                }
            }
            let (status, body) = try lock.withLock { try handler() }
            return try json(status, body)
        } catch let problem as Problem {
            var body: [String: Any] = [
                "type": "https://pix.bcb.gov.br/api/v2/error/\(problem.name)", "title": problem.title,
                "status": problem.status, "detail": problem.detail,
            ]
            if !problem.violations.isEmpty {
                body["violacoes"] = problem.violations.map { ["razao": $0.reason, "propriedade": $0.property] }
            }
            let response = try json(problem.status, body)
            response.headers.contentType = HTTPMediaType(type: "application", subType: "problem+json")
            return response
        }
    }

    private func json(_ status: Int, _ body: Any) throws -> Response {
        let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        let response = Response(status: HTTPResponseStatus(statusCode: status), body: .init(data: data))
        response.headers.contentType = .json
        return response
    }

    private func body(_ request: Request) throws -> [String: Any] {
        guard let buffer = request.body.data,
            let object = try? JSONSerialization.jsonObject(with: Data(buffer: buffer)) as? [String: Any]
        else {
            throw Problem(
                status: 400, name: "RequisicaoInvalida", title: "Requisição inválida", detail: "O corpo não é JSON.")
        }
        return object
    }

    // MARK: OAuth (called under no lock)

    private func token(_ request: Request) throws -> (Int, Any) {
        guard let basic = request.headers.basicAuthorization, basic.username == Self.clientID,
            basic.password == Self.clientSecret
        else {
            throw Problem(
                status: 401, name: "invalid_client", title: "invalid_client", detail: "Credenciais inválidas.")
        }
        let text = request.body.data.map { String(buffer: $0) } ?? ""
        guard text.contains("grant_type=client_credentials") || text.contains("\"client_credentials\"") else {
            throw Problem(status: 400, name: "unsupported_grant_type", title: "unsupported_grant_type", detail: text)
        }
        let token = "standin-token-" + UUID().uuidString
        tokens.insert(token)
        return (
            200,
            [
                "access_token": token, "token_type": "Bearer", "expires_in": 3600,
                "scope": "cob.write cob.read rec.write rec.read cobr.write cobr.read",
            ]
        )
    }

    // MARK: Resources (each called with the lock held)

    /// `[a-zA-Z0-9]{26,35}`
    static func isTxid(_ text: String) -> Bool {
        (26...35).contains(text.count) && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }

    /// `\d{1,10}\.\d{2}`
    static func isMoney(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 2 && (1...10).contains(parts[0].count) && parts[1].count == 2
            && parts.allSatisfy { $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }

    /// `YYYY-MM-DD`
    static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        return parts.map(\.count) == [4, 2, 2] && parts.allSatisfy { $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }

    static func today() -> String { APIPixGateway.day(Date()) }

    private func invalid(_ name: String, _ property: String, _ reason: String) -> Problem {
        Problem(
            status: 400, name: name, title: "Operação inválida.", detail: "A requisição não respeita o schema.",
            violations: [(reason, property)])
    }

    private func createLocation() -> (Int, Any) {
        let id = nextLocation
        nextLocation += 1
        let location =
            "qr.standin.invalid/qr/v2/rec/" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        locations[id] = (location, nil)
        return (201, ["id": id, "location": location, "criacao": Date().ISO8601Format()])
    }

    private func createRec(_ body: [String: Any]) throws -> (Int, Any) {
        let link = body["vinculo"] as? [String: Any]
        guard let contract = link?["contrato"] as? String, (1...35).contains(contract.count) else {
            throw invalid(
                "RecOperacaoInvalida", "rec.vinculo.contrato", "O campo rec.vinculo.contrato não respeita o schema.")
        }
        guard let debtor = link?["devedor"] as? [String: Any], let cpf = debtor["cpf"] as? String,
            cpf.count == 11, cpf.allSatisfy(\.isNumber), debtor["nome"] is String
        else {
            throw invalid(
                "RecOperacaoInvalida", "rec.vinculo.devedor", "O campo rec.vinculo.devedor não respeita o schema.")
        }
        let calendar = body["calendario"] as? [String: Any]
        guard let first = calendar?["dataInicial"] as? String, Self.isDate(first),
            first >= Self.today()
        else {
            throw invalid(
                "RecOperacaoInvalida", "rec.calendario.dataInicial",
                "O campo rec.calendario.dataInicial é anterior à data de criação.")
        }
        guard let periodicity = calendar?["periodicidade"] as? String,
            ["SEMANAL", "MENSAL", "TRIMESTRAL", "SEMESTRAL", "ANUAL"].contains(periodicity)
        else {
            throw invalid(
                "RecOperacaoInvalida", "rec.calendario.periodicidade",
                "O campo rec.calendario.periodicidade não respeita o schema.")
        }
        guard let amount = (body["valor"] as? [String: Any])?["valorRec"] as? String,
            Self.isMoney(amount)
        else {
            throw invalid(
                "RecOperacaoInvalida", "rec.valor.valorRec", "O campo rec.valor.valorRec não respeita o schema.")
        }
        guard let policy = body["politicaRetentativa"] as? String, ["NAO_PERMITE", "PERMITE_3R_7D"].contains(policy)
        else {
            throw invalid(
                "RecOperacaoInvalida", "rec.politicaRetentativa",
                "O campo rec.politicaRetentativa não respeita o schema.")
        }
        guard let location = (body["loc"] as? NSNumber)?.int64Value, let held = locations[location], held.idRec == nil
        else {
            throw invalid(
                "RecOperacaoInvalida", "rec.loc", "A location não existe ou já está vinculada a outra recorrência.")
        }
        let id =
            "R" + (policy == "PERMITE_3R_7D" ? "R" : "N") + "12345678"
            + Self.today().replacingOccurrences(of: "-", with: "")
            + String(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(11))
        locations[location]?.idRec = id
        let rec = Rec(
            idRec: id, status: "CRIADA", contract: contract, amount: amount, location: location, journeyTxid: nil,
            periodicity: periodicity, firstDate: first)
        recs[id] = rec
        return (201, recBody(rec, composite: nil))
    }

    private func recBody(_ rec: Rec, composite: String?) -> [String: Any] {
        var body: [String: Any] = [
            "idRec": rec.idRec, "status": rec.status, "vinculo": ["contrato": rec.contract],
            "valor": ["valorRec": rec.amount],
            "calendario": ["dataInicial": rec.firstDate, "periodicidade": rec.periodicity],
            "atualizacao": [["status": rec.status, "data": Date().ISO8601Format()]],
            "loc": ["id": rec.location, "location": locations[rec.location]?.location ?? ""],
        ]
        if let txid = rec.journeyTxid {
            body["ativacao"] = ["tipoJornada": "JORNADA_3", "dadosJornada": ["txid": txid]]
        }
        if let composite { body["dadosQR"] = ["jornada": "JORNADA_3", "pixCopiaECola": composite] }
        return body
    }

    private func findRec(_ id: String) throws -> Rec {
        guard let rec = recs[id] else {
            throw Problem(
                status: 404, name: "RecNaoEncontrada", title: "Recorrência não encontrada",
                detail: "Não há recorrência \(id).")
        }
        return rec
    }

    private func readRec(_ id: String, txid: String?) throws -> (Int, Any) {
        let rec = try findRec(id)
        guard let txid else { return (200, recBody(rec, composite: nil)) }
        guard rec.journeyTxid == txid, let cob = cobs[txid] else {
            throw invalid(
                "RecConsultaInvalida", "txid", "O txid informado não corresponde a rec.ativacao.dadosJornada.txid.")
        }
        return (200, recBody(rec, composite: compositeCode(cob: cob, rec: rec)))
    }

    private func reviseRec(_ id: String, _ body: [String: Any]) throws -> (Int, Any) {
        let rec = try findRec(id)
        guard !["CANCELADA", "REJEITADA", "EXPIRADA"].contains(rec.status) else {
            throw invalid(
                "RecOperacaoInvalida", "rec.status", "A recorrência está \(rec.status) e não pode ser alterada.")
        }
        if let status = body["status"] {
            guard status as? String == "CANCELADA" else {
                throw invalid("RecOperacaoInvalida", "rec.status", "O campo rec.status só aceita CANCELADA.")
            }
            recs[id]?.status = "CANCELADA"
        }
        if let activation = body["ativacao"] as? [String: Any] {
            guard let txid = (activation["dadosJornada"] as? [String: Any])?["txid"] as? String, cobs[txid] != nil
            else {
                throw invalid(
                    "RecOperacaoInvalida", "rec.ativacao.dadosJornada.txid", "A cobrança imediata informada não existe."
                )
            }
            recs[id]?.journeyTxid = txid
        }
        return (200, recBody(recs[id] ?? rec, composite: nil))
    }

    private func createCob(_ txid: String, _ body: [String: Any]) throws -> (Int, Any) {
        guard Self.isTxid(txid) else {
            throw invalid("CobOperacaoInvalida", "cob.txid", "O campo cob.txid não respeita o schema.")
        }
        guard cobs[txid] == nil else {
            throw invalid("CobOperacaoInvalida", "cob.txid", "O txid informado já foi utilizado.")
        }
        guard let expiry = (body["calendario"] as? [String: Any])?["expiracao"] as? Int, expiry > 0 else {
            throw invalid(
                "CobOperacaoInvalida", "cob.calendario.expiracao",
                "O campo cob.calendario.expiracao não respeita o schema.")
        }
        guard let amount = (body["valor"] as? [String: Any])?["original"] as? String,
            Self.isMoney(amount)
        else {
            throw invalid(
                "CobOperacaoInvalida", "cob.valor.original", "O campo cob.valor.original não respeita o schema.")
        }
        guard body["chave"] as? String == Self.pixKey else {
            throw invalid("CobOperacaoInvalida", "cob.chave", "A chave não pertence ao usuário recebedor.")
        }
        let information = (body["infoAdicionais"] as? [[String: String]]) ?? []
        let cob = Cob(txid: txid, status: "ATIVA", amount: amount, information: information)
        cobs[txid] = cob
        return (201, cobBody(cob))
    }

    private func cobLocation(_ txid: String) -> String { "qr.standin.invalid/qr/v2/cob" + txid.lowercased() }

    private func cobBody(_ cob: Cob) -> [String: Any] {
        var body: [String: Any] = [
            "txid": cob.txid, "status": cob.status, "valor": ["original": cob.amount], "chave": Self.pixKey,
            "location": cobLocation(cob.txid), "infoAdicionais": cob.information,
            "pixCopiaECola": staticCode(location: cobLocation(cob.txid)),
        ]
        if cob.status == "CONCLUIDA" {
            var payment: [String: Any] = [
                "endToEndId": "E12345678202612041200" + cob.txid.prefix(11), "txid": cob.txid, "valor": cob.amount,
            ]
            if let refund = cob.refunded {
                payment["devolucoes"] = [
                    ["id": "D1", "valor": refund.amount, "status": "DEVOLVIDO", "natureza": refund.nature]
                ]
            }
            body["pix"] = [payment]
        }
        return body
    }

    private func readCob(_ txid: String) throws -> (Int, Any) {
        guard let cob = cobs[txid] else {
            throw Problem(
                status: 404, name: "CobNaoEncontrado", title: "Cobrança não encontrada",
                detail: "Não há cobrança \(txid).")
        }
        return (200, cobBody(cob))
    }

    private func createCobR(_ txid: String, _ body: [String: Any]) throws -> (Int, Any) {
        guard Self.isTxid(txid), cobrs[txid] == nil else {
            throw invalid(
                "CobROperacaoInvalida", "cobr.txid", "O campo cobr.txid não respeita o schema ou já foi utilizado.")
        }
        guard let id = body["idRec"] as? String, let rec = recs[id] else {
            throw invalid("CobROperacaoInvalida", "cobr.idRec", "A recorrência informada não existe.")
        }
        guard rec.status == "APROVADA" else {
            throw invalid("CobROperacaoInvalida", "cobr.idRec", "A recorrência não está aprovada.")
        }
        guard let due = (body["calendario"] as? [String: Any])?["dataDeVencimento"] as? String,
            Self.isDate(due), due >= Self.today()
        else {
            throw invalid(
                "CobROperacaoInvalida", "cobr.calendario.dataDeVencimento",
                "A data de vencimento é anterior à data de criação.")
        }
        guard let amount = (body["valor"] as? [String: Any])?["original"] as? String,
            Self.isMoney(amount)
        else {
            throw invalid(
                "CobROperacaoInvalida", "cobr.valor.original", "O campo cobr.valor.original não respeita o schema.")
        }
        guard let value = Decimal(string: amount), let limit = Decimal(string: rec.amount), value <= limit else {
            throw invalid("CobROperacaoInvalida", "cobr.valor.original", "O valor excede o valor da recorrência.")
        }
        let receiver = body["recebedor"] as? [String: Any]
        guard let account = receiver?["conta"] as? String, (1...20).contains(account.count),
            let kind = receiver?["tipoConta"] as? String, ["CORRENTE", "POUPANCA", "PAGAMENTO"].contains(kind)
        else {
            throw invalid("CobROperacaoInvalida", "cobr.recebedor", "O campo cobr.recebedor não respeita o schema.")
        }
        guard body["ajusteDiaUtil"] is Bool else {
            throw invalid("CobROperacaoInvalida", "cobr.ajusteDiaUtil", "O campo cobr.ajusteDiaUtil é obrigatório.")
        }
        guard
            !cobrs.values.contains(where: {
                $0.idRec == id && $0.dueDate == due && !["REJEITADA", "CANCELADA"].contains($0.status)
            })
        else {
            throw invalid(
                "CobROperacaoInvalida", "cobr.idRec", "Já existe uma cobrança para este ciclo da recorrência.")
        }
        let cobr = CobR(
            txid: txid, idRec: id, status: "CRIADA", amount: amount, dueDate: due,
            information: body["infoAdicional"] as? String)
        cobrs[txid] = cobr
        return (201, cobRBody(cobr))
    }

    private func cobRBody(_ cobr: CobR) -> [String: Any] {
        var body: [String: Any] = [
            "idRec": cobr.idRec, "txid": cobr.txid, "status": cobr.status, "valor": ["original": cobr.amount],
            "calendario": ["dataDeVencimento": cobr.dueDate],
            // Copied from the recurrence, whose id says it: `RR…` allows retries, `RN…` doesn't.
            "politicaRetentativa": cobr.idRec.dropFirst().first == "R" ? "PERMITE_3R_7D" : "NAO_PERMITE",
        ]
        if let information = cobr.information { body["infoAdicional"] = information }
        if cobr.status == "CONCLUIDA" {
            body["pix"] = [
                ["endToEndId": "E12345678202612041200" + cobr.txid.prefix(11), "txid": cobr.txid, "valor": cobr.amount]
            ]
        }
        return body
    }

    private func cancelCobR(_ txid: String, _ body: [String: Any]) throws -> (Int, Any) {
        guard let cobr = cobrs[txid] else {
            throw Problem(
                status: 404, name: "CobRNaoEncontrado", title: "Cobrança recorrente não encontrada",
                detail: "Não há cobrança \(txid).")
        }
        guard body["status"] as? String == "CANCELADA" else {
            throw invalid("CobROperacaoInvalida", "cobr.status", "O campo cobr.status só aceita CANCELADA.")
        }
        guard ["CRIADA", "ATIVA"].contains(cobr.status) else {
            throw invalid(
                "CobROperacaoInvalida", "cobr.status", "A cobrança está \(cobr.status) e não pode ser cancelada.")
        }
        cobrs[txid]?.status = "CANCELADA"
        return (200, cobRBody(cobrs[txid] ?? cobr))
    }

    private func readCobR(_ txid: String) throws -> (Int, Any) {
        guard let cobr = cobrs[txid] else {
            throw Problem(
                status: 404, name: "CobRNaoEncontrado", title: "Cobrança recorrente não encontrada",
                detail: "Não há cobrança \(txid).")
        }
        return (200, cobRBody(cobr))
    }

    private func registerWebhook(_ path: String, _ body: [String: Any]) throws -> (Int, Any) {
        guard let url = body["webhookUrl"] as? String, url.hasPrefix("https://") || url.hasPrefix("http://") else {
            throw invalid("WebhookOperacaoInvalida", "webhookUrl", "O campo webhookUrl não respeita o schema.")
        }
        webhooks[path] = url
        return (200, [String: Any]())
    }

    // MARK: BR Codes

    private func tlv(_ id: String, _ value: String) -> String {
        id + (value.utf8.count < 10 ? "0" : "") + String(value.utf8.count) + value
    }

    private func finish(_ payload: String) -> String {
        let body = payload + "6304"
        return body + PixBRCode.crcHex(body)
    }

    private func header(_ account: String) -> String {
        tlv("00", "01") + tlv("01", "12") + tlv("26", tlv("00", PixBRCode.pixGUI) + tlv("25", account))
            + tlv("52", "0000") + tlv("53", "986") + tlv("58", "BR") + tlv("59", "CreatorFlix Teste")
            + tlv("60", "SAO PAULO")
            + tlv("62", tlv("05", "***"))
    }

    private func staticCode(location: String) -> String { finish(header(location)) }

    /// Jornada 3's composite code: field 26 points at the immediate charge, field 80 at the recurrence.
    private func compositeCode(cob: Cob, rec: Rec) -> String {
        let recLocation = locations[rec.location]?.location ?? ""
        return finish(header(cobLocation(cob.txid)) + tlv("80", tlv("00", PixBRCode.pixGUI) + tlv("25", recLocation)))
    }
}
