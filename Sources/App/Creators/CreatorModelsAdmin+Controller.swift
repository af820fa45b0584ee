import Creators
import Fluent
import Localization
import Schema
import Site
import Vapor

/// The admin panel's models area: search and page, create and edit with pictures uploaded or linked, delete
/// after a confirmation that says what goes with the model.
enum CreatorModelsAdminController {
    static func register(on routes: any RoutesBuilder) {
        routes.get(AdminURL.creatorModels.pathComponents, use: list)
        routes.get(AdminURL.creatorModelNew.pathComponents, use: new)
        // Uploads stream straight to disk: these routes take the body as a stream.
        routes.on(.POST, AdminURL.creatorModelNew.pathComponents, body: .stream, use: create)
        routes.get(AdminURL.creatorModel(nil).pathComponents, use: edit)
        routes.on(.POST, AdminURL.creatorModel(nil).pathComponents, body: .stream, use: update)
        routes.get(AdminURL.creatorModelDelete(nil).pathComponents, use: confirmDelete)
        routes.post(AdminURL.creatorModelDelete(nil).pathComponents, use: delete)
    }

    @Sendable static func list(req: Request) async throws -> Response {
        let search = (try? req.query.get(String.self, at: "q")) ?? ""
        let page = try await CreatorModelAdministration.find(
            search: search, page: (try? req.query.get(Int.self, at: "pagina")) ?? 1, on: req.db)
        let context = await req.pageContext()
        return CreatorModelsAdminPages.list(
            context, page: page, search: search, notice: req.adminNotice?.message(context.copy))
    }

    @Sendable static func new(req: Request) async throws -> Response {
        CreatorModelsAdminPages.form(await req.pageContext(), model: nil, state: FormState(), status: .ok)
    }

    @Sendable static func edit(req: Request) async throws -> Response {
        let model = try await findModel(req)
        let context = await req.pageContext()
        let posts = try await CreatorPost.query(on: req.db).filter(\.$model.$id == model.requireID()).sort(
            \.$id, .descending
        ).all()
        return CreatorModelsAdminPages.form(
            context, model: model, state: state(of: model), notice: req.adminNotice?.message(context.copy), status: .ok,
            posts: posts)
    }

    @Sendable static func create(req: Request) async throws -> Response {
        try await save(req, into: CreatorModel())
    }

    @Sendable static func update(req: Request) async throws -> Response {
        try await save(req, into: try await findModel(req))
    }

    static func save(_ req: Request, into model: CreatorModel) async throws -> Response {
        let limit = try await SiteSettings.uploadLimitBytes(.uploadMaxImageMB, on: req.db)
        let context = await req.pageContext()
        let form: UploadReceiver.ReceivedForm
        do {
            form = try await UploadReceiver(maximumFileBytes: limit).receive(req)
        } catch UploadReceiver.Problem.tooLarge {
            // The cut-off body held the other fields too: show the form as stored, with the reason.
            var state = model.id == nil ? FormState() : state(of: model)
            state.formError = context.copy.uploadTooLarge(megabytes: limit / (1024 * 1024))
            return CreatorModelsAdminPages.form(
                context, model: model.id == nil ? nil : model, state: state, status: .payloadTooLarge)
        }
        defer { form.discard() }
        let input = CreatorModelAdministration.Input(
            name: form.fields["name"] ?? "", bio: form.fields["description"] ?? "",
            iconURL: form.fields["icon_url"] ?? "", bannerURL: form.fields["banner_url"] ?? "",
            isFeatured: form.fields["is_featured"] == "true", isAdvertiser: form.fields["is_advertiser"] == "true",
            iconUpload: form.files["icon_file"], bannerUpload: form.files["banner_file"])
        do {
            try await CreatorModelAdministration.save(
                input, into: model, on: req.db, store: req.application.objectStore)
        } catch let refused as Refusal {
            let state = FormState(refused, values: form.fields, copy: context.copy)
            return CreatorModelsAdminPages.form(
                context, model: model.id == nil ? nil : model, state: state, status: .unprocessableEntity)
        }
        return req.redirectAfterForm(to: AdminURL.creatorModel(model.id).with(.modelSaved))
    }

    @Sendable static func confirmDelete(req: Request) async throws -> Response {
        let model = try await findModel(req)
        let posts = try await CreatorPost.query(on: req.db).filter(\.$model.$id == model.requireID()).count()
        return CreatorModelsAdminPages.confirmDelete(await req.pageContext(), model: model, posts: posts)
    }

    @Sendable static func delete(req: Request) async throws -> Response {
        try await CreatorModelAdministration.delete(try await findModel(req), on: req.db)
        return req.redirectAfterForm(to: AdminURL.creatorModels.with(.modelDeleted))
    }

    static func state(of model: CreatorModel) -> FormState {
        FormState(values: [
            "name": model.name, "description": model.bio ?? "", "icon_url": model.iconURL ?? "",
            "banner_url": model.bannerURL ?? "", "is_featured": model.isFeatured ? "true" : "",
            "is_advertiser": model.isAdvertiser ? "true" : "",
        ])
    }

    static func findModel(_ req: Request) async throws -> CreatorModel {
        guard let model = try await CreatorModel.find(try req.recordID(), on: req.db) else { throw Abort(.notFound) }
        return model
    }
}
