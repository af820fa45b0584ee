import Foundation

/// A JSON Schema (the OpenAPI 3.1 dialect), written next to each API type so the document and the code it
/// describes sit together. Objects are closed (`additionalProperties: false`), so a field that a response grows
/// without its schema fails the OpenAPI test.
public indirect enum JSONSchema: Sendable {
    case string(format: String? = nil, allowed: [String]? = nil, description: String? = nil)
    /// A whole number; `range` is what the operation takes, documented as minimum and maximum.
    case integer(description: String? = nil, range: ClosedRange<Int>? = nil)
    /// A number that may have a fraction, such as a rate.
    case number(description: String? = nil)
    case boolean(description: String? = nil)
    case array(JSONSchema)
    /// Properties in display order; `required` names the ones always present.
    case object([Property], required: [String])
    /// An object whose keys are free and whose values all have one schema.
    case dictionary(JSONSchema)
    case nullable(JSONSchema)
    /// A schema in `components/schemas`.
    case reference(String)
    /// A body that is not JSON, e.g. `text/csv`: documented under its own media type as a string.
    case text(mediaType: String)

    public struct Property: Sendable {
        public let name: String
        public let schema: JSONSchema

        public init(_ name: String, _ schema: JSONSchema) {
            self.name = name
            self.schema = schema
        }
    }

    public static var string: JSONSchema { .string() }
    public static var integer: JSONSchema { .integer() }
    public static var number: JSONSchema { .number() }
    public static var boolean: JSONSchema { .boolean() }
    public static var dateTime: JSONSchema { .string(format: "date-time") }

    /// An object whose every property is required, except the nullable ones: Swift's encoder leaves out a nil
    /// rather than writing null, so clients must read a missing nullable field as null.
    public static func object(_ properties: [Property]) -> JSONSchema {
        .object(properties, required: properties.filter { !$0.schema.isNullable }.map(\.name))
    }

    public var isNullable: Bool {
        if case .nullable = self { return true }
        return false
    }

    public static func enumeration<E: CaseIterable & RawRepresentable<String>>(_: E.Type) -> JSONSchema {
        .string(allowed: E.allCases.map(\.rawValue))
    }

    public var json: JSONValue {
        switch self {
        case .string(let format, let allowed, let description):
            var object: [String: JSONValue] = ["type": "string"]
            if let format { object["format"] = .string(format) }
            if let allowed { object["enum"] = .array(allowed.map(JSONValue.string)) }
            if let description { object["description"] = .string(description) }
            return .object(object)
        case .integer(let description, let range):
            var object: [String: JSONValue] = ["type": "integer"]
            if let description { object["description"] = .string(description) }
            if let range {
                object["minimum"] = .number(Double(range.lowerBound))
                object["maximum"] = .number(Double(range.upperBound))
            }
            return .object(object)
        case .number(let description):
            return .object(
                ["type": "number"].merging(description.map { ["description": .string($0)] } ?? [:]) { a, _ in a })
        case .boolean(let description):
            return .object(
                ["type": "boolean"].merging(description.map { ["description": .string($0)] } ?? [:]) { a, _ in a })
        case .array(let items):
            return .object(["type": "array", "items": items.json])
        case .object(let properties, let required):
            var object: [String: JSONValue] = [
                "type": "object",
                "properties": .object(Dictionary(uniqueKeysWithValues: properties.map { ($0.name, $0.schema.json) })),
                "additionalProperties": false,
            ]
            if !required.isEmpty { object["required"] = .array(required.map(JSONValue.string)) }
            return .object(object)
        case .dictionary(let values):
            return .object(["type": "object", "additionalProperties": values.json])
        case .nullable(let wrapped):
            return .object(["oneOf": .array([wrapped.json, .object(["type": "null"])])])
        case .reference(let name):
            return .object(["$ref": .string("#/components/schemas/\(name)")])
        case .text:
            return .object(["type": "string"])
        }
    }
}

/// Any JSON value, for documents built in code.
public enum JSONValue: Codable, Equatable, Sendable, ExpressibleByStringLiteral, ExpressibleByBooleanLiteral {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            if value == value.rounded(), abs(value) < 1e15 {
                try container.encode(Int(value))
            } else {
                try container.encode(value)
            }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }
}
