import Foundation
import Testing

@testable import Payments

/// What API Pix's callbacks say, read without a network: each names what to fetch, and nothing more.
struct APIPixCallbackTests {
    struct NoNetwork: ProviderHTTPTransport {
        func send(_ request: ProviderHTTPRequest) async throws -> ProviderHTTPResponse {
            throw PaymentProviderError.unreachable("no network in this test")
        }
    }

    let gateway = APIPixGateway(
        clientID: "id", clientSecret: "secret",
        identity: ClientIdentity(certificateChainPEM: "", privateKeyPEM: ""),
        settings: APIPixSettings(
            apiBaseURL: "https://pix.example.com/api/v2", tokenURL: "https://pix.example.com/oauth/token", pixKey: "k"),
        transport: NoNetwork())

    func events(_ json: String) async throws -> [PostbackEvent] {
        try await gateway.verifyPostbackEvents(IncomingPostback(headers: [:], body: Data(json.utf8)), now: Date())
    }

    @Test func theSpecsExamplesNameTheirRecurrenceAndCycle() async throws {
        // `recWebhookNotification1` and the cobr callback's example, from openapi.yaml 2.8.2.
        let recs = try await events(
            """
            {"recs":[{"idRec":"RR1026652320240821lab77511abf","status":"APROVADA",
              "atualizacao":[{"status":"CRIADA","data":"2024-08-20T10:12:07.567Z"}],
              "ativacao":{"tipoJornada":"JORNADA_3","dadosJornada":{"txid":"r9eFIFmwcZ55Nm4RsKZAAtIvvCrlcNN6"}}}]}
            """)
        #expect(recs.map(\.chargeID) == ["RR1026652320240821lab77511abf"] && recs.first?.subject == .recurrence)
        #expect(recs.first?.eventID == "rec:RR1026652320240821lab77511abf:APROVADA")
        let cycles = try await events(
            """
            {"cobsr":[{"idRec":"RR1234567820240115abcdefghijk","txid":"3136957d93134f2184b369e8f1c0729d",
              "status":"ATIVA","atualizacao":[{"status":"ATIVA","data":"2024-08-20T12:34:21.300Z"}]}]}
            """)
        #expect(cycles.map(\.chargeID) == ["3136957d93134f2184b369e8f1c0729d"] && cycles.first?.subject == .charge)
        let pix = try await events(
            #"{"pix":[{"endToEndId":"E1","txid":"cfcaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","valor":"1.00"},{"endToEndId":"E2","txid":"cfcbbbbbbbbbbbbbbbbbbbbbbbbbbbbb","valor":"2.00"}]}"#
        )
        #expect(
            pix.map(\.chargeID) == ["cfcaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "cfcbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"],
            "a batch names each")
    }

    @Test func aCallbackNamingNothingOfOursIsRefusedOrIgnored() async throws {
        await #expect(throws: PostbackRejection.self) { _ = try await events("<html>") }
        await #expect(throws: PostbackRejection.self) {
            _ = try await events(#"{"recs":[{"idRec":"../../etc","status":"X"}]}"#)
        }
        await #expect(throws: PostbackNotAboutPayment.self) {
            _ = try await events(#"{"pix":[{"endToEndId":"E1","valor":"1.00"}]}"#)
        }
    }

    @Test func moneyIsTwoDecimalsBothWays() {
        #expect(APIPixGateway.money(cents: 123_456) == "1234.56")
        #expect(APIPixGateway.money(cents: 5) == "0.05")
        #expect(APIPixGateway.cents("1234.56") == 123_456)
        #expect(APIPixGateway.cents("10.5") == 1050)
        #expect(APIPixGateway.cents("7") == 700)
        #expect(
            APIPixGateway.cents("1.2.3") == nil && APIPixGateway.cents("-1.00") == nil
                && APIPixGateway.cents("1.234") == nil)
    }

    @Test func aMonthLaterIsTheSameDayClampedInSaoPaulo() throws {
        // 31 January 2027, 23:30 in São Paulo (02:30 UTC on 1 February): a month later is 28 February.
        let lateJanuary = try #require(ISO8601DateFormatter().date(from: "2027-02-01T02:30:00Z"))
        #expect(APIPixGateway.day(lateJanuary) == "2027-01-31")
        #expect(
            APIPixGateway.day(APIPixGateway.advance(lateJanuary, by: Recurrence(count: 1, unit: .months)))
                == "2027-02-28")
        #expect(
            APIPixGateway.day(APIPixGateway.advance(lateJanuary, by: Recurrence(count: 7, unit: .days))) == "2027-02-07"
        )
    }

    @Test func theBRCodesFieldsAreReadBack() throws {
        let code = try PixBRCode(
            key: "pix@example.com", merchantName: "Fulano", merchantCity: "Sao Paulo", amountCents: 1000
        ).payload()
        let fields = try #require(PixBRCode.fields(code))
        #expect(fields["54"] == "10.00" && fields["59"] == "Fulano")
        #expect(PixBRCode.fields(String(code.dropLast(2))) == nil)
        #expect(!APIPixGateway.isCompositeCode(code), "no field 80: not Jornada 3")
    }
}
