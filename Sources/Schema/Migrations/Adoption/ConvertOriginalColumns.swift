import FluentKit
import SQLKit

/// Adoption's step, right after the seed's twelve: the original app's column types become ours, with every value
/// kept. On a database CreatorFlix made (or on SQLite) there is nothing to convert and it changes nothing.
/// - `timestamp without time zone` becomes `timestamptz`, each value read in `sourceTimeZone` (the original's
///   server wrote its local time);
/// - `json` becomes `jsonb`, which holds the same documents;
/// - a `serial` id becomes an identity column that continues after both its highest id and its old sequence, so
///   no id is given twice.
/// Only the seed's columns are converted: the operator's own tables and columns are kept as they are.
struct ConvertOriginalColumns: SchemaStep {
    var name: String { "adopt_original_column_types" }
    let sourceTimeZone: String

    func forward(on schema: SchemaConnection) async throws {
        guard schema.flavor == .postgres else { return }
        let seedColumns = Set(
            SeedHistory.tables(afterSteps: SeedHistory.steps.count).flatMap { table in
                table.columns.map { "\(table.name).\($0.name)" }
            })
        let columns = try await schema.sql.raw(
            """
            SELECT table_name, column_name, data_type, column_default, is_identity FROM information_schema.columns
            WHERE table_schema = 'public' ORDER BY table_name, ordinal_position
            """
        ).all().map {
            (
                table: try $0.decode(column: "table_name", as: String.self),
                column: try $0.decode(column: "column_name", as: String.self),
                type: try $0.decode(column: "data_type", as: String.self),
                defaultSQL: try $0.decode(column: "column_default", as: String?.self),
                isIdentity: try $0.decode(column: "is_identity", as: String.self) == "YES"
            )
        }.filter { seedColumns.contains("\($0.table).\($0.column)") }
        for column in columns {
            let target = "ALTER TABLE \(quoted(column.table)) ALTER COLUMN \(quoted(column.column))"
            switch column.type {
            case "timestamp without time zone":
                try await schema.execute(
                    "\(target) TYPE timestamptz USING \(quoted(column.column)) AT TIME ZONE \(literal(sourceTimeZone))")
            case "json":
                try await schema.execute("\(target) TYPE jsonb USING \(quoted(column.column))::jsonb")
            case "integer" where !column.isIdentity && column.defaultSQL?.hasPrefix("nextval(") == true:
                try await makeIdentity(table: column.table, column: column.column, on: schema)
            default:
                continue
            }
        }
    }

    /// Nothing goes back: the converted types are ours, and the values were kept.
    func backward(on schema: SchemaConnection) async throws {}

    private func makeIdentity(table: String, column: String, on schema: SchemaConnection) async throws {
        // The sequence the column's default draws from, owned by the column (serial's) or not (one made by hand).
        let sequence = try await schema.sql.raw(
            """
            SELECT s.oid::regclass::text AS name,
                pg_get_serial_sequence(\(bind: quoted(table)), \(bind: column)) IS NOT NULL AS owned
            FROM pg_attrdef d
            JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
            JOIN pg_depend dep ON dep.classid = 'pg_attrdef'::regclass AND dep.objid = d.oid
                AND dep.refclassid = 'pg_class'::regclass
            JOIN pg_class s ON s.oid = dep.refobjid AND s.relkind = 'S'
            WHERE d.adrelid = \(bind: quoted(table))::regclass AND a.attname = \(bind: column)
            """
        ).first()
        let sequenceName = try sequence?.decode(column: "name", as: String.self)
        var next =
            try await schema.sql.raw(
                "SELECT COALESCE(MAX(\(ident: column)), 0) + 1 AS next FROM \(ident: table)"
            ).first()?.decode(column: "next", as: Int.self) ?? 1
        if let sequenceName {
            // The sequence's own position: rows deleted at the end leave it past the highest id.
            let row = try await schema.sql.raw("SELECT last_value, is_called FROM \(unsafeRaw: sequenceName)").first()
            if let row {
                let last = try row.decode(column: "last_value", as: Int.self)
                next = max(next, try row.decode(column: "is_called", as: Bool.self) ? last + 1 : last)
            }
        }
        let target = "ALTER TABLE \(quoted(table)) ALTER COLUMN \(quoted(column))"
        try await schema.execute("\(target) DROP DEFAULT")
        // A sequence the column doesn't own may serve something else of the operator's: it stays.
        if let sequenceName, try sequence?.decode(column: "owned", as: Bool.self) == true {
            try await schema.execute("DROP SEQUENCE \(sequenceName)")
        }
        try await schema.execute("\(target) ADD GENERATED BY DEFAULT AS IDENTITY (START WITH \(next))")
    }

    private func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
}
