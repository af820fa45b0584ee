import APISchema
import Vapor

/// The OpenAPI 3.1 document of the JSON API, built from the same `APIRoute` values that register the routes.
enum OpenAPIDocument {
    static let path = "/openapi.json"

    /// Every API operation, in the document's order.
    static var operations: [APIRoute] {
        AuthAPI.operations + MemberSubscriptionAPI.operations + DashboardAPI.operations + EmailsAPI.operations
            + UsersAPI.operations
            + SupportContactsAPI.operations
            + SettingsAPI.operations + WhitelabelAPI.operations + CreatorsAPI.operations
            + WebhooksAPI.operations + OffersAPI.operations
            + CheckoutsAPI.operations + GatewaysAPI.operations + CheckoutsAdminAPI.operations
            + SubscriptionsAdminAPI.operations + RevenueAPI.operations
            + AdsAPI.operations + AdsAdminAPI.operations
    }

    /// Schemas referred to by name.
    static let components: [String: JSONSchema] = [
        CheckoutsAdminAPI.schemas, SubscriptionsAdminAPI.schemas, RevenueAPI.schemas, MemberSubscriptionAPI.schemas,
        ["Gateway": GatewaysAPI.GatewayDTO.schema],
    ].reduce([:]) { $0.merging($1) { first, _ in first } }.merging([
        "Error": .object([
            .init(
                "error",
                .object(
                    [
                        .init("code", .string(description: "Stable and machine-readable, e.g. validation_failed.")),
                        .init("message", .string(description: "A sentence a person can read.")),
                        .init("fields", .dictionary(.string(description: "A message per refused field."))),
                    ],
                    required: ["code", "message"]))
        ]),
        "User": UserDTO.schema,
        "Subscription": SubscriptionDTO.schema,
        "SupportContact": SupportContactsAPI.ContactDTO.schema,
        "Setting": SettingsAPI.SettingDTO.schema,
        "WhitelabelModel": WhitelabelAPI.ModelDTO.schema,
        "CreatorModel": CreatorsAPI.ModelDTO.schema,
        "CreatorPost": CreatorsAPI.PostDTO.schema,
        "Plan": OffersAPI.PlanDTO.schema,
        "Checkout": CheckoutsAPI.CheckoutDTO.schema,
        "OrderBump": OffersAPI.BumpDTO.schema,
        "ServedAd": AdsAPI.ServedAdDTO.schema,
        "Served": AdsAPI.ServedDTO.schema,
        "Ad": AdsAdminAPI.AdDTO.schema,
        "AdRules": AdsAdminAPI.RulesDTO.schema,
        "AdAnalytics": AdsAdminAPI.AnalyticsDTO.schema,
        "AdPlacementAnalytics": AdsAdminAPI.PlacementAnalyticsDTO.schema,
    ]) { ours, _ in ours }

    static func document() -> JSONValue {
        var paths: [String: [String: JSONValue]] = [:]
        for operation in operations {
            paths[operation.path, default: [:]][operation.method.rawValue.lowercased()] = describe(operation)
        }
        paths[path] = [
            "get": .object([
                "summary": "This document", "tags": .array(["meta"]), "operationId": "openapi",
                "responses": .object([
                    "200": .object([
                        "description": "The OpenAPI document", "content": .object(["application/json": .object([:])]),
                    ])
                ]),
            ])
        ]
        paths[SiteURL.healthz.path] = [
            "get": .object([
                "summary": "Whether the application and its database answer", "tags": .array(["meta"]),
                "operationId": "healthz",
                "responses": .object([
                    "200": .object(["description": "Healthy", "content": json(HealthController.Report.schema)]),
                    "503": .object([
                        "description": "The database does not answer", "content": json(HealthController.Report.schema),
                    ]),
                ]),
            ])
        ]
        return .object([
            "openapi": "3.1.0",
            "info": .object([
                "title": "CreatorFlix API",
                "version": "1",
                "description": .string(
                    """
                    The JSON API of a CreatorFlix site. Sign in with POST \(APIURL.login.path) and send the token as \
                    `Authorization: Bearer <token>`. Errors share one shape: {"error": {"code", "message", "fields"?}}. \
                    A token that is unknown, expired or revoked is refused with 401 on every operation, public ones too, \
                    rather than read as a visitor: a client learns at once that it must sign in again. Bodies are held \
                    to their schemas: an unknown field, a missing required one, a wrong type or a whole number out of \
                    range is a 422 whose error.fields names each field as the request wrote it.
                    """),
            ]),
            "paths": .object(paths.mapValues { .object($0) }),
            "components": .object([
                "schemas": .object(components.mapValues(\.json)),
                "securitySchemes": .object(["bearer": .object(["type": "http", "scheme": "bearer"])]),
            ]),
        ])
    }

    /// What every operation may answer besides its own statuses, from the checks all of them pass through: the
    /// bearer token (any operation), the body's media type, syntax and shape, the parameters' types and control
    /// characters, and a path that names nothing.
    static func commonResponses(_ operation: APIRoute) -> [(
        status: HTTPResponseStatus, description: String, schema: JSONSchema?
    )] {
        var common: [APIResponse] = [
            (
                .unauthorized, "A bearer token was sent that is unknown, expired or revoked (public operations too)",
                .reference("Error")
            )
        ]
        if let body = operation.requestBody, !body.isText {
            common.append((.badRequest, "The body is missing or is not JSON", .reference("Error")))
            common.append((.unsupportedMediaType, "The body is not sent as application/json", .reference("Error")))
            common.append((.payloadTooLarge, "The body is larger than the server takes (16 KB)", .reference("Error")))
        }
        // Any query string is read for control characters (ControlCharacterGuard), declared parameters or not.
        common.append(
            (
                .unprocessableEntity,
                "A field or parameter is not valid: unknown, missing, of the wrong type, out of range, or with control characters; error.fields names each",
                .reference("Error")
            ))
        if operation.parameters.contains(where: { $0.location == .path }) {
            common.append((.notFound, "No such record", .reference("Error")))
        }
        let own = Set(operation.responses.map(\.status.code))
        return common.filter { !own.contains($0.status.code) }
    }

    static func describe(_ operation: APIRoute) -> JSONValue {
        var object: [String: JSONValue] = [
            "summary": .string(operation.summary),
            "tags": .array([.string(operation.tag)]),
            "operationId": .string(operationID(operation)),
            "responses": .object(
                Dictionary(
                    uniqueKeysWithValues: (operation.responses + commonResponses(operation)).map { response in
                        var body: [String: JSONValue] = ["description": .string(response.description)]
                        if let schema = response.schema { body["content"] = json(schema) }
                        return (String(response.status.code), JSONValue.object(body))
                    })),
        ]
        if operation.access != .anyone { object["security"] = .array([.object(["bearer": .array([])])]) }
        if !operation.parameters.isEmpty {
            object["parameters"] = .array(
                operation.parameters.map { parameter in
                    .object([
                        "name": .string(parameter.name), "in": .string(parameter.location.rawValue),
                        "required": .bool(parameter.location == .path || parameter.isRequired),
                        "schema": parameter.schema.json,
                        "description": .string(parameter.description),
                    ])
                })
        }
        if let body = operation.requestBody {
            object["requestBody"] = .object([
                "required": .bool(!operation.requestBodyIsOptional), "content": json(body),
            ])
        }
        return .object(object)
    }

    static func json(_ schema: JSONSchema) -> JSONValue {
        if case .text(let mediaType) = schema { return .object([mediaType: .object(["schema": schema.json])]) }
        return .object(["application/json": .object(["schema": schema.json])])
    }

    /// `post_api_v1_admin_users_id`: unique, since a path has one operation per method.
    static func operationID(_ operation: APIRoute) -> String {
        let words = operation.path.split(separator: "/").map {
            $0.trimmingCharacters(in: CharacterSet(charactersIn: "{}"))
        }
        return ([operation.method.rawValue.lowercased()] + words).joined(separator: "_").replacingOccurrences(
            of: "-", with: "_")
    }

    @Sendable static func serve(req: Request) async throws -> Response {
        let response = Response(status: .ok)
        try response.content.encode(document(), using: APICoding.encoder)
        return response
    }
}
