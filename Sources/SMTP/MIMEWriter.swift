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
            if eightBit, longestLine(normalized) <= 998 {
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

    // The body's passes below walk UTF-8 bytes: every message goes through them, and Foundation's string search
    // and per-character Strings made rendering most of a send's time.

    /// Every line end as CRLF: a lone CR or LF becomes one.
    static func normalizeLineEnds(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + text.utf8.count / 32)
        var afterCR = false
        for byte in text.utf8 {
            if byte == lf, afterCR {
                afterCR = false
                continue
            }
            afterCR = byte == cr
            if byte == cr || byte == lf { out += [cr, lf] } else { out.append(byte) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The longest line of CRLF-ended text, in octets: SMTP allows 998 (RFC 5321, 4.5.3.1.6).
    static func longestLine(_ text: String) -> Int {
        var longest = 0, current = 0
        var afterCR = false
        for byte in text.utf8 {
            if byte == lf, afterCR {
                current -= 1
                longest = max(longest, current)
                current = 0
            } else {
                current += 1
            }
            afterCR = byte == cr
        }
        return max(longest, current)
    }

    /// RFC 2045 quoted-printable of CRLF-ended text, lines of at most 76 characters, soft breaks as `=`.
    static func quotedPrintable(_ text: String) -> String {
        let bytes = Array(text.utf8)
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        func lineEnds(at index: Int) -> Bool {
            index == bytes.count || (bytes[index] == cr && index + 1 < bytes.count && bytes[index + 1] == lf)
        }
        var index = 0, column = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == cr, index + 1 < bytes.count, bytes[index + 1] == lf {
                out += [cr, lf]
                (index, column) = (index + 2, 0)
                continue
            }
            // A space or tab is written as is unless it ends a line, where a reader would strip it.
            let printable =
                (byte >= 33 && byte <= 126 && byte != 61) || ((byte == 32 || byte == 9) && !lineEnds(at: index + 1))
            let width = printable ? 1 : 3
            if column + width > 75 {
                out += [61, cr, lf]
                column = 0
            }
            if printable { out.append(byte) } else { out += [61, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]] }
            column += width
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `Tue, 01 Dec 2026 22:43:08 +0000`, in UTC: English names whatever the machine's locale. Worked out from
    /// the day number (H. Hinnant's civil-from-days), as a formatter per message cost more than the rest of it.
    static func rfc5322Date(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : -((-seconds + 86_399) / 86_400)
        let secondOfDay = seconds - days * 86_400
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        // 1 January 1970 was a Thursday.
        let weekday = ((days % 7) + 11) % 7
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }
        return "\(weekdays[weekday]), \(two(day)) \(months[month - 1]) \(year) "
            + "\(two(secondOfDay / 3_600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60)) +0000"
    }

    private static let cr: UInt8 = 13
    private static let lf: UInt8 = 10

    /// DATA's transparency (RFC 5321, 4.5.2): a line that starts with a dot gets another.
    public static func dotStuffed(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        var lineStarts = true, afterCR = false
        for byte in text.utf8 {
            if lineStarts, byte == 46 { out.append(46) }
            out.append(byte)
            lineStarts = afterCR && byte == lf
            afterCR = byte == cr
        }
        return String(decoding: out, as: UTF8.self)
    }
}
