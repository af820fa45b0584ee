import Foundation

/// Writes a `MailMessage` as RFC 5322 text with MIME (RFC 2045–2047): CRLF line ends, headers in ASCII (names
/// and subjects in other scripts as encoded words), and each part in UTF-8, as 8bit when the server takes it and
/// every line fits, else quoted-printable.
public enum MIMEWriter {
    /// The message, ready for DATA (before dot-stuffing).
    /// - Parameter eightBit: whether the server offered 8BITMIME.
    public static func render(_ message: MailMessage, eightBit: Bool, boundary: String? = nil) -> String {
        let boundary = boundary ?? "=_creatorflix_" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        var headers: [(String, String)] = [
            ("Date", rfc5322Date(message.date)),
            ("From", mailbox(message.from)),
            ("To", mailbox(message.to)),
            ("Subject", encodedWords(message.subject)),
            ("Message-ID", "<\(message.messageID)>"),
            ("MIME-Version", "1.0"),
        ]
        if let url = message.unsubscribeURL {
            headers.append(("List-Unsubscribe", "<\(url)>"))
            headers.append(("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))
        }
        headers.append(("Content-Type", "multipart/alternative; boundary=\"\(boundary)\""))
        var lines = headers.map { fold("\($0.0): \($0.1)") }
        lines.append("")
        lines.append("This is a multi-part message in MIME format.")
        for (type, body) in [("text/plain", message.text), ("text/html", message.html)] {
            lines.append("--" + boundary)
            lines.append("Content-Type: \(type); charset=utf-8")
            let normalized = normalizeLineEnds(body)
            if eightBit,
                normalized.split(separator: "\r\n", omittingEmptySubsequences: false).allSatisfy({
                    $0.utf8.count <= 998
                })
            {
                lines.append("Content-Transfer-Encoding: 8bit")
                lines.append("")
                lines.append(normalized)
            } else {
                lines.append("Content-Transfer-Encoding: quoted-printable")
                lines.append("")
                lines.append(quotedPrintable(normalized))
            }
        }
        lines.append("--" + boundary + "--")
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// `Name <address>`, the name as a quoted string or as encoded words.
    static func mailbox(_ mailbox: Mailbox) -> String {
        guard let name = mailbox.name else { return "<\(mailbox.address.text)>" }
        let phrase: String
        if name.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F }) {
            let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            phrase = "\"\(escaped)\""
        } else {
            phrase = encodedWords(name)
        }
        return "\(phrase) <\(mailbox.address.text)>"
    }

    /// Text as is when it is printable ASCII, else as RFC 2047 B-encoded words of at most 75 characters each,
    /// split between characters, never inside one.
    static func encodedWords(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F }) { return text }
        // "=?utf-8?B?" + "?=" is 12 characters; 63 of base64 carry 45 bytes (a multiple of 3 keeps words whole).
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 45 {
                words.append("=?utf-8?B?" + Data(chunk).base64EncodedString() + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?utf-8?B?" + Data(chunk).base64EncodedString() + "?=") }
        return words.joined(separator: " ")
    }

    /// A header on lines of at most 78 characters where it has spaces to fold at (RFC 5322, 2.2.3).
    static func fold(_ header: String) -> String {
        guard header.count > 78 else { return header }
        var lines: [String] = []
        var line = ""
        for word in header.split(separator: " ", omittingEmptySubsequences: false) {
            if !line.isEmpty, line.count + 1 + word.count > 78 {
                lines.append(line)
                line = " " + word
            } else {
                line = line.isEmpty ? String(word) : line + " " + word
            }
        }
        lines.append(line)
        return lines.joined(separator: "\r\n")
    }

    static func normalizeLineEnds(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .replacingOccurrences(of: "\n", with: "\r\n")
    }

    /// RFC 2045 quoted-printable, lines of at most 76 characters, soft breaks as `=`.
    static func quotedPrintable(_ text: String) -> String {
        text.components(separatedBy: "\r\n").map { line in
            var encoded: [String] = []
            let bytes = Array(line.utf8)
            for (index, byte) in bytes.enumerated() {
                let isLast = index == bytes.count - 1
                let printable = (byte >= 33 && byte <= 126 && byte != 61) || ((byte == 32 || byte == 9) && !isLast)
                encoded.append(printable ? String(UnicodeScalar(byte)) : String(format: "=%02X", byte))
            }
            var lines: [String] = []
            var current = ""
            for piece in encoded {
                if current.count + piece.count > 75 {
                    lines.append(current + "=")
                    current = ""
                }
                current += piece
            }
            lines.append(current)
            return lines.joined(separator: "\r\n")
        }.joined(separator: "\r\n")
    }

    /// `Tue, 01 Dec 2026 22:43:08 +0000`, in UTC: English names whatever the machine's locale.
    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }

    /// DATA's transparency (RFC 5321, 4.5.2): a line that starts with a dot gets another.
    public static func dotStuffed(_ text: String) -> String {
        var stuffed = text.replacingOccurrences(of: "\r\n.", with: "\r\n..")
        if stuffed.hasPrefix(".") { stuffed = "." + stuffed }
        return stuffed
    }
}
