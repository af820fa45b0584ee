import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// An SMTP client on SwiftNIO (RFC 5321): EHLO, STARTTLS or TLS from the start, AUTH PLAIN or LOGIN, then any
/// number of messages on one connection, each with MAIL, RCPT and DATA. 8BITMIME and SMTPUTF8 are used when the
/// server offers them.
public enum SMTPClient {
    /// Connects, greets, secures and authenticates as configured, runs `body` with the session, then says QUIT
    /// and closes, whether the body finished or threw.
    /// - Parameter helloName: the name this host gives in EHLO (the sender's domain does).
    public static func withSession<Result: Sendable>(
        _ configuration: SMTPConfiguration, helloName: String,
        _ body: (SMTPSession) async throws -> Result
    ) async throws -> Result {
        let tlsContext = try makeTLSContext(configuration)
        let startTLS = StartTLSPhase()
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(15))
                .connect(host: configuration.host, port: configuration.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let pipeline = channel.pipeline.syncOperations
                        if configuration.security == .implicitTLS {
                            try pipeline.addHandler(
                                try NIOSSLClientHandler(
                                    context: tlsContext, serverHostname: serverName(configuration.host)))
                        }
                        try pipeline.addHandler(IdleStateHandler(readTimeout: configuration.replyTimeout))
                        try pipeline.addHandler(CloseWhenIdle())
                        try pipeline.addHandler(ByteToMessageHandler(SMTPLineDecoder(startTLS: startTLS)))
                        return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw SMTPError.connection(stage: .connect, detail: "\(configuration.host):\(configuration.port): \(error)")
        }
        return try await channel.executeThenClose { inbound, outbound in
            let session = SMTPSession(
                channel: channel.channel, inbound: inbound.makeAsyncIterator(), outbound: outbound,
                startTLS: startTLS)
            try await session.open(configuration, helloName: helloName, tlsContext: tlsContext)
            let result = try await body(session)
            await session.quit()
            return result
        }
    }

    static func makeTLSContext(_ configuration: SMTPConfiguration) throws -> NIOSSLContext {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        if let certificates = configuration.trustedCertificates { tls.trustRoots = .certificates(certificates) }
        return try NIOSSLContext(configuration: tls)
    }

    /// The name to ask the server's certificate for: SNI carries host names only, not addresses.
    static func serverName(_ host: String) -> String? {
        (try? SocketAddress(ipAddress: host, port: 0)) == nil ? host : nil
    }
}

/// One connection to the server, between `SMTPClient.withSession`'s greeting and its QUIT. Used by one task.
public final class SMTPSession {
    /// What the server said it can do in its EHLO reply.
    public struct Capabilities: Sendable, Equatable {
        public var startTLS = false
        public var eightBitMIME = false
        public var smtpUTF8 = false
        public var authentication: Set<String> = []

        init(ehloLines: [String]) {
            for line in ehloLines.dropFirst() {
                let words = line.uppercased().split(separator: " ").map(String.init)
                switch words.first {
                case "STARTTLS": startTLS = true
                case "8BITMIME": eightBitMIME = true
                case "SMTPUTF8": smtpUTF8 = true
                case "AUTH": authentication = Set(words.dropFirst())
                default: break
                }
            }
        }

        init() {}
    }

    struct Reply {
        let code: Int
        let lines: [String]
        var text: String { lines.joined(separator: " ") }
    }

    let channel: any Channel
    var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    let startTLS: StartTLSPhase
    public private(set) var capabilities = Capabilities()

    init(
        channel: any Channel, inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator,
        outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>, startTLS: StartTLSPhase
    ) {
        self.channel = channel
        self.inbound = inbound
        self.outbound = outbound
        self.startTLS = startTLS
    }

    func open(_ configuration: SMTPConfiguration, helloName: String, tlsContext: NIOSSLContext) async throws {
        _ = try await expect(try await reply(.greeting), 220, at: .greeting)
        try await hello(helloName)
        if configuration.security == .startTLS {
            guard capabilities.startTLS else { throw SMTPError.startTLSNotOffered }
            let channel = self.channel
            let phase = startTLS
            try await channel.eventLoop.submit { phase.phase = .awaitingReady }.get()
            _ = try await command("STARTTLS", at: .startTLS, expecting: 220)
            let host = SMTPClient.serverName(configuration.host)
            do {
                try await channel.eventLoop.submit {
                    try channel.pipeline.syncOperations.addHandler(
                        try NIOSSLClientHandler(context: tlsContext, serverHostname: host), position: .first)
                    // From here what arrives is TLS, decrypted before the decoder sees it.
                    phase.phase = .plain
                }.get()
            } catch {
                throw SMTPError.connection(stage: .startTLS, detail: "\(error)")
            }
            // RFC 3207: what the server said before TLS is forgotten; it is asked again.
            try await hello(helloName)
        }
        if let username = configuration.username {
            try await authenticate(username: username, password: configuration.password ?? "")
        }
    }

    func hello(_ name: String) async throws {
        let reply = try await command("EHLO \(name)", at: .hello, expecting: 250)
        capabilities = Capabilities(ehloLines: reply.lines)
    }

    func authenticate(username: String, password: String) async throws {
        if capabilities.authentication.contains("PLAIN") {
            let credentials = Data(([0] + Array(username.utf8) + [0] + Array(password.utf8))).base64EncodedString()
            _ = try await command("AUTH PLAIN \(credentials)", at: .authenticate, expecting: 235)
        } else if capabilities.authentication.contains("LOGIN") {
            _ = try await command("AUTH LOGIN", at: .authenticate, expecting: 334)
            _ = try await command(
                Data(username.utf8).base64EncodedString(), at: .authenticate, expecting: 334)
            _ = try await command(
                Data(password.utf8).base64EncodedString(), at: .authenticate, expecting: 235)
        } else {
            throw SMTPError.noAuthenticationMechanism
        }
    }

    /// Sends one message to its `to`, from its `from`. A refusal leaves the session usable for the next one.
    public func send(_ message: MailMessage) async throws {
        let international = message.to.address.isInternational || message.from.address.isInternational
        if international, !capabilities.smtpUTF8 { throw SMTPError.internationalAddressNotSupported }
        var parameters = ""
        if capabilities.eightBitMIME { parameters += " BODY=8BITMIME" }
        if international { parameters += " SMTPUTF8" }
        do {
            _ = try await command(
                "MAIL FROM:<\(message.from.address.text)>\(parameters)", at: .mailFrom, expecting: 250)
            _ = try await command("RCPT TO:<\(message.to.address.text)>", at: .recipient, expecting: 250, 251)
            _ = try await command("DATA", at: .data, expecting: 354)
            let text = MIMEWriter.dotStuffed(MIMEWriter.render(message, eightBit: capabilities.eightBitMIME))
            try await write(text + ".\r\n", at: .message)
            _ = try await expect(try await reply(.message), 250, at: .message)
        } catch let error as SMTPError {
            if case .refused = error { _ = try? await command("RSET", at: .mailFrom, expecting: 250) }
            throw error
        }
    }

    func quit() async {
        _ = try? await command("QUIT", at: .quit, expecting: 221)
    }

    // MARK: The exchange

    func command(_ line: String, at stage: SMTPError.Stage, expecting codes: Int...)
        async throws -> Reply
    {
        try await write(line + "\r\n", at: stage)
        return try await expect(try await reply(stage), codes, at: stage)
    }

    func expect(_ reply: Reply, _ codes: Int..., at stage: SMTPError.Stage) async throws -> Reply {
        try await expect(reply, codes, at: stage)
    }

    func expect(_ reply: Reply, _ codes: [Int], at stage: SMTPError.Stage) async throws -> Reply {
        guard codes.contains(reply.code) else {
            throw SMTPError.refused(stage: stage, code: reply.code, text: String(reply.text.prefix(500)))
        }
        return reply
    }

    func write(_ text: String, at stage: SMTPError.Stage) async throws {
        do {
            try await outbound.write(ByteBuffer(string: text))
        } catch {
            throw SMTPError.connection(stage: stage, detail: "\(error)")
        }
    }

    /// One reply, multi-line or not (`250-…` lines, then `250 …`).
    func reply(_ stage: SMTPError.Stage) async throws -> Reply {
        var lines: [String] = []
        while true {
            let next: ByteBuffer?
            do {
                next = try await inbound.next()
            } catch let error as SMTPError {
                throw error
            } catch {
                throw SMTPError.connection(stage: stage, detail: "\(error)")
            }
            guard let buffer = next else {
                throw SMTPError.connection(
                    stage: stage, detail: "the server closed the connection, or sent no reply in time")
            }
            let line = String(buffer: buffer)
            let bytes = Array(line.utf8)
            guard bytes.count >= 3, let code = Int(String(decoding: bytes[0..<3], as: UTF8.self)),
                (200...599).contains(code)
            else { throw SMTPError.unreadableReply(line) }
            let separator = bytes.count > 3 ? bytes[3] : UInt8(ascii: " ")
            lines.append(bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : "")
            switch separator {
            case UInt8(ascii: "-"): continue
            case UInt8(ascii: " "): return Reply(code: code, lines: lines)
            default: throw SMTPError.unreadableReply(line)
            }
        }
    }
}
