import FluentKit
import SQLKit
import Schema

/// Adopting the original app's database: the seed's steps that are really there are recorded as applied, in a
/// batch of their own, and Fluent's migrator then applies the rest (the missing seed steps, adoption's
/// conversions, CreatorFlix's own) as it would on any database.
public enum Adoption {
    /// The batch the adopted steps are recorded in (`AdoptionOptions.adoptedBatch`).
    public static let batch = AdoptionOptions.adoptedBatch

    /// Records the first `inspection.presentSteps` seed steps as applied, in one transaction. Fluent's migration
    /// table must exist (`Migrator.setupIfNeeded`).
    public static func recordPresentSteps(_ inspection: OriginalInspection, on database: any Database) async throws {
        try await database.transaction { transaction in
            for step in SeedHistory.steps.prefix(inspection.presentSteps) {
                try await MigrationLog(name: step.name, batch: batch).create(on: transaction)
            }
        }
    }

    /// The steps adoption recorded: the ones whose tables the original app's database brought.
    public static func adoptedSteps(on database: any Database) async throws -> [String] {
        try await MigrationLog.query(on: database).filter(\.$batch == batch).all().map(\.name)
    }

    /// Takes every table of the original's that is there for this transaction alone: a running original app can
    /// neither write a row nor take an id while its tables change hands. SQLite has nothing to adopt.
    public static func lockOriginalTables(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase, sql.flavor == .postgres else { return }
        let names = SeedHistory.tables(afterSteps: SeedHistory.steps.count).map(\.name)
        let present = try await sql.raw(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN (\(binds: names))"
        ).all().map { try $0.decode(column: "table_name", as: String.self) }
        guard !present.isEmpty else { return }
        // A session still using the tables (the original app, a psql left open) would make adoption wait
        // unseen; past this it gives up, and the transaction rolls back.
        try await sql.raw("SET LOCAL lock_timeout = '15s'").run()
        do {
            try await sql.raw(
                "LOCK TABLE \(unsafeRaw: present.sorted().map { "\"\($0)\"" }.joined(separator: ", ")) IN ACCESS EXCLUSIVE MODE"
            ).run()
        } catch {
            throw AdoptionStepFailure(step: "Locking the original's tables", error: error)
        }
    }

    /// Whether Fluent's `_fluent_migrations` is there: without it, nothing was ever migrated, or reverted.
    public static func hasFluentJournal(on database: any Database) async throws -> Bool {
        guard let sql = database as? any SQLDatabase else { return true }
        if sql.flavor != .postgres {
            return try await sql.raw("SELECT count(*) AS n FROM sqlite_master WHERE name = '_fluent_migrations'")
                .first()?.decode(column: "n", as: Int.self) ?? 0 > 0
        }
        return try await sql.raw("SELECT to_regclass('public._fluent_migrations') IS NOT NULL AS present").first()?
            .decode(column: "present", as: Bool.self) ?? false
    }
}

extension Adoption {
    /// The enumerated columns holding a value outside CreatorFlix's sets, on a database adoption made: the ones
    /// `--keep-values` kept, so that step 0013, applied again after a revert, leaves them without a CHECK again.
    /// Empty on any other database, where such a value is a fault that 0013's CHECK should stop on.
    public static func columnsHoldingKeptValues(on database: any Database) async throws -> Set<String> {
        guard let sql = database as? any SQLDatabase, sql.flavor == .postgres,
            try await hasFluentJournal(on: database), try await !adoptedSteps(on: database).isEmpty
        else { return [] }
        var kept: Set<String> = []
        for check in CheckedEnumColumn.all where check.whyItMustBeMapped == nil {
            // A table the revert dropped (one adoption created) holds nothing.
            let present = try await sql.raw("SELECT to_regclass(\(bind: check.table)) IS NOT NULL AS present").first()?
                .decode(column: "present", as: Bool.self)
            guard present == true else { continue }
            let holds = try await sql.raw(
                """
                SELECT EXISTS (SELECT 1 FROM \(ident: check.table) WHERE \(ident: check.column) IS NOT NULL
                    AND \(ident: check.column)::text NOT IN (\(binds: check.allowed))) AS holds
                """
            ).first()?.decode(column: "holds", as: Bool.self)
            if holds == true { kept.insert(check.path) }
        }
        return kept
    }
}
