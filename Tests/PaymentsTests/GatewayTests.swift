import Foundation
import Testing

@testable import Payments

@Suite struct SecretBoxTests {
    @Test func aSealedSecretOpensOnlyWithTheSameAppSecret() throws {
        let box = SecretBox(appSecret: "an-app-secret-of-at-least-32-characters")
        let sealed = try box.seal("APP_USR-123-secret")
        #expect(sealed.hasPrefix("v1:"))
        #expect(!sealed.contains("APP_USR"))
        #expect(try box.open(sealed) == "APP_USR-123-secret")
        #expect(try box.seal("APP_USR-123-secret") != sealed, "a fresh nonce every time")
        #expect(throws: SecretBoxError.cannotOpen) {
            try SecretBox(appSecret: "another-app-secret-of-32-characters!!").open(sealed)
        }
    }

    @Test func aTamperedValueDoesNotOpen() throws {
        let box = SecretBox(appSecret: "an-app-secret-of-at-least-32-characters")
        var bytes = Array(Data(base64Encoded: String(try box.seal("segredo").dropFirst(3)))!)
        bytes[bytes.count / 2] ^= 0x01
        #expect(throws: SecretBoxError.cannotOpen) { try box.open("v1:" + Data(bytes).base64EncodedString()) }
        #expect(throws: SecretBoxError.cannotOpen) { try box.open("segredo") }
    }
}

@Suite struct SandboxGatewayTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    static let gateway = SandboxGateway(
        secret: "whsec_sandbox_test",
        pix: .init(key: "pix@creatorflix.com.br", merchantName: "CreatorFlix", merchantCity: "São Paulo"),
        now: { now })
    // swift-format-ignore: NeverForceUnwrap
    // A valid CPF and phone, fixed: the fixture can't exist without them.
    static let customer = Customer(
        name: "Ana Souza", email: "ana@example.com", cpf: CPF("529.982.247-25")!,
        phone: BrazilianPhone("(11) 91234-5678")!)

    @Test func aPixChargeCarriesAValidBRCodeForItsAmount() async throws {
        let charge = try await Self.gateway.createCharge(
            .init(reference: "42", amountCents: 4_990, method: .pix, customer: Self.customer, description: "Mensal"))
        let code = try #require(charge.pixCode)
        #expect(charge.status == .pending)
        #expect(PixBRCode.hasValidCRC(code))
        #expect(code.contains("540549.90"))
        #expect(code.contains("0504CF42"))
        #expect(charge.expiresAt == Self.now.addingTimeInterval(30 * 60))
    }

    @Test func cardsApproveOrDeclineByTestNumber() async throws {
        func charge(_ number: String) async throws -> ChargeStatus {
            try await Self.gateway.createCharge(
                .init(
                    reference: "7", amountCents: 100, method: .card(cardNumber: number), customer: Self.customer,
                    description: "x")
            ).status
        }
        #expect(try await charge("4111 1111 1111 1111") == .paid)
        #expect(try await charge(SandboxGateway.declinedCard) == .failed)
        #expect(try await charge("5555 5555 5555 4444") == .failed)
    }

    @Test func aCardKeptForRenewalsIsChargedAgainByItsTokenAsItsTestNumberSays() async throws {
        func purchase(_ number: String, keeps: Bool = true) async throws -> Charge {
            try await Self.gateway.createCharge(
                .init(
                    reference: "8", amountCents: 2_990, method: .card(cardNumber: number), customer: Self.customer,
                    description: "Mensal", keepsCardForRenewals: keeps))
        }
        func renewal(_ token: String) async throws -> ChargeStatus {
            try await Self.gateway.createCharge(
                .init(
                    reference: "sub3c2", amountCents: 2_990, method: .savedCard(token: token),
                    customer: Self.customer, description: "Mensal")
            ).status
        }
        let renewing = try await purchase(SandboxGateway.approvedCard)
        let declining = try await purchase(SandboxGateway.declinedAtRenewalCard)
        #expect(renewing.status == .paid)
        #expect(declining.status == .paid, "approved when bought")
        #expect(try await renewal(try #require(renewing.savedCardToken)) == .paid)
        #expect(try await renewal(try #require(declining.savedCardToken)) == .failed)
        #expect(try await renewal("sbxcard_renews") == .failed, "a token the sandbox didn't issue")
        #expect(try await purchase(SandboxGateway.approvedCard, keeps: false).savedCardToken == nil)
        #expect(try await purchase(SandboxGateway.declinedCard).savedCardToken == nil, "a declined card isn't kept")
    }

    static let event = PostbackEvent(
        eventID: "evt_1", chargeID: "sbx_42_abc", status: .paid, amountCents: 4_990, reference: "42")

    @Test func aSignedPostbackIsVerifiedAndRead() async throws {
        let (headers, body) = try Self.gateway.signedPostback(Self.event, at: Self.now)
        #expect(
            try await Self.gateway.verifyPostback(
                .init(headers: headers, body: body), now: Self.now.addingTimeInterval(10)) == Self.event)
    }

    @Test func forgedTamperedUnsignedOrReplayedPostbacksAreRefused() async throws {
        let (headers, body) = try Self.gateway.signedPostback(Self.event, at: Self.now)
        let forger = SandboxGateway(
            secret: "not-the-secret", pix: .init(key: "k", merchantName: "n", merchantCity: "c"))
        let (forgedHeaders, _) = try forger.signedPostback(Self.event, at: Self.now)
        var tampered = body
        tampered.replaceSubrange(tampered.range(of: Data("4990".utf8))!, with: Data("1".utf8))

        await #expect(throws: PostbackRejection.signatureInvalid) {
            try await Self.gateway.verifyPostback(.init(headers: forgedHeaders, body: body), now: Self.now)
        }
        await #expect(throws: PostbackRejection.signatureInvalid) {
            try await Self.gateway.verifyPostback(.init(headers: headers, body: tampered), now: Self.now)
        }
        await #expect(throws: PostbackRejection.signatureMissing) {
            try await Self.gateway.verifyPostback(.init(headers: [:], body: body), now: Self.now)
        }
        await #expect(throws: PostbackRejection.stale) {
            try await Self.gateway.verifyPostback(
                .init(headers: headers, body: body), now: Self.now.addingTimeInterval(301))
        }
    }
}
