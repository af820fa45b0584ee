import APISchema
import Foundation
import Localization
import Vapor

/// Every API request is held to its operation's description before the handler runs: a body must be JSON of the
/// documented shape (no unknown fields, the required ones there, each of its type, whole numbers in range), and
/// each documented query parameter must read as its type. What doesn't fit is a 422 naming each field as the
/// request wrote it; a body that is not JSON is a 400, and one sent as something else a 415.
enum APIRequestCheck {
    static func check(_ request: Request, against operation: APIRoute) throws {
        let conformance = SchemaConformance(
            components: OpenAPIDocument.components, integerRange: SchemaConformance.requestIntegers)
        var problems: [(path: String, problem: SchemaConformance.Problem)] = []
        let query = queryValues(request.url.query ?? "")
        for parameter in operation.parameters where parameter.location == .query {
            guard let raw = query[parameter.name] else {
                if parameter.isRequired { problems.append((parameter.name, .required)) }
                continue
            }
            problems += conformance.problems(
                value(raw, as: parameter.schema), against: parameter.schema, at: parameter.name)
        }
        let sentNoBody = (request.body.data?.readableBytes ?? 0) == 0 && request.headers.contentType == nil
        if let schema = operation.requestBody, !schema.isText, !(operation.requestBodyIsOptional && sentNoBody) {
            guard let contentType = request.headers.contentType, contentType.type == "application",
                contentType.subType == "json" || contentType.subType.hasSuffix("+json")
            else {
                throw Refusal.request(.unreadable, .bodyNotJSON)
            }
            guard let body = request.body.data, body.readableBytes > 0 else {
                throw Refusal.request(.unreadable, .bodyMissing)
            }
            guard let json = try? JSONDecoder().decode(JSONValue.self, from: Data(buffer: body)) else {
                throw Refusal.request(.unreadable, .bodyInvalidJSON)
            }
            problems += conformance.problems(json, against: schema)
        }
        guard problems.isEmpty else {
            throw Refusal.invalid(
                Dictionary(problems.map { ($0.path.isEmpty ? "body" : $0.path, $0.problem) }) { first, _ in first })
        }
    }

    /// A query string's values by name, the last of each as Vapor's decoder reads them.
    static func queryValues(_ query: String) -> [String: String] {
        Dictionary(FormEncoding.pairs(query), uniquingKeysWith: { _, last in last })
    }

    /// A query parameter's text as the JSON value its schema reads: a number for a number, a boolean for
    /// `true`/`false`, else the text itself (which a number's schema then refuses by type).
    static func value(_ raw: String, as schema: JSONSchema) -> JSONValue {
        switch schema {
        case .integer:
            // As the handler will read it: `1.0` and `1e1` are no whole numbers there.
            if let whole = Int(raw) { return .number(Double(whole)) }
            if let number = Double(raw), raw.allSatisfy({ $0.isNumber || "+-.eE".contains($0) }),
                number.rounded() != number
            {
                return .number(number)
            }
        case .number:
            if let number = Double(raw), raw.allSatisfy({ $0.isNumber || "+-.eE".contains($0) }) {
                return .number(number)
            }
        case .boolean:
            if raw == "true" { return .bool(true) }
            if raw == "false" { return .bool(false) }
        case .nullable(let wrapped):
            return value(raw, as: wrapped)
        default:
            break
        }
        return .string(raw)
    }
}

extension JSONSchema {
    var isText: Bool {
        if case .text = self { return true }
        return false
    }
}
