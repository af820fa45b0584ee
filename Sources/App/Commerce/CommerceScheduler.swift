import Commerce
import Fluent
import Payments
import Schema
import Site
import Vapor

/// How the commerce jobs (subscription expiry, checkout abandonment, payment reconciliation) run on a serving
/// instance, as `BackgroundJobs` lists them; `CommerceJobs` makes sure one instance at a time does the work.
enum CommerceScheduler {
    /// A minute: a subscription ends at most a minute late, and a checkout is abandoned at most a minute after
    /// the `checkout_abandon_minutes` setting says.
    static let runEvery: Duration = .seconds(60)

    /// Reconciliation asks providers over the network: five minutes is soon enough for a lost notification, and
    /// keeps the calls to about 24 per unpaid checkout.
    static let reconcileEvery: Duration = .seconds(300)

    /// Renewals are charged a day ahead, so a quarter-hour is prompt, and a claimed subscription waits a day.
    static let renewEvery: Duration = .seconds(900)

    /// Runs one job once, on the current settings and gateways. Nil: another instance holds it right now.
    static func run(_ job: CommerceJobs.Job, on app: Application, now: Date = Date()) async throws -> Int? {
        try await CommerceJobs.run(
            job, abandonAfterMinutes: try await abandonMinutes(on: app.db),
            graceDays: try await SiteSettings.count(.graceDays, on: app.db),
            providers: [.reconcilePayments, .renewSubscriptions].contains(job) ? try await providers(app) : [],
            on: app.db, now: now,
            mailer: job == .expireSubscriptions ? nil : try await app.checkoutMailer())
    }

    /// Every configured gateway's provider, active or not: a checkout charged before a switch is still asked about.
    static func providers(_ app: Application) async throws -> [any PaymentProvider] {
        let setup = await app.paymentProviderSetup()
        return try await PaymentGateway.query(on: app.db).all().compactMap {
            try? PaymentProviders.provider(for: $0, setup: setup)
        }
    }

    static func abandonMinutes(on database: any Database) async throws -> Int {
        try await SiteSettings.count(.checkoutAbandonMinutes, on: database)
    }
}
