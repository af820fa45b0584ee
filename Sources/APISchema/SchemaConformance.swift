import Foundation
import Localization

/// Where a JSON value differs from its `JSONSchema`, field by field: the API's request bodies are checked with it
/// before any handler reads them, and the tests check every response with it. Paths are the JSON's own names:
/// `customer.name`, `order_bump_ids[1]`.
public struct SchemaConformance {
    /// Why a value doesn't fit.
    public enum Problem: Equatable, RefusalReason {
        case unknownField
        case required
        case wrongType(expected: Expected)
        case outOfRange(ClosedRange<Int>)
        case notOneOf([String])
        case notADate
        case notADateTime
        case unknownSchema(String)

        public func message(_ copy: Copy) -> String {
            switch self {
            case .unknownField: copy.apiNotAField
            case .required: copy.apiRequired
            case .wrongType(let expected): copy.apiMustBe(expected.name(copy))
            case .outOfRange(let range): copy.apiOutOfRange(from: range.lowerBound, to: range.upperBound)
            case .notOneOf(let allowed): copy.apiNotOneOf(allowed)
            case .notADate: copy.apiNotADate
            case .notADateTime: copy.apiNotADateTime
            case .unknownSchema(let name): copy.apiUnknownSchema(name)
            }
        }
    }

    /// The JSON type a schema wants.
    public struct Expected: Equatable, Sendable {
        public enum Kind: Sendable { case string, wholeNumber, number, boolean, list, object }
        public var kind: Kind
        public var orNull = false

        public func name(_ copy: Copy) -> String {
            let name =
                switch kind {
                case .string: copy.apiAString
                case .wholeNumber: copy.apiAWholeNumber
                case .number: copy.apiANumber
                case .boolean: copy.apiTrueOrFalse
                case .list: copy.apiAList
                case .object: copy.apiAnObject
                }
            return orNull ? copy.apiOrNull(name) : name
        }
    }

    /// A request's whole numbers fit PostgreSQL's `integer`, which every counted column is: a larger one would be
    /// refused by the database, not by us. Responses aren't bounded (revenue totals can pass it).
    public static let requestIntegers = -2_147_483_648...2_147_483_647

    public let components: [String: JSONSchema]
    /// Bounds whole numbers to `requestIntegers`; nil leaves them unbounded.
    public var integerRange: ClosedRange<Int>? = nil

    public init(components: [String: JSONSchema], integerRange: ClosedRange<Int>? = nil) {
        self.components = components
        self.integerRange = integerRange
    }

    public func problems(_ value: JSONValue, against schema: JSONSchema, at path: String = "") -> [(
        path: String, problem: Problem
    )] {
        func member(_ name: String) -> String { path.isEmpty ? name : path + "." + name }
        switch (schema, value) {
        case (.reference(let name), _):
            guard let resolved = components[name] else { return [(path, .unknownSchema(name))] }
            return problems(value, against: resolved, at: path)
        case (.nullable, .null):
            return []
        case (.nullable(let wrapped), _):
            return problems(value, against: wrapped, at: path)
        case (.text, .string):
            return []
        case (.string(let format, let allowed, _), .string(let string)):
            if let allowed, !allowed.contains(string) { return [(path, .notOneOf(allowed))] }
            if format == "date-time", Self.dateTime(string) == nil { return [(path, .notADateTime)] }
            if format == "date", !Self.isCalendarDay(string) { return [(path, .notADate)] }
            return []
        case (.integer(_, let declared), .number(let number)):
            guard number == number.rounded() else {
                return [(path, .wrongType(expected: Expected(kind: .wholeNumber)))]
            }
            let range = declared ?? integerRange
            guard abs(number) < 1e18 else { return [(path, .outOfRange(range ?? Int.min...Int.max))] }
            if let range, !range.contains(Int(number)) { return [(path, .outOfRange(range))] }
            return []
        case (.number, .number), (.boolean, .bool):
            return []
        case (.array(let items), .array(let elements)):
            return elements.enumerated().flatMap { problems($1, against: items, at: "\(path)[\($0)]") }
        case (.dictionary(let values), .object(let object)):
            return object.flatMap { problems($1, against: values, at: member($0)) }
        case (.object(let properties, let required), .object(let object)):
            var found: [(String, Problem)] = []
            let known = Dictionary(uniqueKeysWithValues: properties.map { ($0.name, $0.schema) })
            for name in required where object[name] == nil { found.append((member(name), .required)) }
            for (name, field) in object.sorted(by: { $0.key < $1.key }) {
                guard let schema = known[name] else {
                    found.append((member(name), .unknownField))
                    continue
                }
                found += problems(field, against: schema, at: member(name))
            }
            return found
        default:
            return [(path, .wrongType(expected: Self.describe(schema)))]
        }
    }

    /// `YYYY-MM-DD` naming a day the calendar has (not 2026-02-30).
    public static func isCalendarDay(_ text: String) -> Bool {
        guard text.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) != nil else { return false }
        let parts = text.split(separator: "-").compactMap { Int($0) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        guard parts.count == 3,
            let date = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))
        else { return false }
        let back = calendar.dateComponents([.year, .month, .day], from: date)
        return back.year == parts[0] && back.month == parts[1] && back.day == parts[2]
    }

    /// RFC 3339's `date-time`: a four-digit year (Foundation's parser takes 99999-01-01 too).
    public static func dateTime(_ text: String) -> Date? {
        guard text.range(of: #"^\d{4}-\d{2}-\d{2}T"#, options: .regularExpression) != nil else { return nil }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    /// What a schema wants, as the error names it.
    public static func describe(_ schema: JSONSchema) -> Expected {
        switch schema {
        case .string, .text: Expected(kind: .string)
        case .integer: Expected(kind: .wholeNumber)
        case .number: Expected(kind: .number)
        case .boolean: Expected(kind: .boolean)
        case .array: Expected(kind: .list)
        case .object, .dictionary, .reference: Expected(kind: .object)
        case .nullable(let wrapped): Expected(kind: describe(wrapped).kind, orNull: true)
        }
    }
}
