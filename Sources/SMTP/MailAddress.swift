/// An e-mail address that is safe to put in an SMTP command and a header: one `local@domain`, with no space,
/// control character, quote or bracket, within RFC 5321's limits. Anything else is refused before it reaches a
/// connection, so no input can add a header or a command.
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    /// Why a text is not an address we send to.
    public enum Problem: String, Error, Sendable, Equatable {
        case empty
        /// Over 254 characters in all, or 64 before the `@` (RFC 5321, 4.5.3.1).
        case tooLong
        /// A line break or another control character: a header injection, or a typing accident.
        case controlCharacter
        /// Not one `local@domain` of the characters addresses are written with.
        case notAnAddress
    }

    /// RFC 5321's limit for a path (256, less the angle brackets).
    public static let maximumLength = 254
    static let maximumLocalPartLength = 64

    public let text: String

    /// Whether the address needs SMTPUTF8 (RFC 6531): a local part or a domain in a script other than ASCII.
    public var isInternational: Bool { !text.unicodeScalars.allSatisfy(\.isASCII) }

    public var domain: String { String(text[text.index(after: text.lastIndex(of: "@") ?? text.startIndex)...]) }

    public var description: String { text }

    /// For constants this file checks by eye only.
    init(known text: String) { self.text = text }

    public init(_ input: String) throws(Problem) {
        let text = input.trimmingWhitespace
        guard !text.isEmpty else { throw .empty }
        guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .controlCharacter
        }
        guard text.utf8.count <= Self.maximumLength else { throw .tooLong }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { throw .notAnAddress }
        guard parts[0].utf8.count <= Self.maximumLocalPartLength else { throw .tooLong }
        guard Self.isLocalPart(parts[0]), Self.isDomain(parts[1]) else { throw .notAnAddress }
        self.text = text
    }

    /// RFC 5322's dot-atom: atext runs joined by single dots. Quoted local parts are refused: no one signs up
    /// with one, and they are where header tricks hide.
    static func isLocalPart(_ part: Substring) -> Bool {
        let runs = part.split(separator: ".", omittingEmptySubsequences: false)
        return runs.allSatisfy { run in
            !run.isEmpty
                && run.unicodeScalars.allSatisfy { $0.isASCII ? atext.contains($0) : $0.properties.isAlphabetic }
        }
    }

    /// Labels of letters, digits and inner hyphens, at least two, the last not all digits.
    static func isDomain(_ part: Substring) -> Bool {
        let labels = part.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, let last = labels.last, !last.allSatisfy(\.isNumber) else { return false }
        return labels.allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63 && label.first != "-" && label.last != "-"
                && label.unicodeScalars.allSatisfy {
                    $0.isASCII ? (CharacterSets.letterOrDigit.contains($0) || $0 == "-") : $0.properties.isAlphabetic
                }
        }
    }

    /// RFC 5322's atext.
    static let atext = Set(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~".unicodeScalars)
}

enum CharacterSets {
    static let letterOrDigit = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".unicodeScalars)
}

extension String {
    var trimmingWhitespace: String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars = scalars.dropFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars = scalars.dropLast() }
        return String(scalars)
    }
}

/// A name and an address, as in `From: CreatorFlix <no-reply@example.com.br>`.
public struct Mailbox: Sendable, Hashable {
    /// The display name; never contains a line break (refused with `controlCharacter`).
    public let name: String?
    public let address: MailAddress

    public init(name: String?, address: MailAddress) throws(MailAddress.Problem) {
        let trimmed = name?.trimmingWhitespace
        if let trimmed, trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw .controlCharacter
        }
        self.name = trimmed?.isEmpty == false ? trimmed : nil
        self.address = address
    }

    /// `CreatorFlix <no-reply@creatorflix.localhost>`: the sender of mail that is only written to files.
    public static let localPlaceholder = Mailbox(
        knownName: "CreatorFlix", address: MailAddress(known: "no-reply@creatorflix.localhost"))

    init(knownName: String, address: MailAddress) {
        self.name = knownName
        self.address = address
    }

    /// Reads `Name <address>` or a bare address, as `MAIL_FROM` is written.
    public init(parsing text: String) throws(MailAddress.Problem) {
        let text = text.trimmingWhitespace
        guard let open = text.lastIndex(of: "<") else {
            try self.init(name: nil, address: try MailAddress(text))
            return
        }
        guard text.hasSuffix(">") else { throw .notAnAddress }
        var name = String(text[..<open]).trimmingWhitespace
        if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") { name = String(name.dropFirst().dropLast()) }
        let address = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
        try self.init(name: name, address: try MailAddress(address))
    }
}
