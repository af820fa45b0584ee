import Fluent
import Localization
import Schema
import Site
import Vapor

/// The admin panel's settings area: the site's known settings in one form, and free keys.
enum SettingsAdminController {
    static func register(on routes: any RoutesBuilder) {
        routes.get(AdminURL.settings.pathComponents, use: show)
        routes.post(AdminURL.settings.pathComponents, use: saveKnown)
        routes.post(AdminURL.freeSettings.pathComponents, use: saveFree)
        routes.post(AdminURL.freeSettingDelete(nil).pathComponents, use: deleteFree)
    }

    struct FreeSettingForm: Content {
        var key: String?
        var value: String?
    }

    @Sendable static func show(req: Request) async throws -> Response {
        try await render(req, knownState: nil, freeState: FormState())
    }

    static func render(_ req: Request, knownState: FormState?, freeState: FormState, status: HTTPResponseStatus = .ok)
        async throws -> Response
    {
        let stored = try await SettingsAdministration.all(on: req.db)
        let storedValues = Dictionary(
            stored.compactMap { row in row.id.map { ($0, row.value) } }, uniquingKeysWith: { first, _ in first })
        let known =
            knownState
            ?? FormState(
                values: Dictionary(
                    uniqueKeysWithValues: KnownSetting.allCases.map {
                        ($0.rawValue, storedValues[$0.rawValue] ?? $0.defaultValue)
                    }))
        let free = stored.filter { KnownSetting(rawValue: $0.id ?? "") == nil }
        return SettingsAdminPages.page(
            await req.pageContext(), knownState: known, freeSettings: free, freeState: freeState,
            notice: req.adminNotice,
            status: status)
    }

    @Sendable static func saveKnown(req: Request) async throws -> Response {
        var values: [String: String] = [:]
        for key in KnownSetting.allCases {
            values[key.rawValue] = (try? req.content.get(String.self, at: key.rawValue)) ?? ""
        }
        return try await req.submitForm(keeping: values) {
            try await SettingsAdministration.save(values, on: req.db)
            return AdminURL.settings.with(.saved)
        } orRedraw: { _, state, status in
            try await render(req, knownState: state, freeState: FormState(), status: status)
        }
    }

    @Sendable static func saveFree(req: Request) async throws -> Response {
        let form = try req.content.decode(FreeSettingForm.self)
        let key = (form.key ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        do {
            // Known keys belong to the form above; here they would skip its rules.
            if KnownSetting(rawValue: key) != nil { throw Refusal.invalid(["key": SettingProblem.knownKey]) }
            do {
                try await SettingsAdministration.save([key: form.value ?? ""], on: req.db)
            } catch let refused as Refusal {
                throw Refusal.invalid([
                    "key": refused.reason(of: key, as: SettingProblem.self) == .tooLong
                        ? SettingProblem.tooLong : .badKey
                ])
            }
            return req.redirectAfterForm(to: AdminURL.settings.with(.saved))
        } catch let refused as Refusal {
            let copy = await req.pageContext().copy
            var problems = refused.fields(as: SettingProblem.self)
            if problems["key"] == .tooLong { problems = ["value": .tooLong] }
            let state = FormState(
                values: ["key": key, "value": form.value ?? ""], fieldErrors: problems.mapValues { $0.message(copy) },
                formError: copy.fixTheFields)
            return try await render(req, knownState: nil, freeState: state, status: refused.status)
        }
    }

    @Sendable static func deleteFree(req: Request) async throws -> Response {
        guard let key = req.parameters.get("key") else { throw Abort(.notFound) }
        try await SettingsAdministration.delete(key: key, on: req.db)
        return req.redirectAfterForm(to: AdminURL.settings.with(.settingDeleted))
    }
}
