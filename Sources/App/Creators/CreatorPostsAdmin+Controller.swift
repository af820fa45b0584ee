import Creators
import Fluent
import Localization
import Schema
import Vapor

/// The posts of a model in the admin panel: create and edit with the photo or video uploaded or linked, delete.
enum CreatorPostsAdminController {
    static func register(on routes: any RoutesBuilder) {
        routes.get(AdminURL.creatorPostNew(modelID: nil).pathComponents, use: new)
        routes.on(.POST, AdminURL.creatorPostNew(modelID: nil).pathComponents, body: .stream, use: create)
        routes.get(AdminURL.creatorPost(nil).pathComponents, use: edit)
        routes.on(.POST, AdminURL.creatorPost(nil).pathComponents, body: .stream, use: update)
        routes.post(AdminURL.creatorPostDelete(nil).pathComponents, use: delete)
    }

    @Sendable static func new(req: Request) async throws -> Response {
        let model = try await CreatorModelsAdminController.findModel(req)
        return CreatorPostsAdminPages.form(
            await req.pageContext(), model: model, post: nil, state: FormState(values: ["type": "image"]), status: .ok)
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let model = try await CreatorModelsAdminController.findModel(req)
        return try await save(req, into: CreatorPost(), model: model)
    }

    @Sendable static func edit(req: Request) async throws -> Response {
        let post = try await findPost(req)
        let model = try await findModel(of: post, req)
        let context = await req.pageContext()
        return CreatorPostsAdminPages.form(
            context, model: model, post: post, state: state(of: post), notice: req.adminNotice?.message(context.copy),
            status: .ok)
    }

    @Sendable static func update(req: Request) async throws -> Response {
        let post = try await findPost(req)
        return try await save(req, into: post, model: try await findModel(of: post, req))
    }

    @Sendable static func delete(req: Request) async throws -> Response {
        let post = try await findPost(req)
        let modelID = post.$model.id
        try await post.delete(on: req.db)
        return req.redirectAfterForm(to: AdminURL.creatorModel(modelID).with(.postDeleted))
    }

    static func save(_ req: Request, into post: CreatorPost, model: CreatorModel) async throws -> Response {
        let limits = try await CreatorPostAdministration.Limits.load(on: req.db)
        let context = await req.pageContext()
        let form: UploadReceiver.ReceivedForm
        do {
            form = try await UploadReceiver(maximumFileBytes: limits.largest).receive(req)
        } catch UploadReceiver.Problem.tooLarge(let limit) {
            var state = post.id == nil ? FormState(values: ["type": "image"]) : state(of: post)
            state.formError = context.copy.uploadTooLarge(megabytes: limit / (1024 * 1024))
            return CreatorPostsAdminPages.form(
                context, model: model, post: post.id == nil ? nil : post, state: state, status: .payloadTooLarge)
        }
        defer { form.discard() }
        let input = CreatorPostAdministration.Input(
            title: form.fields["title"] ?? "", contentURL: form.fields["content_url"] ?? "",
            type: (form.fields["type"]).flatMap(MediaType.init(rawValue:)), upload: form.files["content_file"])
        do {
            try await CreatorPostAdministration.save(
                input, into: post, modelID: try model.requireID(), limits: limits, on: req.db,
                store: req.application.objectStore)
        } catch let refused as Refusal {
            let state = FormState(refused, values: form.fields, copy: context.copy)
            return CreatorPostsAdminPages.form(
                context, model: model, post: post.id == nil ? nil : post, state: state, status: .unprocessableEntity)
        }
        return req.redirectAfterForm(to: AdminURL.creatorPost(post.id).with(.postSaved))
    }

    static func state(of post: CreatorPost) -> FormState {
        FormState(values: ["title": post.title ?? "", "content_url": post.contentURL, "type": post.type.rawValue])
    }

    static func findPost(_ req: Request) async throws -> CreatorPost {
        guard let post = try await CreatorPost.find(try req.recordID(), on: req.db) else { throw Abort(.notFound) }
        return post
    }

    static func findModel(of post: CreatorPost, _ req: Request) async throws -> CreatorModel {
        guard let id = post.$model.id, let model = try await CreatorModel.find(id, on: req.db) else {
            throw Abort(.notFound)
        }
        return model
    }
}
