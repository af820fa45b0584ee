import Foundation
import Testing

@testable import Payments

/// Mercado Pago's webhook signature, as its documentation states it: `x-signature: ts=…,v1=…`, where v1 is the
/// hex HMAC-SHA256 of `id:<data.id>;request-id:<x-request-id>;ts:<ts>;` under the webhook's secret. The expected
/// digests were computed with Python's `hmac` module, not with the code under test.
@Suite struct MercadoPagoSignatureTests {
    static let secret = "mp-webhook-secret"
    static let signedAt = Date(timeIntervalSince1970: 1_716_651_000)

    struct NoNetwork: ProviderHTTPTransport {
        func send(_ request: ProviderHTTPRequest) async throws -> ProviderHTTPResponse {
            throw PaymentProviderError.unreachable("no network in this test")
        }
    }

    static let gateway = MercadoPagoGateway(
        accessToken: "APP_USR-x", webhookSecret: secret, notificationURL: nil, transport: NoNetwork(), now: { signedAt }
    )

    static func postback(
        signature: String?, query: String = "1234567890", requestID: String? = "f7b2a1d4-0b1c-4ec2-aaaa-9e8b1d2f3c4d",
        type: String = "payment"
    ) -> IncomingPostback {
        var headers: [String: String] = [:]
        if let signature { headers["X-Signature"] = signature }
        if let requestID { headers["X-Request-Id"] = requestID }
        let body =
            #"{"action":"payment.updated","api_version":"v1","data":{"id":"\#(query)"},"id":112233445566,"live_mode":true,"type":"\#(type)","user_id":987654321}"#
        return IncomingPostback(headers: headers, body: Data(body.utf8), query: ["data.id": query, "type": type])
    }

    @Test func theManifestAndDigestMatchAnIndependentHMAC() {
        let manifest = MercadoPagoGateway.manifest(
            dataID: "1234567890", requestID: "f7b2a1d4-0b1c-4ec2-aaaa-9e8b1d2f3c4d", ts: "1716651000")
        #expect(manifest == "id:1234567890;request-id:f7b2a1d4-0b1c-4ec2-aaaa-9e8b1d2f3c4d;ts:1716651000;")
        #expect(
            MercadoPagoGateway.sign(manifest, secret: Self.secret)
                == "ec14ff4a777ee24996536fa118259c4035743face4f9273df5ac2b000c3d7dc3")
        // Parts a notification lacks are left out; an alphanumeric id is signed in lower case.
        let short = MercadoPagoGateway.manifest(dataID: "ABC123def", requestID: nil, ts: "1716651000")
        #expect(short == "id:abc123def;ts:1716651000;")
        #expect(
            MercadoPagoGateway.sign(short, secret: Self.secret)
                == "50748007a6fde99e14d99a3d8f2fdfbf4ec72fb663115f4b5e53710d253d3694")
    }

    @Test func aSignedPaymentNotificationIsReadAsAHintToFetch() async throws {
        let signature = "ts=1716651000,v1=ec14ff4a777ee24996536fa118259c4035743face4f9273df5ac2b000c3d7dc3"
        let event = try await Self.gateway.verifyPostback(
            Self.postback(signature: signature), now: Self.signedAt.addingTimeInterval(30))
        #expect(event.chargeID == "1234567890")
        #expect(event.status == .pending)
        #expect(event.amountCents == nil)
        // ts in milliseconds, as some deliveries send it, is the same moment.
        let millis =
            "ts=1716651000000,v1="
            + MercadoPagoGateway.sign(
                MercadoPagoGateway.manifest(
                    dataID: "1234567890", requestID: "f7b2a1d4-0b1c-4ec2-aaaa-9e8b1d2f3c4d", ts: "1716651000000"),
                secret: Self.secret)
        _ = try await Self.gateway.verifyPostback(Self.postback(signature: millis), now: Self.signedAt)
    }

    @Test func forgedTamperedStaleAndUnsignedNotificationsAreRefused() async throws {
        let good = "ts=1716651000,v1=ec14ff4a777ee24996536fa118259c4035743face4f9273df5ac2b000c3d7dc3"
        await #expect(throws: PostbackRejection.signatureMissing) {
            try await Self.gateway.verifyPostback(Self.postback(signature: nil), now: Self.signedAt)
        }
        await #expect(throws: PostbackRejection.signatureInvalid) {
            try await Self.gateway.verifyPostback(
                Self.postback(signature: good, query: "1234567891"), now: Self.signedAt)
        }
        await #expect(throws: PostbackRejection.signatureInvalid) {
            try await Self.gateway.verifyPostback(
                Self.postback(signature: good, requestID: "another-request"), now: Self.signedAt)
        }
        await #expect(throws: PostbackRejection.signatureInvalid) {
            try await Self.gateway.verifyPostback(
                Self.postback(
                    signature: "ts=1716651001,v1=ec14ff4a777ee24996536fa118259c4035743face4f9273df5ac2b000c3d7dc3"),
                now: Self.signedAt)
        }
        await #expect(throws: PostbackRejection.signatureInvalid) {
            try await Self.gateway.verifyPostback(
                Self.postback(signature: "v1=ec14ff4a777ee24996536fa118259c4035743face4f9273df5ac2b000c3d7dc3"),
                now: Self.signedAt)
        }
        await #expect(throws: PostbackRejection.stale) {
            try await Self.gateway.verifyPostback(
                Self.postback(signature: good), now: Self.signedAt.addingTimeInterval(301))
        }
    }

    @Test func aNotificationAboutSomethingElseIsNotAPayment() async throws {
        let signature = "ts=1716651000,v1=ec14ff4a777ee24996536fa118259c4035743face4f9273df5ac2b000c3d7dc3"
        await #expect(throws: PostbackNotAboutPayment(topic: "merchant_order")) {
            try await Self.gateway.verifyPostback(
                Self.postback(signature: signature, type: "merchant_order"), now: Self.signedAt)
        }
    }

    @Test func statusesAndAmountsReadAsDocumented() {
        #expect(MercadoPagoGateway.status("approved") == .paid)
        #expect(MercadoPagoGateway.status("rejected") == .failed)
        #expect(MercadoPagoGateway.status("cancelled") == .failed)
        #expect(MercadoPagoGateway.status("refunded") == .refunded)
        #expect(MercadoPagoGateway.status("charged_back") == .chargedBack)
        for undecided in ["pending", "in_process", "authorized", "in_mediation"] {
            #expect(MercadoPagoGateway.status(undecided) == .pending)
        }
        #expect(MercadoPagoGateway.cents(Decimal(string: "29.9")!) == 2_990)
        #expect(MercadoPagoGateway.cents(Decimal(string: "0.1")! + Decimal(string: "0.2")!) == 30)
        #expect(
            MercadoPagoGateway.timestamp(Date(timeIntervalSince1970: 1_716_651_000)) == "2024-05-25T12:30:00.000-03:00")
    }

    @Test func anUnreachableProviderIsAProviderError() async throws {
        await #expect(throws: PaymentProviderError.self) { try await Self.gateway.fetchCharge(id: "123") }
        await #expect(throws: PaymentProviderError.unreadable("payment id '1/../x' is not alphanumeric")) {
            try await Self.gateway.fetchCharge(id: "1/../x")
        }
    }
}
