import Demo
import Fluent
import NIOCore
import Vapor

/// Vapor's `serve`, with `--demo`: migrate the database and load the demo data first. Vapor's own flags
/// (--hostname, --port, --bind, --unix-socket) pass through unchanged.
struct ServeCommand: AnyAsyncCommand {
    static let demoFlag = "--demo"

    let vaporServe: any AnyAsyncCommand

    var help: String {
        vaporServe.help + " With \(Self.demoFlag), first migrates the database and loads the demo data."
    }

    func run(using context: inout CommandContext) async throws {
        if let index = context.input.arguments.firstIndex(of: Self.demoFlag) {
            context.input.arguments.remove(at: index)
            let app = context.application
            try DemoCommand.refuseInProduction(app.environment)
            try await app.autoMigrate()
            let report = try await DemoData.load(
                on: app.db, hasher: app.password.async, appSecret: app.configuration.appSecret)
            report.print(on: context.console)
        }
        let address = Self.address(
            arguments: context.input.arguments, configuration: context.application.http.server.configuration)
        do {
            try await vaporServe.run(using: &context)
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw AddressInUse(address: address)
        }
        // Only a serving process runs the background jobs, not `migrate` or `demo`, and only once the server has
        // bound its port: a program that can't serve stops without them.
        context.application.backgroundWork.start(BackgroundJobs.all, on: context.application)
    }

    /// The address the server is asked to bind, as a person writes it: Vapor's flags over the configuration.
    static func address(arguments: [String], configuration: HTTPServer.Configuration) -> String {
        func option(_ names: String...) -> String? {
            guard let index = arguments.firstIndex(where: names.contains), index + 1 < arguments.count else {
                return nil
            }
            return arguments[index + 1]
        }
        if let socket = option("--unix-socket") { return socket }
        if let bind = option("--bind", "-b") { return bind }
        return
            "\(option("--hostname", "-H") ?? configuration.hostname):\(option("--port", "-p") ?? String(configuration.port))"
    }

    func outputHelp(using context: inout CommandContext) throws {
        try vaporServe.outputHelp(using: &context)
        context.console.output("\(Self.demoFlag): migrate the database and load the demo data before serving.")
    }
}

/// Another process listens on the address: said in one line, without a backtrace.
struct AddressInUse: Error, CustomStringConvertible {
    let address: String
    var description: String { "\(address) is already in use by another program; stop it or choose another --port." }
}
