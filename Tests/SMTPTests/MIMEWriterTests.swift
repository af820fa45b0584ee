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
}
