import FluentKit
import Foundation
import Schema

/// Makes admins outside the admin panel: the `create-admin` command and the demo data.
public enum AdminAccounts {
    public enum Outcome: Equatable {
        case created
        /// The e-mail already had an account; it is now an admin with the new password.
        case promoted
    }

    public struct InvalidInput: Error, CustomStringConvertible {
        public let description: String

        public init(description: String) {
            self.description = description
        }
    }

    public static func createOrPromote(
        email rawEmail: String, password: String, on database: any Database, hasher: any PasswordHashing
    ) async throws -> Outcome {
        guard let email = AccountRules.normalizedEmail(rawEmail) else {
            throw InvalidInput(description: "'\(rawEmail)' is not an e-mail address.")
        }
        switch AccountRules.passwordProblem(password) {
        case .tooShort:
            throw InvalidInput(
                description: "The password must have at least \(AccountRules.minimumPasswordLength) characters.")
        case .tooLong:
            throw InvalidInput(
                description:
                    "The password can have at most \(AccountRules.maximumPasswordBytes) bytes (bcrypt ignores the rest)."
            )
        case nil:
            break
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
