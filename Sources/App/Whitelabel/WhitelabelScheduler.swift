import Fluent
import Schema
import Site
import Vapor

/// Runs the whitelabel sync on the schedule set in `admin_settings` (`whitelabel_sync_interval`, minutes; 0 or
/// empty is off). Every serving instance keeps the schedule; the sync's lock lets one of them run at a time, and
/// the latest report's start time tells them all when the next run is due.
enum WhitelabelScheduler {
    /// How often to look at the setting and the latest report: a changed interval applies within a minute.
    static let checkEvery: Duration = .seconds(60)

    /// Runs a sync when one is due, and returns whether it did.
    @discardableResult
    static func runIfDue(on app: Application, now: Date = Date()) async throws -> Bool {
        let setting = try await AdminSetting.find(KnownSetting.whitelabelSyncInterval.rawValue, on: app.db)
        guard let minutes = setting.flatMap({ Int($0.value) }), minutes > 0 else { return false }
        let latest = try await WhitelabelSyncReport.query(on: app.db).sort(\.$startedAt, .descending).first()
        if let latest, latest.startedAt.addingTimeInterval(TimeInterval(minutes * 60)) > now { return false }
        // The sync runs in a task of its own; a round cancelled at shutdown cancels it too.
        let sync = WhitelabelSyncRunner.start(on: app, prune: false)
        await withTaskCancellationHandler {
            await sync.value
        } onCancel: {
            sync.cancel()
        }
        return true
    }
}
