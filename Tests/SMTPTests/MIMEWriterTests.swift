import Foundation
import Testing

@testable import SMTP

/// The message as text: RFC 5322 headers in ASCII, two UTF-8 parts, and nothing a name or subject can inject.
@Suite struct MIMEWriterTests {
    static let date = Date(timeIntervalSince1970: 1_795_618_800)  // 25 Nov 2026 15:00 UTC

    static func message(
        subject: String = "Seu recibo", text: String = "Olá, Ana!\nObrigado.", html: String = "<p>Olá, Ana!</p>",
        unsubscribe: String? = nil, fromName: String? = "CreatorFlix"
    ) throws -> MailMessage {
        MailMessage(
            from: try Mailbox(name: fromName, address: try MailAddress("no-reply@example.com.br")),
            to: try Mailbox(name: "Ana Souza", address: try MailAddress("ana@example.com")), subject: subject,
            text: text, html: html, messageID: "abc.def@example.com.br", date: date, unsubscribeURL: unsubscribe)
    }

    static func headers(_ rendered: String) -> [String: String] {
        let head = rendered.components(separatedBy: "\r\n\r\n")[0].replacingOccurrences(of: "\r\n ", with: " ")
        var result: [String: String] = [:]
        for line in head.components(separatedBy: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            result[String(line[..<colon])] = String(line[line.index(after: colon)...]).trimmingWhitespace
        }
        return result
    }

    /// RFC 2047 B-encoded words, decoded.
    static func decodeWords(_ text: String) -> String {
        text.split(separator: " ").map { word -> String in
            guard word.hasPrefix("=?utf-8?B?"), word.hasSuffix("?=") else { return String(word) }
            let payload = word.dropFirst(10).dropLast(2)
            return String(decoding: Data(base64Encoded: String(payload)) ?? Data(), as: UTF8.self)
        }.joined()
    }

    @Test func theHeadersAreThoseOfRFC5322() throws {
        let headers = Self.headers(MIMEWriter.render(try Self.message(), eightBit: true, boundary: "B"))

        #expect(headers["Date"] == "Wed, 25 Nov 2026 15:00:00 +0000")
        #expect(headers["From"] == "\"CreatorFlix\" <no-reply@example.com.br>")
        #expect(headers["To"] == "\"Ana Souza\" <ana@example.com>")
        #expect(headers["Message-ID"] == "<abc.def@example.com.br>")
        #expect(headers["MIME-Version"] == "1.0")
        #expect(headers["Content-Type"] == "multipart/alternative; boundary=\"B\"")
        #expect(headers["List-Unsubscribe"] == nil, "transactional mail has no unsubscribe")
    }

    @Test func aSubjectInPortugueseIsEncodedWordsThatDecodeBack() throws {
        let subject = "Sua assinatura termina amanhã — renove já, por R$ 29,90, e não perca nenhuma publicação"
        let rendered = MIMEWriter.render(try Self.message(subject: subject), eightBit: true)
        let raw = Self.headers(rendered)["Subject"] ?? ""

        #expect(raw.hasPrefix("=?utf-8?B?"))
        #expect(Self.decodeWords(raw) == subject)
        let headerLines = rendered.components(separatedBy: "\r\n\r\n")[0].components(separatedBy: "\r\n")
        #expect(headerLines.allSatisfy { $0.utf8.count <= 78 }, "folded: \(headerLines)")
        #expect(headerLines.allSatisfy { line in line.unicodeScalars.allSatisfy { $0.isASCII } })
    }

    @Test func aLineBreakInASubjectCannotStartAHeader() throws {
        let rendered = MIMEWriter.render(try Self.message(subject: "Oi\r\nBcc: all@example.com"), eightBit: true)
        let headers = Self.headers(rendered)

        #expect(headers["Bcc"] == nil)
        #expect(headers["Subject"] == "Oi Bcc: all@example.com")
    }

    @Test func aNameWithQuotesIsAQuotedStringAndOneInPortugueseEncodedWords() throws {
        let quoted = MIMEWriter.render(try Self.message(fromName: "Ana \"A\" <Loja>"), eightBit: true)
        let accented = MIMEWriter.render(try Self.message(fromName: "Loja da Conceição"), eightBit: true)

        #expect(Self.headers(quoted)["From"] == #""Ana \"A\" <Loja>" <no-reply@example.com.br>"#)
        let from = Self.headers(accented)["From"] ?? ""
        #expect(from.hasSuffix(" <no-reply@example.com.br>"))
        #expect(Self.decodeWords(String(from.dropLast(" <no-reply@example.com.br>".count))) == "Loja da Conceição")
    }

    @Test func mailAMemberMayStopCarriesOneClickUnsubscribe() throws {
        let rendered = MIMEWriter.render(
            try Self.message(unsubscribe: "https://site.example/e-mails/sair?t=abc"), eightBit: true)
        let headers = Self.headers(rendered)

        #expect(headers["List-Unsubscribe"] == "<https://site.example/e-mails/sair?t=abc>")
        #expect(headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click")
    }

    @Test func bothPartsAreUTF8AndEightBitWhenTheServerTakesIt() throws {
        let rendered = MIMEWriter.render(try Self.message(), eightBit: true, boundary: "B")

        #expect(rendered.contains("--B\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit"))
        #expect(rendered.contains("\r\n\r\nOlá, Ana!\r\nObrigado.\r\n--B\r\n"), "line ends become CRLF")
        #expect(rendered.contains("Content-Type: text/html; charset=utf-8"))
        #expect(rendered.hasSuffix("--B--\r\n"))
    }

    @Test func withoutEightBitThePartsAreQuotedPrintable() throws {
        let rendered = MIMEWriter.render(try Self.message(), eightBit: false, boundary: "B")

        #expect(rendered.contains("Content-Transfer-Encoding: quoted-printable"))
        #expect(rendered.contains("Ol=C3=A1, Ana!\r\nObrigado."))
        #expect(rendered.unicodeScalars.allSatisfy { $0.isASCII })
    }

    @Test func aLineTooLongForEightBitIsQuotedPrintableInLinesOf76() throws {
        let long = String(repeating: "palavra ", count: 200)
        let rendered = MIMEWriter.render(try Self.message(html: long), eightBit: true, boundary: "B")

        #expect(
            rendered.contains("Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable"))
        #expect(rendered.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 998 })
        let htmlPart = rendered.components(separatedBy: "quoted-printable\r\n\r\n")[1]
        #expect(htmlPart.components(separatedBy: "\r\n").dropLast(2).allSatisfy { $0.utf8.count <= 76 })
        #expect(htmlPart.replacingOccurrences(of: "=\r\n", with: "").hasPrefix(long.trimmingWhitespace + "=20"))
    }

    @Test func aLineStartingWithADotIsStuffedForData() {
        #expect(MIMEWriter.dotStuffed(".a\r\n.\r\nb\r\n..c") == "..a\r\n..\r\nb\r\n...c")
    }

    @Test func aDotAfterABareLineFeedIsNotALineStartToSMTP() {
        #expect(MIMEWriter.dotStuffed("a\n.b\r\n.") == "a\n.b\r\n..")
    }

    @Test func everyKindOfLineEndBecomesCRLF() {
        #expect(MIMEWriter.normalizeLineEnds("a\nb\r\nc\rd\r\r\ne\n\n") == "a\r\nb\r\nc\r\nd\r\n\r\ne\r\n\r\n")
        #expect(MIMEWriter.longestLine("abc\r\n12345\r\nxy") == 5)
        #expect(MIMEWriter.longestLine(String(repeating: "é", count: 500)) == 1_000, "octets, not characters")
    }

    /// Decoded as a reader would: soft breaks joined, `=XX` turned back into its byte.
    static func decodeQuotedPrintable(_ text: String) -> String {
        let bytes = Array(text.replacingOccurrences(of: "=\r\n", with: "").utf8)
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == 61, index + 2 < bytes.count,
                let byte = UInt8(String(decoding: bytes[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)
            {
                out.append(byte)
                index += 3
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    @Test(arguments: [
        "Olá, Ana! Sua assinatura termina amanhã. \r\nRenovar: https://site.example/assinar/1?x=1&y=2\t",
        String(repeating: "a=b ção ", count: 60) + "\r\n\r\n fim ",
        String(repeating: "ção", count: 200), "", "\r\n", "  \r\n\t\r\n",
    ])
    func quotedPrintableDecodesBackInLinesOf76WithNoBareSpaceAtAnEnd(_ text: String) {
        let encoded = MIMEWriter.quotedPrintable(text)
        #expect(Self.decodeQuotedPrintable(encoded) == text)
        let lines = encoded.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 76 })
        #expect(lines.allSatisfy { $0.last != " " && $0.last != "\t" })
        #expect(encoded.unicodeScalars.allSatisfy { $0.isASCII })
    }

    @Test func theDateIsWhatAnEnglishFormatterInUTCWrites() {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        // Leap days, the turn of centuries, before 1970, and a spread of ordinary moments.
        var moments: [TimeInterval] = [0, -1, -86_400, 951_782_400, 951_868_799, 4_107_542_400, -2_208_988_800]
        var generator = SystemRandomNumberGenerator()
        moments += (0..<500).map { _ in TimeInterval(Int.random(in: -2_000_000_000...5_000_000_000, using: &generator))
        }
        for moment in moments {
            let date = Date(timeIntervalSince1970: moment + 0.75)
            #expect(MIMEWriter.rfc5322Date(date) == formatter.string(from: date), "\(moment)")
        }
    }
}
