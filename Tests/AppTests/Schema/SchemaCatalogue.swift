import DatabaseTestBed
import Foundation
import SQLKit

/// Reads the live schema from the database's own catalogue: `information_schema` and `pg_catalog` on
/// PostgreSQL, the pragmas on SQLite. Results use `SeedSchema`'s vocabulary so they compare with the seed.
struct SchemaCatalogue {
    /// Fluent's own table, which every listing but `tableNames()` leaves out.
    static let migrationLog = "_fluent_migrations"

    let sql: any SQLDatabase
    let kind: DatabaseKind

    func tableNames() async throws -> Set<String> {
        let query =
            switch kind {
            case .postgres:
                "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
            case .sqlite:
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            }
        return Set(try await rows(query).map { try $0.decode(column: "name", as: String.self) })
    }

    /// Every table's columns, by table and column name.
    func columns() async throws -> [String: [String: SeedSchema.Column]] {
        switch kind {
        case .postgres:
            var tables: [String: [String: SeedSchema.Column]] = [:]
            for row in try await rows(
                """
                SELECT table_name, column_name, data_type, is_nullable, column_default, is_identity
                FROM information_schema.columns WHERE table_schema = 'public' AND table_name != '\(Self.migrationLog)'
                """)
            {
                let dataType = try row.decode(column: "data_type", as: String.self)
                let isIdentity = try row.decode(column: "is_identity", as: String.self) == "YES"
                let type: SeedSchema.ColumnType =
                    switch dataType {
                    case "integer": isIdentity ? .serial : .integer
                    case "text": .text
                    case "boolean": .boolean
                    case "timestamp with time zone": .timestamp
                    case "json", "jsonb": .json
                    default: throw TestBedError("unexpected PostgreSQL type \(dataType)")
                    }
                let column = SeedSchema.Column(
                    type: type,
                    isNullable: try row.decode(column: "is_nullable", as: String.self) == "YES",
                    defaultValue: try Self.postgresDefault(row.decode(column: "column_default", as: String?.self)))
                tables[try row.decode(column: "table_name", as: String.self), default: [:]][
                    try row.decode(column: "column_name", as: String.self)] = column
            }
            return tables
        case .sqlite:
            var tables: [String: [String: SeedSchema.Column]] = [:]
            for table in try await tableNames() where table != Self.migrationLog {
                for row in try await rows(
                    #"SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info('\#(table)')"#)
                {
                    let declaredType = try row.decode(column: "type", as: String.self)
                    let isPrimaryKey = try row.decode(column: "pk", as: Int.self) > 0
                    let type: SeedSchema.ColumnType =
                        switch declaredType {
                        case "INTEGER": isPrimaryKey ? .serial : .integer
                        // JSON lives in TEXT columns on SQLite; the comparison accounts for that.
                        case "TEXT": .text
                        case "BOOLEAN": .boolean
                        case "REAL": .timestamp
                        default: throw TestBedError("unexpected SQLite type \(declaredType)")
                        }
                    let column = SeedSchema.Column(
                        type: type,
                        isNullable: try row.decode(column: "notnull", as: Int.self) == 0 && !isPrimaryKey,
                        defaultValue: try Self.sqliteDefault(
                            row.decode(column: "dflt_value", as: String?.self), type: type))
                    tables[table, default: [:]][try row.decode(column: "name", as: String.self)] = column
                }
            }
            return tables
        }
    }

    /// Unique constraints as [table, column, column…].
    func uniqueColumnSets() async throws -> Set<[String]> {
        switch kind {
        case .postgres:
            var sets: [String: [String]] = [:]
            for row in try await rows(
                """
                SELECT tc.table_name, tc.constraint_name, kcu.column_name
                FROM information_schema.table_constraints tc
                JOIN information_schema.key_column_usage kcu
                  ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
                WHERE tc.constraint_type = 'UNIQUE' AND tc.table_schema = 'public'
                ORDER BY tc.constraint_name, kcu.ordinal_position
                """)
            {
                let name = try row.decode(column: "constraint_name", as: String.self)
                if sets[name] == nil { sets[name] = [try row.decode(column: "table_name", as: String.self)] }
                sets[name]?.append(try row.decode(column: "column_name", as: String.self))
            }
            return Set(sets.values.filter { $0.first != Self.migrationLog })
        case .sqlite:
            var sets: Set<[String]> = []
            for table in try await tableNames() where table != Self.migrationLog {
                for index in try await rows("SELECT name FROM pragma_index_list('\(table)') WHERE origin = 'u'") {
                    let name = try index.decode(column: "name", as: String.self)
                    sets.insert([table] + (try await indexColumns(sqliteIndex: name)))
                }
            }
            return sets
        }
    }

    func foreignKeys() async throws -> Set<SeedSchema.ForeignKey> {
        switch kind {
        case .postgres:
            return Set(
                try await rows(
                    """
                    SELECT tc.table_name, kcu.column_name, ccu.table_name AS referenced_table, rc.delete_rule
                    FROM information_schema.table_constraints tc
                    JOIN information_schema.key_column_usage kcu
                      ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
                    JOIN information_schema.referential_constraints rc
                      ON rc.constraint_name = tc.constraint_name AND rc.constraint_schema = tc.table_schema
                    JOIN information_schema.constraint_column_usage ccu
                      ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
                    WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = 'public'
                    """
                ).map { row in
                    SeedSchema.ForeignKey(
                        table: try row.decode(column: "table_name", as: String.self),
                        column: try row.decode(column: "column_name", as: String.self),
                        referencedTable: try row.decode(column: "referenced_table", as: String.self),
                        cascades: try row.decode(column: "delete_rule", as: String.self) == "CASCADE")
                })
        case .sqlite:
            var keys: Set<SeedSchema.ForeignKey> = []
            for table in try await tableNames() {
                for row in try await rows(
                    #"SELECT "table" AS referenced_table, "from", on_delete FROM pragma_foreign_key_list('\#(table)')"#)
                {
                    keys.insert(
                        .init(
                            table: table, column: try row.decode(column: "from", as: String.self),
                            referencedTable: try row.decode(column: "referenced_table", as: String.self),
                            cascades: try row.decode(column: "on_delete", as: String.self) == "CASCADE"))
                }
            }
            return keys
        }
    }

    /// Every index's columns in order, by table: unique constraints' indexes included, primary keys not.
    func indexColumns() async throws -> [String: [[String]]] {
        switch kind {
        case .postgres:
            var indexes: [String: [[String]]] = [:]
            for row in try await rows(
                """
                SELECT t.relname AS table_name,
                       array_to_string(ARRAY(
                         SELECT a.attname FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
                         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord), ',') AS columns
                FROM pg_index ix
                JOIN pg_class t ON t.oid = ix.indrelid
                JOIN pg_namespace n ON n.oid = t.relnamespace
                WHERE n.nspname = 'public' AND NOT ix.indisprimary AND t.relname != '\(Self.migrationLog)'
                """)
            {
                let columns = try row.decode(column: "columns", as: String.self).split(separator: ",").map(String.init)
                indexes[try row.decode(column: "table_name", as: String.self), default: []].append(columns)
            }
            return indexes
        case .sqlite:
            var indexes: [String: [[String]]] = [:]
            for table in try await tableNames() where table != Self.migrationLog {
                for index in try await rows("SELECT name FROM pragma_index_list('\(table)') WHERE origin != 'pk'") {
                    let name = try index.decode(column: "name", as: String.self)
                    indexes[table, default: []].append(try await indexColumns(sqliteIndex: name))
                }
            }
            return indexes
        }
    }

    /// Names of CHECK constraints (PostgreSQL only; SQLite has none).
    func checkConstraintNames() async throws -> Set<String> {
        guard kind == .postgres else { return [] }
        return Set(
            try await rows(
                """
                SELECT conname FROM pg_constraint WHERE contype = 'c' AND connamespace = 'public'::regnamespace
                """
            ).map { try $0.decode(column: "conname", as: String.self) })
    }

    private func indexColumns(sqliteIndex name: String) async throws -> [String] {
        try await rows("SELECT name FROM pragma_index_info('\(name)') ORDER BY seqno")
            .map { try $0.decode(column: "name", as: String.self) }
    }

    private func rows(_ query: String) async throws -> [any SQLRow] {
        do {
            return try await sql.raw(SQLQueryString(stringLiteral: query)).all()
        } catch {
            throw TestBedError("\(String(reflecting: error))\nin: \(query)")
        }
    }

    static func postgresDefault(_ text: String?) throws -> SeedSchema.Default? {
        guard let text else { return nil }
        switch text {
        case "now()": return .now
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        default:
            if let integer = Int(text) { return .integer(integer) }
            if text.hasPrefix("'"), let end = text.range(of: "'::text") {
                return .text(String(text[text.index(after: text.startIndex)..<end.lowerBound]))
            }
            throw TestBedError("unexpected PostgreSQL default \(text)")
        }
    }

    static func sqliteDefault(_ text: String?, type: SeedSchema.ColumnType) throws -> SeedSchema.Default? {
        guard let text else { return nil }
        // SQLite reports the expression default without its parentheses.
        if text == "unixepoch('subsec')" || text == "(unixepoch('subsec'))" { return .now }
        if type == .boolean, let bit = Int(text) { return .boolean(bit != 0) }
        if let integer = Int(text) { return .integer(integer) }
        if text.hasPrefix("'"), text.hasSuffix("'"), text.count >= 2 {
            return .text(String(text.dropFirst().dropLast()))
        }
        throw TestBedError("unexpected SQLite default \(text)")
    }
}
