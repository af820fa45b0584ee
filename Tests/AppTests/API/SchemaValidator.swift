import Foundation

@testable import App

/// Checks a JSON value against a `JSONSchema`, as an OpenAPI client would read it, and lists every mismatch by
/// its path in the document.
struct SchemaValidator {
    let components: [String: JSONSchema]

    func problems(_ value: JSONValue, against schema: JSONSchema, at path: String = "$") -> [String] {
        switch (schema, value) {
        case (.reference(let name), _):
            guard let resolved = components[name] else { return ["\(path): no schema named \(name)"] }
            return problems(value, against: resolved, at: path)
        case (.nullable, .null):
            return []
        case (.nullable(let wrapped), _):
            return problems(value, against: wrapped, at: path)
        case (.string(let format, let allowed, _), .string(let string)):
            if let allowed, !allowed.contains(string) { return ["\(path): \(string) is not one of \(allowed)"] }
            if format == "date-time", ISO8601DateFormatter().date(from: string) == nil {
                return ["\(path): \(string) is not a date-time"]
            }
            if format == "date", string.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) == nil {
                return ["\(path): \(string) is not a date"]
            }
            return []
        case (.integer, .number(let number)):
            return number == number.rounded() ? [] : ["\(path): \(number) is not an integer"]
        case (.number, .number):
            return []
        case (.boolean, .bool):
            return []
        case (.array(let items), .array(let elements)):
            return elements.enumerated().flatMap { problems($1, against: items, at: "\(path)[\($0)]") }
        case (.dictionary(let values), .object(let object)):
            return object.flatMap { problems($1, against: values, at: "\(path).\($0)") }
        case (.object(let properties, let required), .object(let object)):
            var found: [String] = []
            let known = Dictionary(uniqueKeysWithValues: properties.map { ($0.name, $0.schema) })
            for name in required where object[name] == nil { found.append("\(path).\(name) is missing") }
            for (name, field) in object {
                guard let schema = known[name] else {
                    found.append("\(path).\(name) is not in the schema")
                    continue
                }
                found += problems(field, against: schema, at: "\(path).\(name)")
            }
            return found
        default:
            return ["\(path): \(value) does not match \(schema.json)"]
        }
    }
}
