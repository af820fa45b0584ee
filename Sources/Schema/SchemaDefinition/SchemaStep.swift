import FluentKit
import SQLKit

/// One step of the schema's history. Each step is SQL rendered for the database's flavor and runs in one
/// transaction, so a step that fails halfway leaves nothing behind; `revert` undoes exactly what `prepare` did.
protocol SchemaStep: AsyncMigration {
    func forward(on schema: SchemaConnection) async throws
    func backward(on schema: SchemaConnection) async throws
}

extension SchemaStep {
    func prepare(on database: any Database) async throws {
        try await database.transaction { try await forward(on: SchemaConnection($0)) }
    }

    func revert(on database: any Database) async throws {
        try await database.transaction { try await backward(on: SchemaConnection($0)) }
    }
}

/// The database as a schema step sees it: raw SQL, and which flavor to write it in.
struct SchemaConnection: Sendable {
    let sql: any SQLDatabase
    let flavor: SQLFlavor

    init(_ database: any Database) throws {
        guard let sql = database as? any SQLDatabase else {
            throw UnsupportedDatabaseError(dialectName: "\(type(of: database)) (not an SQL database)")
        }
        self.sql = sql
        self.flavor = try SQLFlavor(sql)
    }

    func execute(_ statement: String) async throws {
        try await sql.execute(sql: SQLRaw(statement)) { _ in }
    }

    func create(_ tables: TableDefinition...) async throws {
        for table in tables { try await execute(table.createStatement(for: flavor)) }
    }

    /// Drops in the order given: list dependent tables before the tables they reference.
    func drop(_ tables: TableDefinition...) async throws {
        for table in tables { try await execute(table.dropStatement) }
    }

    func addColumn(_ column: ColumnDefinition, to table: String) async throws {
        try await execute("ALTER TABLE \(quoted(table)) ADD COLUMN \(column.definition(for: flavor))")
    }

    /// SQLite 3.35 and later drop a column in place, as long as no index or constraint names it.
    func dropColumn(_ column: String, from table: String) async throws {
        if flavor == .sqlite {
            // ALTER TABLE is checked against the connection's cached schema. When another pooled connection added
            // the column, that cache can still lack it ("no such column"); reading the schema table first makes
            // SQLite notice the change and reload it.
            try await execute("SELECT count(*) FROM sqlite_master")
        }
        try await execute("ALTER TABLE \(quoted(table)) DROP COLUMN \(quoted(column))")
    }

    /// PostgreSQL only: SQLite can't add a constraint to an existing table.
    func addCheck(_ check: CheckEnumValues.EnumColumn) async throws {
        try await execute("ALTER TABLE \(quoted(check.table)) ADD \(check.constraintClause)")
    }

    func dropCheck(_ check: CheckEnumValues.EnumColumn) async throws {
        try await execute(
            "ALTER TABLE \(quoted(check.table)) DROP CONSTRAINT IF EXISTS \(quoted(check.constraintName))")
    }

    /// Holds a table's enum columns to their Swift values again, after a case was added to one. PostgreSQL
    /// remakes each CHECK in place. SQLite can't alter a CHECK, so the table is rebuilt under its own name, as
    /// https://sqlite.org/lang_altertable.html prescribes: the old one renamed aside, the new one made from
    /// `table` (which must list every column the table has now), the rows copied, the old one dropped and
    /// `indexes` (the table's own) made again. No other table may reference it.
    func remakeEnumChecks(of table: TableDefinition, indexes: [IndexDefinition]) async throws {
        guard flavor == .sqlite else {
            for check in table.enumChecks {
                try await dropCheck(check)
                try await addCheck(check)
            }
            return
        }
        let aside = quoted(table.name + "__before_checks")
        let columns = table.columns.map { quoted($0.name) }.joined(separator: ", ")
        try await execute("ALTER TABLE \(quoted(table.name)) RENAME TO \(aside)")
        try await create(table)
        try await execute("INSERT INTO \(quoted(table.name)) (\(columns)) SELECT \(columns) FROM \(aside)")
        try await execute("DROP TABLE \(aside)")
        try await create(indexes.filter { $0.table == table.name })
    }

    func create(_ indexes: [IndexDefinition]) async throws {
        for index in indexes { try await execute(index.createStatement) }
    }

    func drop(_ indexes: [IndexDefinition]) async throws {
        for index in indexes.reversed() { try await execute(index.dropStatement) }
    }
}

/// A schema step found the database in a state it can't safely change.
struct SchemaStepError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
