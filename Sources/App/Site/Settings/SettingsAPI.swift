import APISchema
import Fluent
import Localization
import Schema
import Site
import Vapor

/// `/api/v1/admin/settings`: `admin_settings`, as JSON.
enum SettingsAPI {

    struct ValueBody: Content {
        var value: String?
        static let schema = JSONSchema.object([.init("value", .string)])
    }

    struct SettingDTO: Content {
        let key: String
        let value: String
        /// Whether the site reads this key (and checks its value), or it is a free key.
        let isKnown: Bool
        let description: String?

        init(key: String, value: String) {
            self.key = key
            self.value = value
            isKnown = KnownSetting(rawValue: key) != nil
            let text = Copy(.english).settingDescription(key)
            description = text.isEmpty ? nil : text
        }

        static let schema = JSONSchema.object([
            .init("key", .string), .init("value", .string), .init("is_known", .boolean),
            .init("description", .nullable(.string)),
        ])
    }

    static let keyParameter = APIRoute.Parameter(
        name: "key", location: .path, schema: .string, description: "A known key such as site_name, or a free key.")

    static let operations: [APIRoute] = [
        APIRoute(
            method: .GET, url: .adminSettings, summary: "Every known setting (stored or default) and every free key",
            tag: "admin",
            access: .admin,
            responses: [(.ok, "The settings", .array(.reference("Setting")))] + APIResponses.adminRefusals,
            handler: list),
        APIRoute(
            method: .PUT, url: .adminSetting(key: nil), summary: "Set one setting", tag: "admin", access: .admin,
            parameters: [keyParameter], requestBody: ValueBody.schema,
            responses: [
                (.ok, "Saved", .reference("Setting")),
                (.unprocessableEntity, "The key or value is not valid", .reference("Error")),
            ]
                + APIResponses.adminRefusals,
            handler: save),
        APIRoute(
            method: .DELETE, url: .adminSetting(key: nil),
            summary: "Delete a free key (known keys are set empty instead)",
            tag: "admin", access: .admin, parameters: [keyParameter],
            responses: [
                (.noContent, "Deleted", nil), (.notFound, "No such key", .reference("Error")),
                (.unprocessableEntity, "A known key", .reference("Error")),
            ] + APIResponses.adminRefusals,
            handler: delete),
    ]

    @Sendable static func list(req: Request) async throws -> Response {
        let stored = try await SettingsAdministration.all(on: req.db)
        let storedKeys = Set(stored.compactMap(\.id))
        let defaults = KnownSetting.allCases.filter { !storedKeys.contains($0.rawValue) }
            .map { SettingDTO(key: $0.rawValue, value: $0.defaultValue) }
        let all = stored.map { SettingDTO(key: $0.id ?? "", value: $0.value) } + defaults
        let order = Dictionary(uniqueKeysWithValues: KnownSetting.allCases.enumerated().map { ($1.rawValue, $0) })
        return try APICoding.response(
            all.sorted { (order[$0.key] ?? Int.max, $0.key) < (order[$1.key] ?? Int.max, $1.key) })
    }

    @Sendable static func save(req: Request) async throws -> Response {
        guard let key = req.parameters.get("key") else { throw Abort(.notFound) }
        let body = try req.apiBody(ValueBody.self)
        try await SettingsAdministration.save([key: body.value ?? ""], on: req.db)
        let stored = try await AdminSetting.find(key, on: req.db)
        return try APICoding.response(SettingDTO(key: key, value: stored?.value ?? ""))
    }

    @Sendable static func delete(req: Request) async throws -> Response {
        guard let key = req.parameters.get("key") else { throw Abort(.notFound) }
        try await SettingsAdministration.delete(key: key, on: req.db)
        return APICoding.noContent()
    }
}
