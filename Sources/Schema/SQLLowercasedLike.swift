import SQLKit

/// `lower(column) LIKE pattern ESCAPE '\'`, the same on PostgreSQL and SQLite: the admin's case-insensitive
/// searches.
public struct SQLLowercasedLike: SQLExpression {
    public let column: String
    /// The column's table, in a query that joins another.
    public let table: String?
    public let pattern: String

    public init(column: String, table: String? = nil, pattern: String) {
        self.column = column
        self.table = table
        self.pattern = pattern
    }

    /// Rows whose column contains `text`, in any case; `%` and `_` in it are the characters they are.
    public static func containing(_ text: String, in column: String, of table: String? = nil) -> SQLLowercasedLike {
        SQLLowercasedLike(column: column, table: table, pattern: "%" + escaped(text.lowercased()) + "%")
    }

    /// `%` and `_` typed by an admin are literal characters, not wildcards.
    public static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }

    public func serialize(to serializer: inout SQLSerializer) {
        serializer.statement {
            $0.append(SQLFunction("lower", args: table.map { SQLColumn(column, table: $0) } ?? SQLColumn(column)))
            $0.append("LIKE")
            $0.append(SQLBind(pattern))
            $0.append("ESCAPE '\\'")
        }
    }
}
