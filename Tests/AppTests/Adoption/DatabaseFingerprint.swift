import Foundation
import SQLKit

/// A PostgreSQL database reduced to what adoption must keep or leave alone: its schema as text lines, and each
/// table's row count and a digest of its rows. Values are read in a form the conversions keep: an instant for a
/// timestamp (a zone-less one read as UTC), the normalised document for JSON, the text of anything else.
struct DatabaseFingerprint: Equatable {
    struct Rows: Equatable, CustomStringConvertible {
        let count: Int
        let digest: String
        var description: String { "\(count) rows, \(digest)" }
    }

    var schema: [String]
    var rows: [String: Rows]

    static func take(_ sql: any SQLDatabase, schemaNamed namespace: String = "public") async throws
        -> DatabaseFingerprint
    {
        var fingerprint = DatabaseFingerprint(schema: try await schemaLines(sql, namespace), rows: [:])
        for (table, columns) in try await columns(sql, namespace) {
            fingerprint.rows["\(namespace).\(table)"] = try await rows(
                of: table, columns: columns.map(\.name), on: sql, namespace: namespace)
        }
        return fingerprint
    }

    /// The schema's columns, constraints and indexes, one sorted line each.
    static func schemaLines(_ sql: any SQLDatabase, _ namespace: String = "public") async throws -> [String] {
        var lines: [String] = []
        for row in try await sql.raw(
            """
            SELECT table_name || '.' || column_name || ' ' || data_type || ' nullable=' || is_nullable || ' default='
              || coalesce(column_default, '-') || ' identity=' || is_identity AS line
            FROM information_schema.columns WHERE table_schema = \(bind: namespace)
            UNION ALL
            SELECT 'constraint ' || con.conname || ' ' || pg_get_constraintdef(con.oid) FROM pg_constraint con
              JOIN pg_namespace ns ON ns.oid = con.connamespace WHERE ns.nspname = \(bind: namespace)
            UNION ALL
            SELECT 'index ' || indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = \(bind: namespace)
            """
        ).all() {
            lines.append(try row.decode(column: "line", as: String.self))
        }
        return lines.sorted()
    }

    static func columns(_ sql: any SQLDatabase, _ namespace: String = "public") async throws
        -> [String: [(name: String, type: String)]]
    {
        var tables: [String: [(name: String, type: String)]] = [:]
        for row in try await sql.raw(
            """
            SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = \(bind: namespace) AND t.table_type = 'BASE TABLE' ORDER BY c.ordinal_position
            """
        ).all() {
            tables[try row.decode(column: "table_name", as: String.self), default: []].append(
                (
                    try row.decode(column: "column_name", as: String.self),
                    try row.decode(column: "data_type", as: String.self)
                ))
        }
        return tables
    }

    /// The count and digest of `columns` of every row of `table`, in the form the conversions keep.
    static func rows(of table: String, columns names: [String], on sql: any SQLDatabase, namespace: String = "public")
        async throws -> Rows
    {
        let types = Dictionary(
            uniqueKeysWithValues: try await columns(sql, namespace)[table, default: []].map { ($0.name, $0.type) })
        let values = names.map { name -> String in
            let column = "\"\(name)\""
            let value =
                switch types[name] {
                case "timestamp without time zone": "extract(epoch from \(column) AT TIME ZONE 'UTC')::text"
                case "timestamp with time zone": "extract(epoch from \(column))::text"
                case "json", "jsonb": "\(column)::jsonb::text"
                default: "\(column)::text"
                }
            return "coalesce(\(value), '∅')"
        }
        let row = try await sql.raw(
            """
            SELECT count(*) AS n, md5(coalesce(string_agg(r, E'\\n' ORDER BY r), '')) AS digest
            FROM (SELECT concat_ws('|', \(unsafeRaw: values.joined(separator: ", "))) AS r FROM "\(unsafeRaw: namespace)"."\(unsafeRaw: table)") AS rows
            """
        ).first()
        return Rows(
            count: try row?.decode(column: "n", as: Int.self) ?? 0,
            digest: try row?.decode(column: "digest", as: String.self) ?? "")
    }
}
