import FluentKit
import SQLKit

/// A PostgreSQL database's schema as its own catalogue describes it: the `public` schema's tables, columns and
/// constraints, and what Fluent's or Drizzle's migration journal holds.
public struct LiveSchema: Sendable {
    public struct Column: Sendable, Equatable {
        public let dataType: String
        public let isNullable: Bool
        public let defaultSQL: String?
        public let isIdentity: Bool

        /// An integer key the database numbers: an identity column, or a `serial` one (its default draws on a
        /// sequence).
        public var isGeneratedKey: Bool {
            dataType == "integer" && (isIdentity || defaultSQL?.hasPrefix("nextval(") == true)
        }
    }

    public struct Constraint: Sendable, Equatable {
        public enum Kind: String, Sendable {
            case primaryKey = "p", unique = "u", foreignKey = "f", check = "c", exclusion = "x", trigger = "t"
        }

        public let table: String
        public let kind: Kind
        public let columns: [String]
        public let referencedTable: String?
        public let cascadesOnDelete: Bool
    }

    public struct JournalEntry: Sendable, Equatable {
        public let hash: String
        /// When Drizzle Kit generated the step, in epoch milliseconds.
        public let createdAt: Int64?
    }

    /// Table → column → column.
    public var tables: [String: [String: Column]] = [:]
    /// Constraint name → constraint.
    public var constraints: [String: Constraint] = [:]
    /// The migrations Fluent's `_fluent_migrations` records; nil without that table. An empty one is what an
    /// earlier `migrate` leaves when it failed on its first step (before CreatorFlix could adopt, it stopped at
    /// "relation users already exists").
    public var fluentJournal: [String]?
    /// `drizzle.__drizzle_migrations`, oldest first; nil when there is no such table.
    public var drizzleJournal: [JournalEntry]?

    /// Fluent's table, which is ours and not a table of the site's.
    public static let fluentJournalTable = "_fluent_migrations"

    public static func read(_ sql: any SQLDatabase) async throws -> LiveSchema {
        var schema = LiveSchema()
        for row in try await sql.raw(
            """
            SELECT c.table_name, c.column_name, c.data_type, c.is_nullable, c.column_default, c.is_identity
            FROM information_schema.columns c JOIN information_schema.tables t
              ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
            """
        ).all() {
            let table = try row.decode(column: "table_name", as: String.self)
            if table == fluentJournalTable { continue }
            schema.tables[table, default: [:]][try row.decode(column: "column_name", as: String.self)] = Column(
                dataType: try row.decode(column: "data_type", as: String.self),
                isNullable: try row.decode(column: "is_nullable", as: String.self) == "YES",
                defaultSQL: try row.decode(column: "column_default", as: String?.self),
                isIdentity: try row.decode(column: "is_identity", as: String.self) == "YES")
        }
        for row in try await sql.raw(
            """
            SELECT con.conname, rel.relname AS table_name, con.contype::text AS kind, ref.relname AS referenced,
              con.confdeltype::text AS on_delete,
              ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(num, ord)
                    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num ORDER BY k.ord) AS columns
            FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid
              JOIN pg_namespace ns ON ns.oid = rel.relnamespace LEFT JOIN pg_class ref ON ref.oid = con.confrelid
            WHERE ns.nspname = 'public' AND rel.relname <> '\(unsafeRaw: fluentJournalTable)'
            """
        ).all() {
            guard let kind = Constraint.Kind(rawValue: try row.decode(column: "kind", as: String.self)) else {
                continue
            }
            schema.constraints[try row.decode(column: "conname", as: String.self)] = Constraint(
                table: try row.decode(column: "table_name", as: String.self), kind: kind,
                columns: try row.decode(column: "columns", as: [String].self),
                referencedTable: try row.decode(column: "referenced", as: String?.self),
                cascadesOnDelete: try row.decode(column: "on_delete", as: String.self) == "c")
        }
        let fluent = try await sql.raw("SELECT to_regclass('public._fluent_migrations') IS NOT NULL AS present")
            .first()?.decode(column: "present", as: Bool.self)
        if fluent == true {
            schema.fluentJournal = try await sql.raw("SELECT name FROM _fluent_migrations").all().map {
                try $0.decode(column: "name", as: String.self)
            }
        }
        let journal = try await sql.raw("SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS present")
            .first()?.decode(column: "present", as: Bool.self)
        if journal == true {
            schema.drizzleJournal = try await sql.raw(
                "SELECT hash, created_at FROM drizzle.__drizzle_migrations ORDER BY id"
            ).all().map {
                JournalEntry(
                    hash: try $0.decode(column: "hash", as: String.self),
                    createdAt: try $0.decode(column: "created_at", as: Int64?.self))
            }
        }
        return schema
    }
}
