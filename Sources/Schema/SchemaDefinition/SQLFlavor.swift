import SQLKit

/// The SQL dialects the schema is written for. PostgreSQL runs production; SQLite is the embedded default.
public enum SQLFlavor: String, Sendable, CaseIterable {
    case postgres
    case sqlite

    /// Reads the flavor from a connected database's dialect.
    public init(_ database: any SQLDatabase) throws(UnsupportedDatabaseError) {
        switch database.dialect.name {
        case "postgresql": self = .postgres
        case "sqlite": self = .sqlite
        case let other: throw UnsupportedDatabaseError(dialectName: other)
        }
    }
}

public struct UnsupportedDatabaseError: Error, CustomStringConvertible {
    public let dialectName: String
    public init(dialectName: String) { self.dialectName = dialectName }
    public var description: String {
        "CreatorFlix runs on PostgreSQL or SQLite, not on a database with the SQL dialect '\(dialectName)'."
    }
}
