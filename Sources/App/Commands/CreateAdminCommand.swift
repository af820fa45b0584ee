import Accounts
import Foundation
import Vapor

/// `creatorflix create-admin --email E [--password P]`: makes the first admin, or gives an existing account
/// admin rights and a new password. Without --password, the password is read from standard input, so it
/// stays out of the shell history.
struct CreateAdminCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "email", help: "The admin's e-mail address.")
        var email: String?

        @Option(name: "password", help: "The password; omit it to read it from standard input.")
        var password: String?
    }

    var help: String { "Creates an admin account, or makes an existing account an admin." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let email = signature.email else {
            throw AdminAccounts.InvalidInput(description: "Give the admin's e-mail with --email.")
        }
        let password = signature.password ?? readPassword(from: context.console)
        guard let password else {
            throw AdminAccounts.InvalidInput(description: "Give a password with --password or on standard input.")
        }
        let app = context.application
        let outcome = try await AdminAccounts.createOrPromote(
            email: email, password: password, on: app.db, hasher: app.password.async)
        switch outcome {
        case .created: context.console.success("Created the admin \(email.lowercased()).")
        case .promoted:
            context.console.success(
                "\(email.lowercased()) already had an account: it is now an admin, with the new password.")
        }
    }

    private func readPassword(from console: any Console) -> String? {
        if isatty(STDIN_FILENO) != 0 {
            return console.ask("Password:", isSecure: true)
        }
        return readLine(strippingNewline: true)
    }
}
