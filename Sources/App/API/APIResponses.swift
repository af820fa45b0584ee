import APISchema
import Vapor

/// A status an operation answers with on purpose, what it means, and its body's schema (nil: no body).
typealias APIResponse = (status: HTTPResponseStatus, description: String, schema: JSONSchema?)

/// The answers many operations share, written once so the OpenAPI document words them the same everywhere.
enum APIResponses {
    /// What an admin operation answers a caller who is not an admin.
    static let adminRefusals: [APIResponse] = [
        (.unauthorized, "No valid token", .reference("Error")), (.forbidden, "Not an admin", .reference("Error")),
    ]

    /// A body whose fields the domain refused; `error.fields` names each.
    static let invalid: APIResponse = (.unprocessableEntity, "Some fields are not valid", .reference("Error"))

    /// A path whose id names no `what`.
    static func notFound(_ what: String) -> APIResponse { (.notFound, "No such \(what)", .reference("Error")) }
}

extension APIRoute.Parameter {
    /// The `{id}` of a path, naming a `what` ("user", "contact", …).
    static func id(of what: String) -> Self {
        Self(name: "id", location: .path, schema: .integer, description: "The \(what)'s id.")
    }
}
