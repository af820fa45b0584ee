import FluentKit
import PostgresNIO

/// A step that failed while adopting (a migration, or the lock before them), named, with what PostgreSQL said
/// and what the operator can do about it.
/// The likely causes are things of the operator's that the inspection doesn't compare: an index, constraint or
/// table by a name a later step creates, or a view or trigger on a column adoption converts.
public struct AdoptionStepFailure: Error, CustomStringConvertible, Sendable {
    public let step: String
    /// PostgreSQL's SQLSTATE, e.g. `42P07` for a name already taken.
    public let sqlState: String?
    public let serverMessage: String

    public init(step: String, error: any Error) {
        self.step = step
        if let error = error as? PSQLError, error.code == .server, let info = error.serverInfo {
            sqlState = info[.sqlState]
            serverMessage = [info[.message], info[.detail]].compactMap { $0 }.joined(separator: "; ")
        } else {
            sqlState = nil
            serverMessage = String(reflecting: error)
        }
    }

    public var description: String {
        "\(step) failed: \(serverMessage)." + (advice.map { " \($0)" } ?? "")
    }

    var advice: String? {
        switch sqlState {
        // duplicate_table (tables, indexes, sequences, views), duplicate_object (constraints), duplicate_column
        case "42P07", "42710", "42701":
            "The database already has something by that name, made outside the original app: rename or drop it, "
                + "then run migrate again."
        // feature_not_supported, dependent_objects_still_exist: ALTER TYPE under a view, rule or trigger
        case "0A000", "2BP01":
            "Something of yours (a view, rule or trigger) depends on a column this step changes: drop it, adopt, "
                + "and create it again."
        // lock_not_available: `Adoption.lockOriginalTables`' lock_timeout
        case "55P03":
            "Another session holds the original's tables (is the original app still running?): stop it, then run "
                + "migrate again."
        default: nil
        }
    }

    /// Each of `migrations`, failing as an `AdoptionStepFailure` that names it.
    public static func naming(_ migrations: [any Migration]) -> [any Migration] {
        migrations.map(NamedStep.init)
    }
}

/// A migration whose failure says which step it was: Fluent's migrator runs a batch without naming the one that
/// failed.
struct NamedStep: Migration {
    let step: any Migration

    var name: String { step.name }

    func prepare(on database: any Database) -> EventLoopFuture<Void> {
        step.prepare(on: database).flatMapErrorThrowing { [name] in throw AdoptionStepFailure(step: name, error: $0) }
    }

    func revert(on database: any Database) -> EventLoopFuture<Void> { step.revert(on: database) }
}
