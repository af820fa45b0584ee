import Foundation
import PostgresNIO
import SQLiteNIO

/// A write that broke one of the schema's constraints, read out of either driver's error, so callers can answer
/// with a message instead of letting a driver error become a 500.
public struct DatabaseConstraintViolation: Error, Equatable, Sendable {
    public enum Kind: String, Sendable {
        case unique
        case foreignKey
        case notNull
        case check
    }

    public let kind: Kind
    /// The constraint's name where the database reports one (PostgreSQL), else the columns it names (SQLite),
    /// e.g. `users_email_unique` or `users.email`.
    public let constraint: String?

    public init(kind: Kind, constraint: String?) {
        self.kind = kind
        self.constraint = constraint
    }

    /// Returns nil when the error is not a constraint violation.
    public init?(_ error: any Error) {
        if let error = error as? PSQLError {
            guard error.code == .server, let state = error.serverInfo?[.sqlState] else { return nil }
            switch state {
            case "23505": kind = .unique
            case "23503": kind = .foreignKey
            case "23502": kind = .notNull
            case "23514": kind = .check
            default: return nil
            }
            constraint = error.serverInfo?[.constraintName] ?? error.serverInfo?[.columnName]
        } else if let error = error as? SQLiteError {
            switch error.reason {
            case .constraintUniqueFailed, .constraintPrimaryKeyFailed: kind = .unique
            case .constraintForeignKeyFailed: kind = .foreignKey
            case .constraintNotNullFailed: kind = .notNull
            case .constraintCheckFailed: kind = .check
            default: return nil
            }
            // "UNIQUE constraint failed: users.email" names the columns; foreign-key failures name nothing.
            let detail = error.message.split(separator: ":", maxSplits: 1).dropFirst().first
            constraint = detail.map { $0.trimmingCharacters(in: .whitespaces) }
        } else {
            return nil
        }
    }
}
