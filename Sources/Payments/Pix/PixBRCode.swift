import Foundation

/// A Pix "copia e cola" payload (BR Code): the EMV® Merchant-Presented QR Code format as the Banco Central do
/// Brasil profiles it in its "Manual de Padrões para Iniciação do Pix". Each field is ID (2 digits), length
/// (2 digits) and value; the payload ends with field 63, a CRC-16/CCITT-FALSE over everything before its value.
public struct PixBRCode: Sendable, Equatable {
    /// The receiver's Pix key (e-mail, phone, CPF/CNPJ or random key), for a static code.
    public var key: String
    /// Shown to the payer's bank; up to 25 characters, folded to the characters the format allows.
    public var merchantName: String
    /// Up to 15 characters, folded likewise.
    public var merchantCity: String
    /// In cents. Nil lets the payer type the amount.
    public var amountCents: Int?
    /// The transaction id (field 62-05): up to 25 letters and digits; "***" when the receiver doesn't set one.
    public var transactionID: String?
    /// An optional message to the payer (field 26-02).
    public var description: String?
    /// Pix Automático's Jornada 3: where the payer's bank reads the recurrence this payment also asks to
    /// authorise (field 80-25).
    public var recurrenceLocation: String?

    public init(
        key: String, merchantName: String, merchantCity: String, amountCents: Int? = nil, transactionID: String? = nil,
        description: String? = nil
    ) {
        self.key = key
        self.merchantName = merchantName
        self.merchantCity = merchantCity
        self.amountCents = amountCents
        self.transactionID = transactionID
        self.description = description
    }

    /// The payment system's globally unique identifier inside field 26.
    public static let pixGUI = "br.gov.bcb.pix"

    public enum Problem: Error, Equatable, Sendable {
        case keyMissing
        case fieldTooLong(id: String)
        case amountNotPositive
    }

    /// The payload, ready to paste or to draw as a QR code.
    public func payload() throws(Problem) -> String {
        guard !key.isEmpty else { throw .keyMissing }
        var merchantAccount = try Self.field("00", Self.pixGUI) + Self.field("01", key)
        if let description, !description.isEmpty {
            merchantAccount += try Self.field("02", String(Self.folded(description).prefix(72)))
        }
        var payload = try Self.field("00", "01")
        payload += try Self.field("26", merchantAccount)
        payload += try Self.field("52", "0000")  // merchant category code: not informed
        payload += try Self.field("53", "986")  // ISO 4217: Brazilian real
        if let amountCents {
            guard amountCents > 0 else { throw .amountNotPositive }
            payload += try Self.field("54", Self.amount(amountCents))
        }
        payload += try Self.field("58", "BR")
        payload += try Self.field("59", String(Self.folded(merchantName).prefix(25)))
        payload += try Self.field("60", String(Self.folded(merchantCity).prefix(15)))
        let txid = transactionID.map { String($0.filter { $0.isASCII && ($0.isLetter || $0.isNumber) }.prefix(25)) }
        payload += try Self.field("62", Self.field("05", txid.flatMap { $0.isEmpty ? nil : $0 } ?? "***"))
        if let recurrenceLocation {
            payload += try Self.field("80", Self.field("00", Self.pixGUI) + Self.field("25", recurrenceLocation))
        }
        payload += "6304"
        return payload + Self.crcHex(payload)
    }

    /// "1234.56" for 123456 cents: a dot, two decimals, no thousands separator.
    static func amount(_ cents: Int) -> String {
        let reais = cents / 100, remainder = cents % 100
        return "\(reais)." + (remainder < 10 ? "0\(remainder)" : "\(remainder)")
    }

    static func field(_ id: String, _ value: String) throws(Problem) -> String {
        let length = value.utf8.count
        guard length <= 99 else { throw .fieldTooLong(id: id) }
        return id + (length < 10 ? "0\(length)" : "\(length)") + value
    }

    /// The four upper-case hex digits of the CRC over `payloadUpToCRC`, which ends in "6304".
    public static func crcHex(_ payloadUpToCRC: String) -> String {
        let hex = String(CRC16.ccittFalse(payloadUpToCRC.utf8), radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - hex.count) + hex
    }

    /// Whether a pasted payload's CRC matches its content.
    public static func hasValidCRC(_ payload: String) -> Bool {
        guard payload.utf8.count > 8, payload.dropLast(4).hasSuffix("6304") else { return false }
        return crcHex(String(payload.dropLast(4))) == payload.suffix(4).uppercased()
    }

    /// The fields of a payload, id to value (the EMV format's two-digit id, two-digit length, value), read one
    /// level deep: a template's value holds its own fields, which this reads again. Nil when the lengths don't
    /// add up to the payload.
    public static func fields(_ payload: String) -> [String: String]? {
        var fields: [String: String] = [:]
        var rest = Substring(payload)
        while !rest.isEmpty {
            // Both id and length are two ASCII digits: "-1" or "+5" is no length.
            guard rest.count >= 4, rest.prefix(4).allSatisfy({ $0.isASCII && $0.isNumber }),
                let length = Int(rest.dropFirst(2).prefix(2)), rest.count >= 4 + length
            else { return nil }
            fields[String(rest.prefix(2))] = String(rest.dropFirst(4).prefix(length))
            rest = rest.dropFirst(4 + length)
        }
        return fields
    }

    /// Names and cities as the format's character set allows: accents removed ("São Paulo" → "Sao Paulo"), and
    /// anything else outside printable ASCII dropped.
    static func folded(_ text: String) -> String {
        let plain = text.folding(options: [.diacriticInsensitive, .widthInsensitive], locale: nil)
        return String(plain.unicodeScalars.filter { (0x20...0x7E).contains($0.value) }.map(Character.init))
            .trimmingCharacters(in: .whitespaces)
    }
}
