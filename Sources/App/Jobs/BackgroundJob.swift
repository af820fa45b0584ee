import Ads
import Commerce
import Site
import Vapor

/// Housekeeping that `serve` repeats on an interval while it runs, and that `run-jobs` runs once (for cron, or
/// after a downtime). `BackgroundJobs.all` is the one list both read.
struct BackgroundJob: Sendable {
    let name: String
    let interval: Duration
    /// Whether `run-jobs` runs it. Keeping this instance's memory fresh (the ads' serving set) means nothing to a
    /// process that exits afterwards.
    let runsFromCommandLine: Bool
    /// One round. Returns a line that says what it did, for `run-jobs` and the debug log.
    let round: @Sendable (Application) async throws -> String
}

enum BackgroundJobs {
    /// Every job, in the order `run-jobs` runs them.
    static let all: [BackgroundJob] = [
        BackgroundJob(name: "refresh-ads", interval: AdServing.refreshEvery, runsFromCommandLine: false) { app in
            try await app.adServing.refresh(on: app.db)
            return "the ads' serving set reloaded"
        },
        commerce(.expireSubscriptions, every: CommerceScheduler.runEvery),
        commerce(.abandonCheckouts, every: CommerceScheduler.runEvery),
        commerce(.reconcilePayments, every: CommerceScheduler.reconcileEvery),
        commerce(.renewSubscriptions, every: CommerceScheduler.renewEvery),
        BackgroundJob(name: "prune-payment-events", interval: .seconds(3600), runsFromCommandLine: true) { app in
            let days = try await SiteSettings.count(.paymentEventsRetentionDays, on: app.db)
            return
                "\(try await PaymentEventRetention.prune(olderThanDays: days, on: app.db)) postbacks without effect deleted"
        },
        BackgroundJob(name: "roll-up-ad-events", interval: AdsScheduler.runEvery, runsFromCommandLine: true) { app in
            "\(try await AdsScheduler.rollUp(on: app)) events rolled up into daily counts"
        },
        // Every few seconds: a reset link is waited for. Each round claims under a lease, so instances share it.
        BackgroundJob(name: "send-email", interval: .seconds(5), runsFromCommandLine: true) { app in
            let round = try await app.sendDueMail()
            return "\(round.sent) sent, \(round.retried) to retry, \(round.failed) failed (\(round.bounced) bounced)"
        },
        // A quarter-hour: a reminder's window can be short when a subscription ends just after midnight.
        BackgroundJob(name: "queue-renewal-reminders", interval: .seconds(900), runsFromCommandLine: true) { app in
            let queued = try await app.checkoutMailer().queueRenewalReminders(
                on: app.db, now: app.configuration.clock())
            return "\(queued) renewal reminders queued"
        },
        BackgroundJob(
            name: "sync-whitelabel-when-due", interval: WhitelabelScheduler.checkEvery, runsFromCommandLine: true
        ) { app in
            try await WhitelabelScheduler.runIfDue(on: app) ? "a sync ran" : "no sync due"
        },
    ]

    static var namesFromCommandLine: [String] { all.filter(\.runsFromCommandLine).map(\.name) }

    private static func commerce(_ job: CommerceJobs.Job, every interval: Duration) -> BackgroundJob {
        BackgroundJob(name: job.rawValue, interval: interval, runsFromCommandLine: true) { app in
            if let changed = try await CommerceScheduler.run(job, on: app) { return "\(changed) changed" }
            return "another instance is running it; skipped"
        }
    }
}
