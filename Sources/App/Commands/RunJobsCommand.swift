import Commerce
import Vapor

/// `creatorflix run-jobs`: runs the commerce jobs once (subscription expiry, checkout abandonment), as the
/// server does every minute. For cron, or after a downtime.
struct RunJobsCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "job", help: "Only this job: expire-subscriptions, abandon-checkouts, reconcile-payments or roll-up-ad-events.")
        var job: String?
    }

    var help: String {
        "Runs the jobs once: subscription expiry, checkout abandonment, payment reconciliation, and the ad events' roll-up."
    }

    static let rollUpAdEvents = "roll-up-ad-events"

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let jobs: [CommerceJobs.Job]
        if signature.job == nil || signature.job == Self.rollUpAdEvents {
            let rolled = try await AdsScheduler.rollUp(on: app)
            context.console.info("\(Self.rollUpAdEvents): \(rolled) events rolled up into daily counts.")
            if signature.job != nil { return }
        }
        if let name = signature.job {
            guard let job = CommerceJobs.Job(rawValue: name) else {
                throw CommandError.invalidArgumentType("job", type: String.self)
            }
            jobs = [job]
        } else {
            jobs = CommerceJobs.Job.allCases
        }
        let minutes = try await CommerceScheduler.abandonMinutes(on: app.db)
        let providers = try await CommerceScheduler.providers(app)
        for job in jobs {
            if let changed = try await CommerceJobs.run(job, abandonAfterMinutes: minutes, providers: providers, on: app.db) {
                context.console.info("\(job.rawValue): \(changed) changed.")
            } else {
                context.console.warning("\(job.rawValue): another instance is running it; skipped.")
            }
        }
    }
}
