import Demo
import Vapor

/// `creatorflix demo`: fills the database with pt-BR demo data. What is already there is kept, so a second run
/// adds nothing.
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String {
        "Loads believable pt-BR demo data: plans, bumps, creators, posts, ads, contacts and two accounts."
    }

    struct RefusedInProduction: Error, CustomStringConvertible {
        var description: String {
            "The demo data has accounts with published passwords; it is not loaded in production."
        }
    }

    static func refuseInProduction(_ environment: Environment) throws {
        if environment == .production { throw RefusedInProduction() }
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try Self.refuseInProduction(app.environment)
        let report = try await DemoData.load(
            on: app.db, hasher: app.password.async, appSecret: app.configuration.appSecret)
        report.print(on: context.console)
    }
}
