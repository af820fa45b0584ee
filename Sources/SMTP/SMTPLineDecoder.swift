import NIOCore

/// Where the connection is in STARTTLS (RFC 3207), for the line decoder. Between the server's 220 and the TLS
/// handshake the server must send nothing: anything that arrives then was put there by someone on the path (the
/// class of CVE-2011-0411), would be read as if it came over TLS, and ends the session instead. Touched on the
/// channel's event loop only.
final class StartTLSPhase: @unchecked Sendable {
    enum Phase {
        case plain
        /// STARTTLS was sent; its reply is awaited.
        case awaitingReady
        /// The 220 came: nothing more may, until TLS is in place.
        case mustBeSilent
    }

    var phase = Phase.plain
}

/// Splits what the server sends into lines, without their CRLF. A line longer than any reply has (RFC 5321 allows
/// 512 octets) ends the session instead of filling memory.
struct SMTPLineDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    static let maximumLineLength = 4_096
    let startTLS: StartTLSPhase

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        if startTLS.phase == .mustBeSilent, buffer.readableBytes > 0 {
            throw SMTPError.unreadableReply("data after the 220 to STARTTLS and before TLS: refused as injected")
        }
        guard let lineFeed = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > Self.maximumLineLength {
                throw SMTPError.unreadableReply("a line of over \(Self.maximumLineLength) bytes")
            }
            return .needMoreData
        }
        guard var line = buffer.readSlice(length: lineFeed - buffer.readerIndex) else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: 1)
        if line.readableBytesView.last == UInt8(ascii: "\r") { line.moveWriterIndex(to: line.writerIndex - 1) }
        if startTLS.phase == .awaitingReady {
            let bytes = Array(line.readableBytesView)
            // The reply's last line: `220 …` opens TLS; any other code leaves the connection plain.
            if bytes.count < 4 || bytes[3] != UInt8(ascii: "-") {
                startTLS.phase = bytes.starts(with: Array("220".utf8)) ? .mustBeSilent : .plain
            }
        }
        context.fireChannelRead(wrapInboundOut(line))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws
        -> DecodingState
    {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}

/// Closes the connection when the server has sent nothing for the reply timeout, so a stalled server ends the
/// session instead of holding a sender forever.
final class CloseWhenIdle: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}
