import Fluent
import Schema
import Vapor

/// Makes admins outside the admin panel: the `create-admin` command and the demo data.
enum AdminAccounts {
    enum Outcome: Equatable {
        case created
        /// The e-mail already had an account; it is now an admin with the new password.
        case promoted
    }

    struct InvalidInput: Error, CustomStringConvertible {
        let description: String
    }

    static func createOrPromote(
        email rawEmail: String, password: String, on database: any Database, hasher: AsyncPasswordHasher
    ) async throws -> Outcome {
        guard let email = AccountRules.normalizedEmail(rawEmail) else {
            throw InvalidInput(description: "'\(rawEmail)' is not an e-mail address.")
        }
        guard AccountRules.isAcceptablePassword(password) else {
            throw InvalidInput(
                description: "The password must have at least \(AccountRules.minimumPasswordLength) characters.")
        }
        let passwordHash = try await hasher.hash(password)
        if let user = try await User.query(on: database).filter(\.$email == email).first() {
            user.role = .admin
            user.passwordHash = passwordHash
            try await user.save(on: database)
            return .promoted
        }
        try await User(name: nil, email: email, passwordHash: passwordHash, role: .admin).create(on: database)
        return .created
    }
}
