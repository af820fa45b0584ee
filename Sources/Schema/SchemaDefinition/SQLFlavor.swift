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

    /// The São Paulo day ("yyyy-MM-dd") of a timestamp column, in SQL, for grouping by the days the admin reads.
    /// PostgreSQL converts its timestamptz; SQLite's REAL Unix seconds are shifted by São Paulo's fixed −3 hours
    /// (no daylight saving since 2019).
    public func saoPauloDay(of column: String) -> String {
        switch self {
        case .postgres: "to_char(\(column) AT TIME ZONE 'America/Sao_Paulo', 'YYYY-MM-DD')"
        case .sqlite: "strftime('%Y-%m-%d', \(column) - 10800, 'unixepoch')"
        }
    }
}

extension SQLDatabase {
    /// This database's flavor; nil for a dialect CreatorFlix doesn't run on.
    public var flavor: SQLFlavor? { try? SQLFlavor(self) }
}

public struct UnsupportedDatabaseError: Error, CustomStringConvertible {
    public let dialectName: String
    public init(dialectName: String) { self.dialectName = dialectName }
    public var description: String {
        "CreatorFlix runs on PostgreSQL or SQLite, not on a database with the SQL dialect '\(dialectName)'."
    }
}
