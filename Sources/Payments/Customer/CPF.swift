/// A Brazilian taxpayer number (Cadastro de Pessoas Físicas): 11 digits, the last two check digits computed
/// from the first nine by weighted sums modulo 11.
public struct CPF: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The 11 digits, without punctuation.
    public let digits: String

    /// Reads "123.456.789-09", "12345678909" or any punctuation and spaces between the digits; nil unless there
    /// are exactly 11 digits with valid check digits, not all the same ("111.111.111-11" passes the sums but is
    /// no one's CPF).
    public init?(_ text: String) {
        guard text.allSatisfy({ $0.isASCII && ($0.isNumber || ".- /".contains($0)) }) else { return nil }
        let numbers = text.compactMap { $0.wholeNumberValue }
        guard numbers.count == 11, Set(numbers).count > 1,
            Self.checkDigit(numbers[0..<9]) == numbers[9], Self.checkDigit(numbers[0..<10]) == numbers[10]
        else { return nil }
        digits = numbers.map(String.init).joined()
    }

    /// The check digit after `prefix`: weights count down from prefix.count + 1 to 2; a remainder below 2 gives 0.
    static func checkDigit(_ prefix: ArraySlice<Int>) -> Int {
        let weighted = zip(prefix, stride(from: prefix.count + 1, through: 2, by: -1)).reduce(0) { $0 + $1.0 * $1.1 }
        let remainder = weighted % 11
        return remainder < 2 ? 0 : 11 - remainder
    }

    /// "123.456.789-09".
    public var formatted: String {
        let d = Array(digits)
        return String(d[0..<3]) + "." + String(d[3..<6]) + "." + String(d[6..<9]) + "-" + String(d[9..<11])
    }

    public var description: String { formatted }
}
