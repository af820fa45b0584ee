import FluentKit

/// Seed step 0002 (`0002_sparkling_madripoor`): `plans.duration`, in days, NOT NULL with no default.
///
/// Plans that exist before this step get 30 days, a monthly plan, since a NOT NULL column needs a value.
/// PostgreSQL adds the column with that default and then drops the default. SQLite can't add a NOT NULL
/// column without a default, so there the table is rebuilt, as https://sqlite.org/lang_altertable.html
/// prescribes: with foreign keys off, create the new table, copy, drop the old one, rename, check the keys.
struct AddPlanDuration: SchemaStep {
    var name: String { "0002_sparkling_madripoor" }

    static let existingPlansDuration = 30

    func prepare(on database: any Database) async throws {
        try await database.withConnection { connection in
            let schema = try SchemaConnection(connection)
            guard schema.flavor == .sqlite else {
                return try await connection.transaction { try await forward(on: SchemaConnection($0)) }
            }
            // The pragma is a no-op inside a transaction, so it brackets the transaction on this one connection.
            try await schema.execute("PRAGMA foreign_keys = OFF")
            do {
                try await connection.transaction { try await forward(on: SchemaConnection($0)) }
            } catch {
                try await schema.execute("PRAGMA foreign_keys = ON")
                throw error
            }
            try await schema.execute("PRAGMA foreign_keys = ON")
        }
    }

    func forward(on schema: SchemaConnection) async throws {
        switch schema.flavor {
        case .postgres:
            try await schema.execute(
                "ALTER TABLE plans ADD COLUMN duration integer NOT NULL DEFAULT \(Self.existingPlansDuration)")
            try await schema.execute("ALTER TABLE plans ALTER COLUMN duration DROP DEFAULT")
        case .sqlite:
            let old = CreateInitialSchema.plans
            let rebuilt = TableDefinition(
                name: "plans__rebuilt", columns: old.columns + [.integer("duration", notNull: true)])
            let copied = old.columns.map { quoted($0.name) }.joined(separator: ", ")
            try await schema.create(rebuilt)
            try await schema.execute(
                "INSERT INTO plans__rebuilt (\(copied), duration) SELECT \(copied), \(Self.existingPlansDuration) FROM plans"
            )
            try await schema.execute("DROP TABLE plans")
            try await schema.execute("ALTER TABLE plans__rebuilt RENAME TO plans")
            let violations = try await schema.sql.raw("PRAGMA foreign_key_check").all()
            guard violations.isEmpty else {
                throw SchemaStepError("rebuilding plans left \(violations.count) rows with broken foreign keys")
            }
        }
    }

    func backward(on schema: SchemaConnection) async throws {
        try await schema.dropColumn("duration", from: "plans")
    }
}
