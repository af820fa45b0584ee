import Fluent
import Localization
import SQLKit
import Schema
import Vapor
import Whitelabel

/// The admin panel's whitelabel area: moderation by status, bulk status changes, a model's pictures, the
/// latest sync reports and "sync now".
enum WhitelabelAdminController {
    static func register(on routes: any RoutesBuilder) {
        routes.get(AdminURL.whitelabel.pathComponents, use: list)
        routes.post(AdminURL.whitelabelStatus.pathComponents, use: setStatus)
        routes.get(AdminURL.whitelabelModel(nil).pathComponents, use: edit)
        routes.post(AdminURL.whitelabelModel(nil).pathComponents, use: update)
        routes.post(AdminURL.whitelabelSync.pathComponents, use: syncNow)
    }

    static let reportsShown = 5

    struct StatusForm: Content {
        var ids: [Int]?
        var status: String?
    }

    struct PicturesForm: Content {
        var icon_url: String?
        var banner_url: String?
        var thumbnail_url: String?
        var status: String?
    }

    struct SyncForm: Content {
        var prune: String?
    }

    @Sendable static func list(req: Request) async throws -> Response {
        try await renderList(req, formError: nil)
    }

    static func renderList(_ req: Request, formError: String?, status: HTTPResponseStatus = .ok) async throws
        -> Response
    {
        let filter = (try? req.query.get(String.self, at: "situacao")).flatMap(WhitelabelModelStatus.init(rawValue:))
        let page = (try? req.query.get(Int.self, at: "pagina")) ?? 1
        guard let sql = req.db as? any SQLDatabase else { throw Abort(.internalServerError) }
        let models = try await WhitelabelCatalogue.models(
            on: sql, status: filter, order: .newest, page: page, perPage: 50)
        let reports = try await WhitelabelSyncReport.query(on: req.db).sort(\.$startedAt, .descending).sort(
            \.$id, .descending
        )
        .limit(reportsShown).all()
        let context = await req.pageContext()
        let notice: String? =
            if let changed = try? req.query.get(Int.self, at: "alterados") {
                context.copy.modelsChanged(changed)
            } else {
                req.adminNotice?.message(context.copy)
            }
        return WhitelabelAdminPages.list(
            context, models: models, filter: filter, reports: reports, notice: notice, formError: formError,
            status: status)
    }

    @Sendable static func setStatus(req: Request) async throws -> Response {
        let form = try req.content.decode(StatusForm.self)
        guard let status = WhitelabelModelStatus(rawValue: form.status ?? "") else {
            throw Refusal.invalid(["status": RequestProblem.notOneOf(WhitelabelModelStatus.allCases.map(\.rawValue))])
        }
        guard let ids = form.ids, !ids.isEmpty else {
            return try await renderList(
                req, formError: await req.pageContext().copy.noModelsSelected, status: .unprocessableEntity)
        }
        let changed = try await WhitelabelModeration.setStatus(status, of: ids, on: req.db)
        return req.redirectAfterForm(to: AdminURL.whitelabel.path + "?alterados=\(changed)")
    }

    @Sendable static func edit(req: Request) async throws -> Response {
        let model = try await findModel(req)
        let state = FormState(values: [
            "icon_url": model.iconURL ?? "", "banner_url": model.bannerURL ?? "",
            "thumbnail_url": model.thumbnailURL ?? "",
            "status": model.status.rawValue,
        ])
        return WhitelabelAdminPages.edit(
            await req.pageContext(), model: model, state: state, notice: req.adminNotice, status: .ok)
    }

    @Sendable static func update(req: Request) async throws -> Response {
        let model = try await findModel(req)
        let form = try req.content.decode(PicturesForm.self)
        let context = await req.pageContext()
        var problems: [String: String] = [:]
        var pictures: [String: String?] = [:]
        for (field, value) in [
            ("icon_url", form.icon_url), ("banner_url", form.banner_url), ("thumbnail_url", form.thumbnail_url),
        ] {
            do {
                pictures[field] = try WhitelabelModeration.normalizedPicture(value ?? "")
            } catch {
                problems[field] = context.copy.pictureInvalid
            }
        }
        let status = WhitelabelModelStatus(rawValue: form.status ?? "") ?? model.status
        guard problems.isEmpty else {
            let state = FormState(
                values: [
                    "icon_url": form.icon_url ?? "", "banner_url": form.banner_url ?? "",
                    "thumbnail_url": form.thumbnail_url ?? "", "status": status.rawValue,
                ],
                fieldErrors: problems, formError: context.copy.fixTheFields)
            return WhitelabelAdminPages.edit(
                context, model: model, state: state, notice: nil, status: .unprocessableEntity)
        }
        model.iconURL = pictures["icon_url"] ?? nil
        model.bannerURL = pictures["banner_url"] ?? nil
        model.thumbnailURL = pictures["thumbnail_url"] ?? nil
        // Assigning the same reading would write over a status kept from the original app (`--keep-values`).
        if status != model.status { model.status = status }
        try await model.save(on: req.db)
        return req.redirectAfterForm(to: AdminURL.whitelabelModel(model.id).with(.saved))
    }

    /// Starts a sync in the background and returns at once; the list page follows its progress. A sync already
    /// running elsewhere keeps the lock, and this one ends without doing anything.
    @Sendable static func syncNow(req: Request) async throws -> Response {
        let form = try req.content.decode(SyncForm.self)
        WhitelabelSyncRunner.start(on: req.application, prune: form.prune == "true")
        return req.redirectAfterForm(to: AdminURL.whitelabel.with(.syncStarted))
    }

    static func findModel(_ req: Request) async throws -> WhitelabelModel {
        guard let model = try await WhitelabelModel.find(try req.recordID(), on: req.db) else { throw Abort(.notFound) }
        return model
    }
}

/// Runs syncs in the background of a serving app: "sync now" and the schedule. The app waits for them when it
/// shuts down, so no sync outlives its database connections.
enum WhitelabelSyncRunner {
    final class Running: @unchecked Sendable {
        private let lock = NSLock()
        private var tasks: [UUID: Task<Void, Never>] = [:]

        func add(_ id: UUID, _ task: Task<Void, Never>) { lock.withLock { tasks[id] = task } }
        func remove(_ id: UUID) { _ = lock.withLock { tasks.removeValue(forKey: id) } }
        var all: [Task<Void, Never>] { lock.withLock { Array(tasks.values) } }
    }

    struct RunningKey: StorageKey {
        typealias Value = Running
    }

    /// Stops background syncs (between two pages of the bucket) and waits for them before the database closes.
    struct ShutdownHandler: LifecycleHandler {
        func shutdownAsync(_ app: Application) async {
            for task in app.storage[RunningKey.self]?.all ?? [] {
                task.cancel()
                await task.value
            }
        }
    }

    @discardableResult
    static func start(on app: Application, prune: Bool) -> Task<Void, Never> {
        let configuration = app.configuration
        let sync = WhitelabelSync(
            database: app.db, store: app.objectStore,
            options: .init(prefix: configuration.whitelabelPrefix, prune: prune, cdnBaseURL: configuration.cdnBaseURL))
        let logger = app.logger
        guard let running = app.storage[RunningKey.self] else {
            preconditionFailure("configure(_:with:) sets up the background sync registry")
        }
        let id = UUID()
        let task = Task {
            defer { running.remove(id) }
            do {
                let report = try await sync.run()
                logger.info(
                    "whitelabel sync finished",
                    metadata: [
                        "objects": "\(report.objectsSeen)", "media_added": "\(report.mediaAdded)",
                        "media_updated": "\(report.mediaUpdated)",
                    ])
            } catch is SyncAlreadyRunning {
                logger.info("whitelabel sync skipped: another one is running")
            } catch {
                logger.report(error: error)
            }
        }
        running.add(id, task)
        return task
    }
}
