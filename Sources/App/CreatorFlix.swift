import Foundation
import Logging
import Vapor

/// The program: read the configuration, build the application, run the command line.
public enum CreatorFlix {
    public static func main() async {
        let environment: Environment
        let configuration: AppConfiguration
        do {
            environment = try Environment.detect()
            let dataDirectory = try AppConfiguration.dataDirectory(
                ProcessInfo.processInfo.environment["DATA_DIR"],
                workingDirectory: FileManager.default.currentDirectoryPath)
            configuration = try AppConfiguration.load(
                from: ProcessInfo.processInfo.environment, environment: environment, dataDirectory: dataDirectory,
                serves: servesTheSite(CommandLine.arguments))
        } catch {
            FileHandle.standardError.write(Data("creatorflix: \(error)\n".utf8))
            exit(1)
        }

        let level = configuration.logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardOutput(label: label)
            handler.logLevel = level
            return handler
        }

        do {
            let app = try await buildApplication(environment: environment, configuration: configuration)
            do {
                // Not `app.execute()`: it logs the error itself, and a program that can't start says so once.
                try await app.startup()
                try await app.running?.onStop.get()
            } catch {
                FileHandle.standardError.write(Data("creatorflix: \(error)\n".utf8))
                try? await app.asyncShutdown()
                exit(1)
            }
            try await app.asyncShutdown()
        } catch {
            FileHandle.standardError.write(Data("creatorflix: \(error)\n".utf8))
            exit(1)
        }
    }

    /// Whether the command line runs `serve`, Vapor's default when no command is named.
    static func servesTheSite(_ arguments: [String]) -> Bool {
        var remaining = arguments.dropFirst()[...]
        while let argument = remaining.popFirst() {
            if argument == "--env" || argument == "-e" { _ = remaining.popFirst(); continue }  // the flag's value
            if argument.hasPrefix("-") { continue }
            return argument == "serve"
        }
        return true
    }

    /// Builds a configured application. The program and the tests both start here.
    public static func buildApplication(
        environment: Environment, configuration: AppConfiguration
    ) async throws -> Application {
        let app = try await Application.make(environment)
        do {
            try await configure(app, with: configuration)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        return app
    }
}
