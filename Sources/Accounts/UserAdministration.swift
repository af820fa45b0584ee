import FluentKit
import FluentSQL
import Foundation
import Localization
import SQLKit
import Schema

/// What admins do to accounts, for the admin pages and the admin API alike: find, create, edit, change roles,
/// reset passwords and delete. The site always keeps at least one admin.
public enum UserAdministration {
    public static let pageSize = 25

    public struct Page: Sendable {
        public let users: [User]
        public let page: Int
        public let hasNextPage: Bool
        public let total: Int
    }

    /// Users whose e-mail or name contains `search` (any case), newest first.
    public static func find(search: String?, page: Int, on database: any Database) async throws -> Page {
        // Clamped, so a hand-typed ?pagina=9223372036854775807 is an empty page, not an arithmetic overflow.
        let page = min(max(1, page), 1_000_000)
        let query = User.query(on: database)
        if let search = search?.trimmingCharacters(in: .whitespacesAndNewlines), !search.isEmpty {
            query.group(.or) { group in
                group.filter(.sql(SQLLowercasedLike.containing(search, in: "email")))
                group.filter(.sql(SQLLowercasedLike.containing(search, in: "name")))
            }
        }
        let total = try await query.copy().count()
        let users = try await query.sort(\.$id, .descending)
            .range(((page - 1) * pageSize)..<(page * pageSize + 1)).all()
        return Page(users: Array(users.prefix(pageSize)), page: page, hasNextPage: users.count > pageSize, total: total)
    }

    public struct NewUser: Sendable {
        public var name: String
        public var email: String
        public var password: String
        public var role: UserRole

        public init(name: String, email: String, password: String, role: UserRole) {
            self.name = name
            self.email = email
            self.password = password
            self.role = role
        }
    }

    public static func create(_ input: NewUser, on database: any Database, hasher: any PasswordHashing) async throws
        -> User
    {
        let user = try await Accounts.register(
            .init(name: input.name, email: input.email, password: input.password), on: database, hasher: hasher)
        if input.role != .user {
            user.role = input.role
            try await user.save(on: database)
        }
        return user
    }

    public struct Changes: Sendable {
        public var name: String?
        public var email: String?
        public var role: UserRole?

        public init(name: String? = nil, email: String? = nil, role: UserRole? = nil) {
            self.name = name
            self.email = email
            self.role = role
        }
    }

    /// Edits name, e-mail and role. Refuses to leave the site without an admin.
    public static func update(_ user: User, with changes: Changes, on database: any Database) async throws {
        var problems: [String: AccountProblem] = [:]
        if let rawName = changes.name {
            if let name = AccountRules.normalizedName(rawName) {
                if name.count > AccountRules.maximumNameLength {
                    problems["name"] = .nameTooLong
                } else {
                    user.name = name
                }
            } else {
                problems["name"] = .nameMissing
            }
        }
        if let rawEmail = changes.email {
            if let email = AccountRules.normalizedEmail(rawEmail) {
                if email != user.email,
                    try await User.query(on: database).filter(\.$email == email).count() > 0
                {
                    problems["email"] = .emailTaken
                } else {
                    user.email = email
                }
            } else {
                problems["email"] = .emailInvalid
            }
        }
        guard problems.isEmpty else { throw Refusal.account(problems) }
        let demotes = user.role == .admin && changes.role == .user
        if let role = changes.role { user.role = role }
        do {
            try await database.transaction { transaction in
                if demotes { try await lockAdmins(on: transaction) }
                try await user.save(on: transaction)
                if demotes { try await requireAnAdminRemains(on: transaction) }
            }
        } catch let error where DatabaseConstraintViolation(error)?.kind == .unique {
            throw Refusal.account(["email": .emailTaken])
        }
    }

    /// Sets a new password and signs the user out everywhere.
    public static func resetPassword(
        of user: User, to password: String, on database: any Database, hasher: any PasswordHashing
    ) async throws {
        do {
            try await Accounts.setPassword(password, for: user, keepingTokenID: nil, on: database, hasher: hasher)
        } catch var refusal as Refusal {
            // The admin form's field is `password`, not the account page's `new_password`.
            refusal.fields = refusal.fields.reduce(into: [:]) { $0["password"] = $1.value }
            throw refusal
        }
    }

    /// Deletes an account that has no purchase history. Subscriptions and checkouts are financial records, so
    /// an account that has any is kept (demote it or reset its password instead).
    public static func delete(_ user: User, by admin: SignedInUser, on database: any Database) async throws {
        let userID = try user.requireID()
        guard userID != admin.userID else {
            throw Refusal(.conflict, reason: UserAdministrationProblem.cannotDeleteYourself)
        }
        let history =
            try await Subscription.query(on: database).filter(\.$user.$id == userID).count()
            + Checkout.query(on: database).filter(\.$user.$id == userID).count()
        guard history == 0 else { throw Refusal(.conflict, reason: UserAdministrationProblem.hasPurchaseHistory) }
        try await database.transaction { transaction in
            if user.role == .admin { try await lockAdmins(on: transaction) }
            try await user.delete(on: transaction)
            if user.role == .admin { try await requireAnAdminRemains(on: transaction) }
        }
    }

    /// On PostgreSQL, two admins demoting each other at once could each see the other still an admin; locking
    /// the admin rows first makes such changes take turns. SQLite writes one transaction at a time anyway.
    private static func lockAdmins(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase, sql.flavor == .postgres else { return }
        try await sql.raw("SELECT id FROM users WHERE role = 'admin' FOR UPDATE").run()
    }

    private static func requireAnAdminRemains(on database: any Database) async throws {
        if try await User.query(on: database).filter(\.$role == .admin).count() == 0 {
            throw Refusal(.conflict, reason: UserAdministrationProblem.lastAdmin)
        }
    }
}

/// An admin action on an account that the rules forbid.
public enum UserAdministrationProblem: String, RefusalReason {
    case lastAdmin = "last_admin"
    case cannotDeleteYourself = "cannot_delete_yourself"
    case hasPurchaseHistory = "has_purchase_history"

    public func message(_ copy: Copy) -> String {
        switch self {
        case .lastAdmin: copy.lastAdminRefused
        case .cannotDeleteYourself: copy.cannotDeleteYourself
        case .hasPurchaseHistory: copy.hasPurchaseHistory
        }
    }
}
