import Commerce
import Fluent
import Schema
import Vapor

/// Runs the commerce jobs (subscription expiry, checkout abandonment) every minute on every serving instance;
/// `CommerceJobs` makes sure one instance at a time does the work.
enum CommerceScheduler {
    /// A minute: a subscription ends at most a minute late, and a checkout is abandoned at most a minute after
    /// the `checkout_abandon_minutes` setting says.
    static let runEvery: Duration = .seconds(60)

    static var periodicTask: PeriodicTask { PeriodicTask(every: runEvery) { await runAll(on: $0) } }

    /// Each job once; a failure is logged and doesn't stop the other.
    @discardableResult
    static func runAll(on app: Application, now: Date = Date()) async -> [CommerceJobs.Job: Int?] {
        var results: [CommerceJobs.Job: Int?] = [:]
        for job in CommerceJobs.Job.allCases {
            do {
                results[job] = try await CommerceJobs.run(job, abandonAfterMinutes: try await abandonMinutes(on: app.db), on: app.db, now: now)
            } catch {
                app.logger.report(error: error)
            }
        }
        return results
    }

    static func abandonMinutes(on database: any Database) async throws -> Int {
        let stored = try await AdminSetting.find(KnownSetting.checkoutAbandonMinutes.rawValue, on: database)
        return stored.flatMap { Int($0.value) } ?? Int(KnownSetting.checkoutAbandonMinutes.defaultValue) ?? 60
    }
}
