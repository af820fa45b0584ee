import Fluent
import Vapor

/// Vapor's `serve`, with `--demo`: migrate the database and load the demo data first. Vapor's own flags
/// (--hostname, --port, --bind, --unix-socket) pass through unchanged.
struct ServeCommand: AnyAsyncCommand {
    static let demoFlag = "--demo"

    let vaporServe: any AnyAsyncCommand

    var help: String { vaporServe.help + " With \(Self.demoFlag), first migrates the database and loads the demo data." }

    func run(using context: inout CommandContext) async throws {
        if let index = context.input.arguments.firstIndex(of: Self.demoFlag) {
            context.input.arguments.remove(at: index)
            let app = context.application
            try DemoCommand.refuseInProduction(app.environment)
            try await app.autoMigrate()
            let report = try await DemoData.load(on: app.db, hasher: app.password.async, appSecret: app.configuration.appSecret)
            report.print(on: context.console)
        }
        // Only a serving process keeps the schedules (whitelabel sync, commerce jobs, the ads' refresh), not `migrate` or `demo`. The app
        // has booted by the time a command runs, so each starts here, and is registered for its shutdown only.
        for periodic in [WhitelabelScheduler.periodicTask, CommerceScheduler.periodicTask, AdServing.periodicTask, AdsScheduler.periodicTask] {
            try await periodic.didBootAsync(context.application)
            context.application.lifecycle.use(periodic)
        }
        try await vaporServe.run(using: &context)
    }

    func outputHelp(using context: inout CommandContext) throws {
        try vaporServe.outputHelp(using: &context)
        context.console.output("\(Self.demoFlag): migrate the database and load the demo data before serving.")
    }
}
