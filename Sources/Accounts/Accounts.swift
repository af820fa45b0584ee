import FluentKit
import Foundation
import Localization
import Schema

/// Account operations, free of HTTP: the web pages, the API and the admin panel all call these.
public enum Accounts {
    public struct Registration: Sendable {
        public var name: String
        public var email: String
        public var password: String

        public init(name: String, email: String, password: String) {
            self.name = name
            self.email = email
            self.password = password
        }
    }

    /// Creates a `user` account. Throws a `Refusal` with every problem at once, including an e-mail that
    /// is taken, even when two sign-ups race for it (the unique constraint decides).
    /// What a new account is greeted with, in the transaction that creates it: handed the account and its address
    /// confirmation token.
    public typealias Welcome =
        @Sendable (User, _ confirmationToken: String, _ transaction: any Database) async throws
        -> Void

    public static func register(
        _ input: Registration, on database: any Database, hasher: any PasswordHashing, language: String? = nil,
        welcome: Welcome? = nil
    ) async throws -> User {
        var problems: [String: AccountProblem] = [:]
        let name = AccountRules.normalizedName(input.name)
        if name == nil { problems["name"] = .nameMissing }
        if let name, name.count > AccountRules.maximumNameLength { problems["name"] = .nameTooLong }
        let email = AccountRules.normalizedEmail(input.email)
        if email == nil { problems["email"] = .emailInvalid }
        if let problem = AccountRules.passwordProblem(input.password) { problems["password"] = AccountProblem(problem) }
        if let email, problems["email"] == nil,
            try await User.query(on: database).filter(\.$email == email).count() > 0
        {
            problems["email"] = .emailTaken
        }
        guard problems.isEmpty, let name, let email else { throw Refusal.account(problems) }

        let user = User(name: name, email: email, passwordHash: try await hasher.hash(input.password))
        user.language = language
        do {
            try await database.transaction { transaction in
                try await user.create(on: transaction)
                if let welcome {
                    let token = try await EmailConfirmation.issue(for: try user.requireID(), on: transaction)
                    try await welcome(user, token, transaction)
                }
            }
        } catch let error where DatabaseConstraintViolation(error)?.kind == .unique {
            throw Refusal.account(["email": .emailTaken])
        }
        return user
    }

    /// Hashed in place of checking a password that can't match, at the same bcrypt cost.
    private static let timingDecoy = "not-a-password-anyone-has"

    /// The account these credentials open, or nil. A hash of another prefix or cost than `cost` is made again
    /// at `cost` once the password checks out; one that isn't bcrypt at all throws `PasswordResetRequired`.
    public static func authenticate(
        email rawEmail: String, password: String, on database: any Database, hasher: any PasswordHashing,
        rehashingAtCost cost: Int? = nil
    ) async throws -> User? {
        // Every refusal costs one bcrypt round, like a wrong password does, so response times don't reveal
        // which e-mails have accounts.
        guard let email = AccountRules.normalizedEmail(rawEmail),
            password.utf8.count <= AccountRules.maximumPasswordBytes,
            let user = try await User.query(on: database).filter(\.$email == email).first()
        else {
            _ = try? await hasher.hash(timingDecoy)
            return nil
        }
        guard PasswordHashFormat.isReadable(user.passwordHash) else {
            _ = try? await hasher.hash(timingDecoy)
            throw PasswordResetRequired(email: user.email)
        }
        guard try await hasher.verify(password, created: user.passwordHash) else { return nil }
        if let cost, PasswordHashFormat.needsRehash(user.passwordHash, cost: cost) {
            try? await rehash(user, password: password, on: database, hasher: hasher)
        }
        return user
    }

    /// Writes the password's hash again at today's cost, only over the hash it replaces: a reset or a change that
    /// committed while this one was hashing wins. Best-effort: the sign-in stands whatever becomes of it.
    private static func rehash(_ user: User, password: String, on database: any Database, hasher: any PasswordHashing)
        async throws
    {
        let new = try await hasher.hash(password)
        try await User.query(on: database).filter(\.$id == user.requireID())
            .filter(\.$passwordHash == user.passwordHash).set(\.$passwordHash, to: new).update()
    }

    /// Sets a new password and signs the user out everywhere else.
    /// - Parameter keepingTokenID: the session or token the change came from, which stays signed in.
    public static func setPassword(
        _ password: String, for user: User, keepingTokenID: Int?, on database: any Database,
        hasher: any PasswordHashing
    ) async throws {
        if let problem = AccountRules.passwordProblem(password) {
            throw Refusal.account(["new_password": AccountProblem(problem)])
        }
        guard let userID = user.id else { return }
        user.passwordHash = try await hasher.hash(password)
        try await database.transaction { transaction in
            try await user.save(on: transaction)
            try await AuthTokens.revokeAll(of: userID, except: keepingTokenID, on: transaction)
        }
    }

    /// Changes the signed-in user's own password, after checking the current one.
    public static func changePassword(
        of signedIn: SignedInUser, current: String, new: String, on database: any Database,
        hasher: any PasswordHashing
    ) async throws {
        guard current.utf8.count <= AccountRules.maximumPasswordBytes,
            try await hasher.verify(current, created: signedIn.user.passwordHash)
        else {
            throw Refusal.account(["current_password": .wrongCurrentPassword])
        }
        try await setPassword(new, for: signedIn.user, keepingTokenID: signedIn.tokenID, on: database, hasher: hasher)
    }
}
