import Foundation

/// An amount of Brazilian reais in integer cents: the only way money is stored, computed and shown.
public struct Money: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let cents: Int

    public init(cents: Int) { self.cents = cents }

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.cents < rhs.cents }
    public static func + (lhs: Money, rhs: Money) -> Money { Money(cents: lhs.cents + rhs.cents) }
    public static let zero = Money(cents: 0)

    /// "R$ 1.234,56", the Brazilian way, whatever the page's language: prices are in reais.
    public var formatted: String {
        let magnitude = cents.magnitude
        let reais = String(magnitude / 100)
        var grouped = ""
        for (offset, digit) in reais.enumerated() {
            if offset > 0, (reais.count - offset) % 3 == 0 { grouped.append(".") }
            grouped.append(digit)
        }
        let centavos = magnitude % 100
        let sign = cents < 0 ? "-" : ""
        return "\(sign)R$ \(grouped),\(centavos < 10 ? "0" : "")\(centavos)"
    }

    public var description: String { formatted }

    /// Reads an amount typed by a person: "1.234,56", "1234,5", "R$ 10", "10.00" or "1234".
    /// A dot followed by exactly two digits at the end is read as the decimal point ("10.00"); any other dot
    /// groups thousands. Nil for anything that is not an amount, or has more than two decimal places.
    public init?(parsing input: String) {
        var text = input.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("R$") { text = String(text.dropFirst(2)).trimmingCharacters(in: .whitespaces) }
        let isNegative = text.hasPrefix("-")
        if isNegative { text.removeFirst() }
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == ",") }) else {
            return nil
        }

        var integerPart: Substring
        var fractionPart: Substring = ""
        if let comma = text.lastIndex(of: ",") {
            integerPart = text[..<comma]
            fractionPart = text[text.index(after: comma)...]
            guard !integerPart.contains(",") else { return nil }
        } else if let dot = text.lastIndex(of: "."), text.distance(from: dot, to: text.endIndex) == 3,
            text.filter({ $0 == "." }).count == 1
        {
            integerPart = text[..<dot]
            fractionPart = text[text.index(after: dot)...]
        } else {
            integerPart = Substring(text)
        }
        // Thousands dots must group by three: "1.234" yes, "12.34.5" no.
        let groups = integerPart.split(separator: ".", omittingEmptySubsequences: false)
        if groups.count > 1 {
            guard let first = groups.first, (1...3).contains(first.count),
                groups.dropFirst().allSatisfy({ $0.count == 3 })
            else { return nil }
            integerPart = Substring(groups.joined())
        }
        guard !integerPart.isEmpty || !fractionPart.isEmpty, fractionPart.count <= 2,
            !fractionPart.contains("."), integerPart.count <= 15
        else { return nil }
        let reais = integerPart.isEmpty ? 0 : Int(integerPart)
        let centavos = fractionPart.isEmpty ? 0 : Int(fractionPart.count == 1 ? fractionPart + "0" : fractionPart)
        guard let reais, let centavos else { return nil }
        self.cents = (reais * 100 + centavos) * (isNegative ? -1 : 1)
    }
}
