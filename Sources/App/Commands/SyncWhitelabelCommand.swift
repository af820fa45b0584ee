import Foundation
import Vapor
import Whitelabel

/// `creatorflix sync-whitelabel [--prune] [--dry-run]`: brings the whitelabel catalogue in line with the bucket.
struct SyncWhitelabelCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "prune", help: "Also delete models, posts and media that are no longer in the bucket.")
        var prune: Bool

        @Flag(name: "dry-run", help: "Report what would change, and change nothing.")
        var dryRun: Bool
    }

    var help: String { "Syncs the whitelabel catalogue from the bucket (WHITELABEL_PREFIX)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let configuration = app.configuration
        let console = context.console
        let sync = WhitelabelSync(
            database: app.db, store: app.objectStore,
            options: .init(
                prefix: configuration.whitelabelPrefix, prune: signature.prune, dryRun: signature.dryRun,
                cdnBaseURL: configuration.cdnBaseURL))
        let interactive = isatty(STDOUT_FILENO) != 0
        console.info("Syncing '\(configuration.whitelabelPrefix)'\(signature.dryRun ? " (dry run)" : "")…")
        let report: SyncReport
        do {
            report = try await sync.run { progress in
                // The listing streams, so the total is unknown: the line counts what is done so far.
                let line =
                    "  \(progress.objectsSeen) objects · \(progress.mediaAdded) media added · \(progress.mediaUpdated) updated"
                if interactive {
                    FileHandle.standardOutput.write(Data("\r\u{1B}[2K\(line)".utf8))
                } else if progress.objectsSeen % 10_000 < 1000 {
                    print(line)
                }
            }
            if interactive { print("") }
        } catch let running as SyncAlreadyRunning {
            console.warning(running.description)
            return
        }
        console.print(SyncReportText.lines(report).joined(separator: "\n"))
    }
}

/// The sync report as the terminal shows it.
enum SyncReportText {
    static func lines(_ report: SyncReport) -> [String] {
        var lines = [
            "Objects seen:  \(report.objectsSeen)",
            "Models:        \(report.modelsAdded) added, \(report.modelsUpdated) updated, \(report.modelsPruned) pruned",
            "Posts:         \(report.postsAdded) added, \(report.postsPruned) pruned",
            "Media:         \(report.mediaAdded) added, \(report.mediaUpdated) updated, \(report.mediaPruned) pruned",
            "Skipped keys:  \(report.keysSkipped)",
        ]
        for (reason, skipped) in report.skipped.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            lines.append("  \(reason.rawValue): \(skipped.count), e.g. \(skipped.examples.joined(separator: ", "))")
        }
        if let duration = report.duration { lines.append(String(format: "Duration:      %.2f s", duration)) }
        return lines
    }
}
