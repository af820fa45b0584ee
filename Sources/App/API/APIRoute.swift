import APISchema
import Accounts
import Localization
import Vapor

/// One operation of the JSON API: its route, its handler and its description in the OpenAPI document. Routes are
/// registered from these values only, so the document can't leave a route out.
struct APIRoute: Sendable {
    enum Access: Sendable {
        case anyone
        case signedIn
        case admin
    }

    struct Parameter: Sendable {
        enum Location: String, Sendable {
            case path
            case query
        }
        let name: String
        let location: Location
        let schema: JSONSchema
        let description: String
        /// A query parameter the operation can't do without (a path's always are).
        var isRequired = false
    }

    let method: HTTPMethod
    /// The route's path pattern (its ids nil).
    let url: APIURL
    let summary: String
    let tag: String
    let access: Access
    var parameters: [Parameter] = []
    /// The request body's schema, for operations that take one.
    var requestBody: JSONSchema? = nil
    /// Whether the body may be left out altogether (an optional note, say).
    var requestBodyIsOptional = false
    /// Every status the operation answers with on purpose, and its body's schema (nil: no body).
    let responses: [APIResponse]
    let handler: @Sendable (Request) async throws -> Response

    /// The path as OpenAPI writes it, e.g. `/api/v1/admin/users/{id}`.
    var path: String { url.path }
}

extension Application {
    /// Registers API operations behind the access they require.
    func register(_ operations: [APIRoute]) {
        let api = grouped(BearerAuthenticator())
        for operation in operations {
            let routes: any RoutesBuilder =
                switch operation.access {
                case .anyone: api
                case .signedIn: api.grouped(AccessControl.RequireSignIn())
                case .admin: api.grouped(AccessControl.RequireAdmin())
                }
            routes.on(operation.method, operation.url.pathComponents) { request in
                try APIRequestCheck.check(request, against: operation)
                return try await operation.handler(request)
            }
        }
    }
}

/// The API speaks snake_case JSON with ISO 8601 dates, like the database it fronts.
enum APICoding {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    static func response<T: Encodable>(_ value: T, status: HTTPResponseStatus = .ok) throws -> Response {
        let response = Response(status: status)
        try response.content.encode(value, using: encoder)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    static func noContent() -> Response { Response(status: .noContent) }
}

extension Request {
    /// The JSON body, in the API's coding. A malformed body is a 400 that says what is wrong.
    func apiBody<T: Decodable>(_ type: T.Type) throws -> T {
        guard headers.contentType == .json || headers.contentType?.subType == "json" else {
            throw Refusal.request(.unreadable, .bodyNotJSON)
        }
        return try content.decode(type, using: APICoding.decoder)
    }
}

/// Recognises `Authorization: Bearer <token>` on API requests.
struct BearerAuthenticator: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let token = request.headers.bearerAuthorization?.token {
            guard let signedIn = try await AuthTokens.user(presenting: token, as: .api, on: request.db) else {
                throw Refusal.request(.unauthenticated, .tokenUnknown)
            }
            request.auth.login(signedIn)
        }
        return try await next.respond(to: request)
    }
}
