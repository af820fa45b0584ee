import Foundation
import NIOSSL
import SMTPTestBed
import Testing

@testable import SMTP

/// The client against a real SMTP server (aiosmtpd): the three ways in, authentication, and each way a server says
/// no, told apart as the outbox needs (retry later, or the address bounces).
@Suite(.enabled(if: SMTPTestServer.isRunning, "scripts/test starts the SMTP server"))
struct SMTPClientTests {
    static var server: SMTPTestServer { get throws { try #require(SMTPTestServer.shared) } }

    static func message(to recipient: String, text: String = "Olá!\n.\nUma linha com um ponto.") throws -> MailMessage {
        MailMessage(
            from: try Mailbox(name: "CreatorFlix", address: try MailAddress("no-reply@creatorflix.test")),
            to: try Mailbox(name: "Ana Souza", address: try MailAddress(recipient)), subject: "Teste de envio — ç",
            text: text, html: "<p>Olá!</p>", messageID: MailMessage.newID(domain: "creatorflix.test"), date: Date())
    }

    static func send(_ message: MailMessage, with configuration: SMTPConfiguration) async throws {
        try await SMTPClient.withSession(configuration, helloName: "creatorflix.test") { session in
            try await session.send(message)
        }
    }

    @Test func submissionUpgradesWithStartTLSAuthenticatesAndDelivers() async throws {
        let recipient = SMTPTestServer.uniqueAddress()
        let message = try Self.message(to: recipient)

        try await Self.send(message, with: try Self.server.submission)

        let received = try Self.server.received(for: recipient)
        #expect(received.count == 1)
        #expect(received.first?.listener == "starttls")
        #expect(received.first?.mailFrom == "no-reply@creatorflix.test")
        #expect(received.first?.mailOptions.contains("BODY=8BITMIME") == true, "8BITMIME is offered, so used")
        #expect(received.first?.text.contains("Message-ID: <\(message.messageID)>") == true)
        #expect(received.first?.text.contains("\r\n.\r\nUma linha com um ponto.") == true, "dot-stuffing undone")
        #expect(received.first?.text.contains("Olá!") == true, "UTF-8 as 8bit")
    }

    @Test func tlsFromTheStartDelivers() async throws {
        let recipient = SMTPTestServer.uniqueAddress()
        try await Self.send(try Self.message(to: recipient), with: try Self.server.implicitTLS)
        #expect(try Self.server.received(for: recipient).first?.listener == "tls")
    }

    @Test func aRelayWithoutTLSDeliversWhenSaidSo() async throws {
        let recipient = SMTPTestServer.uniqueAddress()
        try await Self.send(try Self.message(to: recipient), with: try Self.server.relay)
        #expect(try Self.server.received(for: recipient).first?.listener == "plain")
    }

    @Test func anInternationalAddressGoesWithSMTPUTF8() async throws {
        let recipient = "joão-\(UInt64.random(in: 0...UInt64.max))@exemplo.com.br"
        try await Self.send(try Self.message(to: recipient), with: try Self.server.submission)
        #expect(try Self.server.received(for: recipient).first?.mailOptions.contains("SMTPUTF8") == true)
    }

    @Test func aWrongPasswordIsRefusedAtAuthenticationAndIsNotTheAddressesFault() async throws {
        var configuration = try Self.server.submission
        configuration.password = "wrong"

        let error = await #expect(throws: SMTPError.self) {
            try await Self.send(try Self.message(to: SMTPTestServer.uniqueAddress()), with: configuration)
        }

        guard case .refused(.authenticate, let code, _)? = error else {
            Issue.record("not an authentication refusal: \(String(describing: error))")
            return
        }
        #expect(code == 535)
        #expect(error?.isPermanent == false)
        #expect(error?.isBounce == false)
    }

    @Test func aServerWithoutStartTLSIsRefusedWhenTheURLRequiresIt() async throws {
        var configuration = try Self.server.relay
        configuration.security = .startTLS

        await #expect(throws: SMTPError.startTLSNotOffered) {
            try await Self.send(try Self.message(to: SMTPTestServer.uniqueAddress()), with: configuration)
        }
    }

    @Test func aCertificateNoOneTrustsEndsTheSessionBeforeThePassword() async throws {
        var configuration = try Self.server.submission
        configuration.trustedCertificates = nil  // the system's roots don't know the test certificate

        let error = await #expect(throws: SMTPError.self) {
            try await Self.send(try Self.message(to: SMTPTestServer.uniqueAddress()), with: configuration)
        }

        guard case .connection(let stage, _)? = error else {
            Issue.record("not a connection failure: \(String(describing: error))")
            return
        }
        #expect([.startTLS, .hello].contains(stage))
    }

    @Test func aPermanentRefusalOfTheRecipientIsABounce() async throws {
        let error = await #expect(throws: SMTPError.self) {
            try await Self.send(
                try Self.message(to: SMTPTestServer.uniqueAddress("bounce")), with: try Self.server.submission)
        }
        #expect(error?.isBounce == true)
        #expect(error?.isPermanent == true)
    }

    @Test func aTemporaryRefusalIsRetriedAndThenDelivered() async throws {
        let recipient = SMTPTestServer.uniqueAddress("tempfail")

        let first = await #expect(throws: SMTPError.self) {
            try await Self.send(try Self.message(to: recipient), with: try Self.server.submission)
        }
        try await Self.send(try Self.message(to: recipient), with: try Self.server.submission)

        #expect(first?.isPermanent == false)
        #expect(first?.isBounce == false)
        #expect(try Self.server.received(for: recipient).count == 1)
    }

    @Test func aConnectionCutDuringDataIsRetriedAndThenDelivered() async throws {
        let recipient = SMTPTestServer.uniqueAddress("drop")

        let first = await #expect(throws: SMTPError.self) {
            try await Self.send(try Self.message(to: recipient), with: try Self.server.submission)
        }
        try await Self.send(try Self.message(to: recipient), with: try Self.server.submission)

        guard case .connection(.message, _)? = first else {
            Issue.record("not a cut during the message: \(String(describing: first))")
            return
        }
        #expect(first?.isPermanent == false)
        #expect(try Self.server.received(for: recipient).count == 1)
    }

    @Test func oneSessionSendsManyAndARefusalInTheMiddleLeavesItUsable() async throws {
        let recipients = (0..<5).map { SMTPTestServer.uniqueAddress($0 == 2 ? "bounce" : "member") }

        let outcomes = try await SMTPClient.withSession(try Self.server.submission, helloName: "creatorflix.test") {
            session in
            var outcomes: [Bool] = []
            for recipient in recipients {
                do {
                    try await session.send(try Self.message(to: recipient))
                    outcomes.append(true)
                } catch let error as SMTPError where error.isBounce {
                    outcomes.append(false)
                }
            }
            return outcomes
        }

        #expect(outcomes == [true, true, false, true, true])
        for (index, recipient) in recipients.enumerated() where index != 2 {
            #expect(try Self.server.received(for: recipient).count == 1)
        }
    }

    @Test func nothingListeningIsAConnectionFailure() async throws {
        let configuration = SMTPConfiguration(host: "127.0.0.1", port: 1, security: .none)
        let error = await #expect(throws: SMTPError.self) {
            try await Self.send(try Self.message(to: SMTPTestServer.uniqueAddress()), with: configuration)
        }
        guard case .connection(.connect, _)? = error else {
            Issue.record("not a connect failure: \(String(describing: error))")
            return
        }
    }
}
