import Commerce
import Fluent
import Payments
import Schema
import Vapor

/// Runs the commerce jobs (subscription expiry, checkout abandonment) every minute on every serving instance, and
/// payment reconciliation every fifth minute; `CommerceJobs` makes sure one instance at a time does the work.
enum CommerceScheduler {
    /// A minute: a subscription ends at most a minute late, and a checkout is abandoned at most a minute after
    /// the `checkout_abandon_minutes` setting says.
    static let runEvery: Duration = .seconds(60)

    static var periodicTask: PeriodicTask { PeriodicTask(every: runEvery) { await runAll(on: $0) } }

    /// Reconciliation asks providers over the network: every fifth minute is soon enough for a lost notification,
    /// and keeps the calls to about 24 per unpaid checkout.
    static func reconciles(at now: Date) -> Bool { Int(now.timeIntervalSince1970 / 60) % 5 == 0 }

    /// Each job once (reconciliation on its minutes, unless `everyJob`); a failure is logged and doesn't stop the others.
    @discardableResult
    static func runAll(on app: Application, now: Date = Date(), everyJob: Bool = false) async -> [CommerceJobs.Job: Int?] {
        var results: [CommerceJobs.Job: Int?] = [:]
        for job in CommerceJobs.Job.allCases where job != .reconcilePayments || everyJob || reconciles(at: now) {
            do {
                results[job] = try await CommerceJobs.run(
                    job, abandonAfterMinutes: try await abandonMinutes(on: app.db),
                    providers: job == .reconcilePayments ? try await providers(app) : [], on: app.db, now: now)
            } catch {
                app.logger.report(error: error)
            }
        }
        return results
    }

    /// Every configured gateway's provider, active or not: a checkout charged before a switch is still asked about.
    static func providers(_ app: Application) async throws -> [any PaymentProvider] {
        let setup = await app.paymentProviderSetup()
        return try await PaymentGateway.query(on: app.db).all().compactMap { try? PaymentProviders.provider(for: $0, setup: setup) }
    }

    static func abandonMinutes(on database: any Database) async throws -> Int {
        let stored = try await AdminSetting.find(KnownSetting.checkoutAbandonMinutes.rawValue, on: database)
        return stored.flatMap { Int($0.value) } ?? Int(KnownSetting.checkoutAbandonMinutes.defaultValue) ?? 60
    }
}
