import NIOCore
import NIOPosix
import Testing

@testable import SMTP

/// A server (or someone on the path) that sends more after its 220 to STARTTLS: those lines would be read as if
/// they came over TLS (the class of CVE-2011-0411), so the client ends the session instead.
@Suite struct StartTLSInjectionTests {
    /// A plain-TCP fake server that answers EHLO with STARTTLS, then answers STARTTLS with `220` and, in the
    /// same packet, a forged `250 AUTH PLAIN`.
    final class InjectingServer: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        var received = ""

        func channelActive(context: ChannelHandlerContext) {
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "220 fake ready\r\n")), promise: nil)
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            received += String(buffer: unwrapInboundIn(data))
            while let end = received.range(of: "\r\n") {
                let line = String(received[..<end.lowerBound])
                received = String(received[end.upperBound...])
                let answer =
                    line.hasPrefix("EHLO")
                    ? "250-fake\r\n250 STARTTLS\r\n"
                    : line == "STARTTLS" ? "220 go ahead\r\n250-injected\r\n250 AUTH PLAIN\r\n" : "250 ok\r\n"
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: answer)), promise: nil)
            }
        }
    }

    @Test func linesAfterTheReadyReplyEndTheSessionBeforeTLS() async throws {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in channel.pipeline.addHandler(InjectingServer()) }
            .bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(server.localAddress?.port)
        defer { server.close(promise: nil) }
        let configuration = SMTPConfiguration(host: "127.0.0.1", port: port, security: .startTLS)

        let error = await #expect(throws: SMTPError.self) {
            try await SMTPClient.withSession(configuration, helloName: "creatorflix.test") { _ in }
        }

        guard case .unreadableReply(let detail)? = error else {
            Issue.record("not refused as injected: \(String(describing: error))")
            return
        }
        #expect(detail.contains("STARTTLS"))
    }

    @Test func onlyAMailboxRefusalIsABounceNotAPolicyOne() {
        #expect(SMTPError.refused(stage: .recipient, code: 550, text: "5.1.1 No such user").isBounce)
        #expect(!SMTPError.refused(stage: .recipient, code: 550, text: "5.7.1 Relaying denied").isBounce)
        #expect(!SMTPError.refused(stage: .recipient, code: 554, text: "Transaction failed").isBounce)
        #expect(SMTPError.refused(stage: .recipient, code: 554, text: "Transaction failed").isPermanent)
    }

    @Test func aPasswordIsDecodedOnce() throws {
        #expect(try SMTPConfiguration(url: "smtp://u:a%2541b@smtp.example.com").password == "a%41b")
    }
}
