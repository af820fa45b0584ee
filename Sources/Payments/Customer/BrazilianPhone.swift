import Foundation

/// A Brazilian phone number with its area code (DDD): a mobile (9 digits starting with 9) or a landline (8 digits
/// starting with 2 to 5). Stored as the 10 or 11 national digits.
public struct BrazilianPhone: Sendable, Equatable, Hashable, CustomStringConvertible {
    public let areaCode: Int
    /// The subscriber number, 8 or 9 digits.
    public let number: String

    /// The area codes Anatel assigns.
    public static let areaCodes: Set<Int> = [
        11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 24, 27, 28, 31, 32, 33, 34, 35, 37, 38, 41, 42, 43, 44, 45, 46,
        47, 48, 49, 51, 53, 54, 55, 61, 62, 63, 64, 65, 66, 67, 68, 69, 71, 73, 74, 75, 77, 79, 81, 82, 83, 84, 85,
        86, 87, 88, 89, 91, 92, 93, 94, 95, 96, 97, 98, 99,
    ]

    /// Reads "(11) 91234-5678", "11912345678", "+55 11 91234-5678" and the like; nil for anything else, including
    /// a number without its area code.
    public init?(_ text: String) {
        guard text.allSatisfy({ $0.isASCII && ($0.isNumber || " ()-.+".contains($0)) }) else { return nil }
        var digits = text.compactMap { $0.wholeNumberValue }
        if text.trimmingCharacters(in: .whitespaces).hasPrefix("+") {
            guard digits.starts(with: [5, 5]) else { return nil }
            digits.removeFirst(2)
        } else if digits.count == 13, digits.starts(with: [5, 5]) {
            digits.removeFirst(2)
        }
        if digits.count == 11 || digits.count == 12, digits.first == 0 { digits.removeFirst() }  // trunk prefix 0
        guard digits.count == 10 || digits.count == 11 else { return nil }
        let areaCode = digits[0] * 10 + digits[1]
        let subscriber = Array(digits[2...])
        guard Self.areaCodes.contains(areaCode) else { return nil }
        if subscriber.count == 9 {
            guard subscriber[0] == 9 else { return nil }
        } else {
            guard (2...5).contains(subscriber[0]) else { return nil }
        }
        self.areaCode = areaCode
        number = subscriber.map(String.init).joined()
    }

    public var isMobile: Bool { number.count == 9 }

    /// The national digits, area code first: "11912345678".
    public var digits: String { String(areaCode) + number }

    /// "(11) 91234-5678" or "(11) 3123-4567".
    public var formatted: String {
        let split = number.index(number.endIndex, offsetBy: -4)
        return "(\(areaCode)) \(number[..<split])-\(number[split...])"
    }

    /// "+5511912345678", as gateways take it.
    public var e164: String { "+55" + digits }

    public var description: String { formatted }
}
