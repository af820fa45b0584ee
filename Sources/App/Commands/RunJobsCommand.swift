import Vapor

/// `creatorflix run-jobs`: runs the background jobs once, as the server does on their intervals
/// (`BackgroundJobs`). For cron, or after a downtime.
struct RunJobsCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "job", help: "Only this job: \(BackgroundJobs.namesFromCommandLine.joined(separator: ", ")).")
        var job: String?
    }

    var help: String {
        "Runs the background jobs once: \(BackgroundJobs.namesFromCommandLine.joined(separator: ", "))."
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let jobs = BackgroundJobs.all.filter {
            $0.runsFromCommandLine && (signature.job == nil || $0.name == signature.job)
        }
        guard !jobs.isEmpty else { throw UnknownJob(name: signature.job ?? "") }
        for job in jobs {
            context.console.info("\(job.name): \(try await job.round(context.application)).")
        }
    }
}

struct UnknownJob: Error, CustomStringConvertible {
    let name: String
    var description: String {
        "There is no job called '\(name)'. The jobs are \(BackgroundJobs.namesFromCommandLine.joined(separator: ", "))."
    }
}
