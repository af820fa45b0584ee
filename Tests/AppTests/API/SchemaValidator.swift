import APISchema
import Foundation
import Localization

@testable import App

/// Checks a JSON value against a `JSONSchema`, as an OpenAPI client would read it, and lists every mismatch by
/// its path in the document. The same `SchemaConformance` the API holds requests to, unbounded for responses.
struct SchemaValidator {
    let components: [String: JSONSchema]

    func problems(_ value: JSONValue, against schema: JSONSchema) -> [String] {
        SchemaConformance(components: components).problems(value, against: schema)
            .map { "$\($0.path.isEmpty ? "" : ".")\($0.path) \($0.problem.message(Copy(.english))) (\(value))" }
    }
}
