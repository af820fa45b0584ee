import APIPixTestBed
import AsyncHTTPClient
import Foundation
import MutualTLS
import NIOSSL
import Payments
import Testing

/// The API Pix gateway against the stand-in PSP over real mutual TLS, with certificates made by `openssl` for
/// this run.
@Suite(.serialized)
struct APIPixOverMutualTLSTests {
    let certificates: TestCertificates

    let customer: Customer

    init() throws {
        certificates = try TestCertificates.shared()
        customer = Customer(
            name: "Maria da Silva", email: "maria@example.com", cpf: try #require(CPF("52998224725")),
            phone: try #require(BrazilianPhone("11987654321")))
    }

    static let account = APIPixSettings.ReceiverAccount(branch: "0001", number: "1234567", kind: .checking)

    /// Runs `body` with a started stand-in and an HTTP client, shutting both down however it ends.
    func withStandIn(
        timeout: Duration = .seconds(15),
        _ body: (APIPixStandIn, HTTPClient, (ClientIdentity, APIPixTokens) -> APIPixGateway) async throws -> Void
    ) async throws {
        let standIn = try await APIPixStandIn.start(certificates: certificates)
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let transport = HTTPClientTransport(
            client: client, timeout: .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000))
        let settings = APIPixSettings(
            apiBaseURL: standIn.apiBaseURL, tokenURL: standIn.tokenURL, pixKey: APIPixStandIn.pixKey,
            receiverAccount: Self.account, serverTrustRootsPEM: certificates.authorityPEM)
        do {
            try await body(standIn, client) { identity, tokens in
                APIPixGateway(
                    clientID: APIPixStandIn.clientID, clientSecret: APIPixStandIn.clientSecret, identity: identity,
                    settings: settings, transport: transport, tokens: tokens)
            }
        } catch {
            try await client.shutdown()
            try await standIn.stop()
            throw error
        }
        try await client.shutdown()
        try await standIn.stop()
    }

    func request(cents: Int = 2990, method: ChargeRequest.Method = .pix, recurrence: Recurrence? = nil) -> ChargeRequest
    {
        ChargeRequest(
            reference: "4217", amountCents: cents, method: method, customer: customer,
            description: "Plano Mensal — CreatorFlix", recurrence: recurrence)
    }

    // MARK: Mutual TLS

    @Test func aClientWithoutACertificateIsRefusedAtTheTLSLayer() async throws {
        try await withStandIn { standIn, client, _ in
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.trustRoots = .certificates(
                try NIOSSLCertificate.fromPEMBytes(Array(certificates.authorityPEM.utf8)))
            var request = HTTPClientRequest(url: standIn.tokenURL)
            request.method = .POST
            request.tlsConfiguration = configuration
            await #expect(throws: (any Error).self) { _ = try await client.execute(request, timeout: .seconds(5)) }
            #expect(standIn.requests.isEmpty, "no HTTP request got through the handshake")
        }
    }

    @Test func aCertificateFromAnotherAuthorityIsRefusedAndTheGatewaySaysSo() async throws {
        try await withStandIn { standIn, _, gateway in
            let error = await #expect(throws: PaymentProviderError.self) {
                _ = try await gateway(certificates.strangerClient, APIPixTokens()).createCharge(request())
            }
            guard case .unreachable(let message) = error else {
                Issue.record("expected unreachable, got \(String(describing: error))")
                return
            }
            #expect(message.contains("TLS handshake with 127.0.0.1 failed"), "\(message)")
            #expect(message.contains("client certificate"), "\(message)")
            #expect(standIn.requests.isEmpty)
        }
    }

    @Test func anExpiredCertificateIsNamedBeforeAnyHandshake() async throws {
        #expect(throws: ClientIdentityProblem.self) { try ClientIdentityCheck.check(certificates.expiredClient) }
        do {
            try ClientIdentityCheck.check(certificates.expiredClient)
        } catch {
            guard case .expired = error else {
                Issue.record("expected expired, got \(error)")
                return
            }
            #expect(error.description.hasPrefix("the certificate expired on "))
        }
        try await withStandIn { standIn, _, gateway in
            let error = await #expect(throws: PaymentProviderError.self) {
                _ = try await gateway(certificates.expiredClient, APIPixTokens()).createCharge(request())
            }
            #expect("\(String(describing: error))".contains("the certificate expired on"))
            #expect(standIn.requests.isEmpty)
        }
    }

    @Test func textThatIsNotPEMAndAKeyOfAnotherCertificateAreRefused() throws {
        let good = certificates.client
        var notPEM = good
        notPEM.certificateChainPEM = "MIIBszCCAVmgAwIBAgIUKZ… (a .p12 pasted as text)"
        #expect(throws: ClientIdentityProblem.notPEM("certificate")) { try ClientIdentityCheck.check(notPEM) }
        var badKey = good
        badKey.privateKeyPEM = "not a key"
        #expect(throws: ClientIdentityProblem.notPEM("private key")) { try ClientIdentityCheck.check(badKey) }
        var mismatched = good
        mismatched.privateKeyPEM = certificates.strangerClient.privateKeyPEM
        #expect(throws: ClientIdentityProblem.keyMismatch) { try ClientIdentityCheck.check(mismatched) }
        try ClientIdentityCheck.check(good)
        let bundle = try #require(ClientIdentity(pemBundle: good.pemBundle, trustRootsPEM: good.trustRootsPEM))
        #expect(bundle == good)
        #expect(ClientIdentity(pemBundle: good.certificateChainPEM) == nil, "a bundle without its key")
    }

    // MARK: OAuth

    @Test func oneTokenServesEveryCallUntilItExpires() async throws {
        try await withStandIn { standIn, _, gateway in
            let tokens = APIPixTokens()
            for _ in 0..<3 { _ = try await gateway(certificates.client, tokens).createCharge(request()) }
            #expect(standIn.tokensIssued == 1)
            let tokenCall = try #require(standIn.requests.first)
            #expect(tokenCall.path == "/oauth/token")
            let basic = Data("\(APIPixStandIn.clientID):\(APIPixStandIn.clientSecret)".utf8).base64EncodedString()
            #expect(tokenCall.authorization == "Basic \(basic)")
            #expect(String(decoding: tokenCall.body, as: UTF8.self) == "grant_type=client_credentials")
            #expect(
                standIn.requests.dropFirst().allSatisfy { $0.authorization?.hasPrefix("Bearer standin-token-") == true }
            )
        }
    }

    // MARK: Jornada 3 and the cycles

    @Test func aRecurringPurchaseShowsOneCompositeCodeForTheChargeAndTheRecurrence() async throws {
        try await withStandIn { standIn, _, gateway in
            let pix = gateway(certificates.client, APIPixTokens())
            let charge = try await pix.createCharge(
                request(recurrence: Recurrence(count: 1, unit: .months, amountCents: 3990)))
            #expect(charge.id.hasPrefix(APIPixGateway.chargePrefix) && charge.id.count == 32)
            let code = try #require(charge.pixCode)
            #expect(PixBRCode.hasValidCRC(code))
            let fields = try #require(PixBRCode.fields(code))
            let chargeLocation = try #require(fields["26"].flatMap(PixBRCode.fields))
            let recurrenceLocation = try #require(fields["80"].flatMap(PixBRCode.fields))
            #expect(chargeLocation["00"] == PixBRCode.pixGUI && recurrenceLocation["00"] == PixBRCode.pixGUI)
            #expect(recurrenceLocation["25"]?.contains("/qr/v2/rec/") == true)

            let paths = standIn.requests.map { "\($0.method) \($0.path.split(separator: "?").first ?? "")" }
            #expect(
                paths.filter { $0 != "POST /oauth/token" }.map { $0.replacingOccurrences(of: charge.id, with: "T") }
                    .prefix(2) == ["POST /api/v2/locrec", "POST /api/v2/rec"])
            let cob = try #require(standIn.cob(charge.id))
            #expect(cob.amount == "29.90")
            let idRec = try #require(cob.information.first { $0["nome"] == "recorrencia" }?["valor"])
            let rec = try #require(standIn.rec(idRec))
            #expect(rec.journeyTxid == charge.id && rec.status == "CRIADA")
            #expect(rec.amount == "39.90", "later cycles at the plan's renewal price")
            #expect(rec.periodicity == "MENSAL" && rec.contract == "4217")

            #expect(try await pix.fetchCharge(id: charge.id).status == .pending)
            #expect(try await pix.fetchRecurrence(id: idRec).status == .pending)
            standIn.payerPays(charge.id)
            let paid = try await pix.fetchCharge(id: charge.id)
            #expect(
                paid
                    == ChargeState(
                        chargeID: charge.id, status: .paid, amountCents: 2990, reference: "4217", recurrenceID: idRec))
            let recurrence = try await pix.fetchRecurrence(id: idRec)
            #expect(
                recurrence.status == .active && recurrence.providerStatus == "APROVADA"
                    && recurrence.reference == "4217")

            // A later cycle, a week before it is due, within what the payer authorised.
            let due = Date().addingTimeInterval(7 * 86_400)
            let cycle = try await pix.createCharge(
                request(cents: 3990, method: .recurringPix(recurrenceID: idRec, dueDate: due)))
            #expect(cycle.id.hasPrefix(APIPixGateway.cyclePrefix) && cycle.status == .pending)
            #expect(standIn.cobr(cycle.id)?.dueDate == APIPixGateway.day(due))
            // Asked again (its answer lost to a timeout, say): the same charge, not a second one.
            let retried = try await pix.createCharge(
                request(cents: 3990, method: .recurringPix(recurrenceID: idRec, dueDate: due)))
            #expect(retried.id == cycle.id)
            #expect(standIn.requests.filter { $0.method == "PUT" && $0.path.hasPrefix("/api/v2/cobr/") }.count == 2)
            standIn.settleCycle(cycle.id)
            #expect(
                try await pix.fetchCharge(id: cycle.id)
                    == ChargeState(
                        chargeID: cycle.id, status: .paid, amountCents: 3990, reference: "4217", recurrenceID: idRec))
            let declined = try await pix.createCharge(
                request(
                    cents: 3990, method: .recurringPix(recurrenceID: idRec, dueDate: due.addingTimeInterval(86_400))))
            standIn.settleCycle(declined.id, as: "REJEITADA")
            #expect(try await pix.fetchCharge(id: declined.id).status == .failed)

            // Refunded in full: by the receiver, or taken back through the MED.
            standIn.refund(charge.id)
            #expect(try await pix.fetchCharge(id: charge.id).status == .refunded)
            standIn.refund(charge.id, nature: "MED_FRAUDE")
            #expect(try await pix.fetchCharge(id: charge.id).status == .chargedBack)
        }
    }

    @Test func aCycleAboveTheAuthorisedAmountOrOutsideTheWindowIsRefusedAndNothingIsCharged() async throws {
        try await withStandIn { standIn, _, gateway in
            let pix = gateway(certificates.client, APIPixTokens())
            let charge = try await pix.createCharge(request(recurrence: Recurrence(count: 1, unit: .months)))
            let idRec = try #require(
                standIn.cob(charge.id)?.information.first { $0["nome"] == "recorrencia" }?["valor"])
            let due = Date().addingTimeInterval(5 * 86_400)
            // Not yet authorised: nothing to charge.
            let unapproved = await #expect(throws: PaymentProviderError.self) {
                _ = try await pix.createCharge(request(method: .recurringPix(recurrenceID: idRec, dueDate: due)))
            }
            #expect(
                unapproved
                    == .refused(
                        status: 409, message: "recurrence \(idRec) is CRIADA, not APROVADA: nothing can be charged"))
            standIn.payerPays(charge.id)
            let above = await #expect(throws: PaymentProviderError.self) {
                _ = try await pix.createCharge(
                    request(cents: 2991, method: .recurringPix(recurrenceID: idRec, dueDate: due)))
            }
            #expect(
                above
                    == .refused(
                        status: 422,
                        message: "29.91 BRL is above the 29.90 BRL the payer authorised for recurrence \(idRec)"))
            for days in [1.0, 11] {
                let outside = await #expect(throws: PaymentProviderError.self) {
                    _ = try await pix.createCharge(
                        request(
                            method: .recurringPix(
                                recurrenceID: idRec, dueDate: Date().addingTimeInterval(days * 86_400))))
                }
                #expect("\(String(describing: outside))".contains("2 to 10 days before it is due"))
            }
            #expect(!standIn.requests.contains { $0.path.hasPrefix("/api/v2/cobr/") }, "no cobr was asked for")
        }
    }

    @Test func cancellingARecurrenceStopsItOnceAndAgainIsFine() async throws {
        try await withStandIn { standIn, _, gateway in
            let pix = gateway(certificates.client, APIPixTokens())
            let charge = try await pix.createCharge(request(recurrence: Recurrence(count: 12, unit: .months)))
            let idRec = try #require(
                standIn.cob(charge.id)?.information.first { $0["nome"] == "recorrencia" }?["valor"])
            #expect(standIn.rec(idRec)?.periodicity == "ANUAL")
            standIn.payerPays(charge.id)
            try await pix.cancelRecurrence(id: idRec)
            #expect(standIn.rec(idRec)?.status == "CANCELADA")
            // Cancelled already (the PSP answers 400 RecOperacaoInvalida): what was asked for.
            try await pix.cancelRecurrence(id: idRec)
            #expect(try await pix.fetchRecurrence(id: idRec).status == .stopped)
        }
    }

    @Test func aPeriodPixAutomaticoHasNoWordForIsRefusedBeforeAnyCall() async throws {
        try await withStandIn { standIn, _, gateway in
            let error = await #expect(throws: PaymentProviderError.self) {
                _ = try await gateway(certificates.client, APIPixTokens()).createCharge(
                    request(recurrence: Recurrence(count: 45, unit: .days)))
            }
            #expect("\(String(describing: error))".contains("not every 45 days"))
            #expect(standIn.requests.isEmpty)
        }
    }

    // MARK: A PSP that fails

    @Test func aPSPThatAnswers5xxOrNothingGetsAClearErrorAndNoState() async throws {
        try await withStandIn(timeout: .seconds(1)) { standIn, _, gateway in
            let pix = gateway(certificates.client, APIPixTokens())
            standIn.fail(with: 503)
            let failed = await #expect(throws: PaymentProviderError.self) { _ = try await pix.createCharge(request()) }
            guard case .refused(503, let message) = failed else {
                Issue.record("expected refused 503, got \(String(describing: failed))")
                return
            }
            #expect(
                message.hasPrefix(
                    "the PSP refused the client credentials: the PSP failed (HTTP 503) ServicoIndisponivel"))
            standIn.fail(with: nil)
            standIn.hang(for: .seconds(3))
            let hung = await #expect(throws: PaymentProviderError.self) { _ = try await pix.createCharge(request()) }
            #expect(
                "\(String(describing: hung))".contains("127.0.0.1 did not answer in time"),
                "\(String(describing: hung))")
            // No charge was asked for (the token's answer, given after the deadline, may still have been issued).
            #expect(!standIn.requests.contains { $0.path.hasPrefix("/api/v2/cob") })
        }
    }

    @Test func anUnknownRecurrenceIsTheProvidersNotFound() async throws {
        try await withStandIn { _, _, gateway in
            let pix = gateway(certificates.client, APIPixTokens())
            let unknown = "RR1234567820261204abcdefghijk"
            let error = await #expect(throws: PaymentProviderError.self) {
                _ = try await pix.fetchRecurrence(id: unknown)
            }
            guard case .refused(404, let message) = error else {
                Issue.record("expected refused 404, got \(String(describing: error))")
                return
            }
            #expect(message.hasPrefix("RecNaoEncontrada — Recorrência não encontrada"))
            await #expect(throws: PaymentProviderError.self) { _ = try await pix.fetchRecurrence(id: "../cob/x") }
        }
    }

    @Test func theWebhooksAreRegisteredForPixRecurrencesAndCycles() async throws {
        try await withStandIn { standIn, _, gateway in
            try await gateway(certificates.client, APIPixTokens()).registerWebhooks(
                url: "https://fan.example/api/v1/webhooks/apipix")
            #expect(
                standIn.registeredWebhooks == [
                    "webhook/pix@creatorflix.example": "https://fan.example/api/v1/webhooks/apipix",
                    "webhookrec": "https://fan.example/api/v1/webhooks/apipix",
                    "webhookcobr": "https://fan.example/api/v1/webhooks/apipix",
                ])
            #expect(
                standIn.requests.contains { $0.path == "/api/v2/webhook/pix%40creatorflix.example" }, "the key escaped")
        }
    }
}
