import FluentKit
import SQLKit
import Schema

/// What `migrate` finds before it changes anything.
public enum DatabaseRecognition: Sendable {
    /// Nothing in it: migrated from the first step.
    case empty
    /// Migrated by CreatorFlix before: brought up to date.
    case creatorflix
    /// Made by the original app (its tables, its Drizzle journal): adopted if the inspection allows it.
    case original(OriginalInspection)
    /// Neither ours nor the original's (another app's tables, or another Fluent app's migrations): left alone.
    /// The text says what was found.
    case unrecognised(String)

    /// Reads the database's catalogue and, for the original's, inspects its rows. Changes nothing.
    public static func recognise(_ database: any Database, options: AdoptionOptions) async throws
        -> DatabaseRecognition
    {
        // SQLite was never the original's database, and a CreatorFlix SQLite file has Fluent's journal.
        guard let sql = database as? any SQLDatabase, sql.flavor == .postgres else { return .creatorflix }
        let live = try await LiveSchema.read(sql)
        if let journal = live.fluentJournal, !journal.isEmpty {
            let ours = Set(SchemaMigrations.all.map(\.name))
            let foreign = journal.filter { !ours.contains($0) }.sorted()
            guard foreign.isEmpty else {
                return .unrecognised(
                    "its _fluent_migrations records migrations that aren't CreatorFlix's ("
                        + foreign.prefix(5).joined(separator: ", ") + (foreign.count > 5 ? ", …" : "") + ")")
            }
            return .creatorflix
        }
        if live.tables.isEmpty, live.drizzleJournal == nil { return .empty }
        let inspection = try await OriginalInspection.inspect(live, on: sql, options: options)
        if inspection.presentSteps == 0, live.drizzleJournal == nil {
            let tables = live.tables.keys.sorted()
            return .unrecognised(
                "it holds tables that neither CreatorFlix nor the original app made ("
                    + tables.prefix(10).joined(separator: ", ") + (tables.count > 10 ? ", …" : "") + ")")
        }
        return .original(inspection)
    }
}

extension OriginalInspection {
    /// The report `migrate` prints: per step what it found, the operator's own tables and columns, what adoption
    /// converts, and why it can't go ahead, if it can't.
    public var report: String {
        var lines = ["This database was made by the original app (Drizzle Kit)."]
        switch journalSteps {
        case .some(let count): lines.append("Its journal, drizzle.__drizzle_migrations, records \(count) steps.")
        case .none: lines.append("It has no drizzle.__drizzle_migrations journal; it is recognised by its tables.")
        }
        lines.append("")
        lines.append("The original's steps:")
        for step in steps {
            switch step.state {
            case .present: lines.append("  ✓ \(step.name): there")
            case .absent: lines.append("  · \(step.name): not there; CreatorFlix applies it")
            case .drifted(let differences):
                lines.append("  ✗ \(step.name): differs")
                lines += differences.map { "      - \($0)" }
            }
        }
        if !extraTables.isEmpty || !extraColumns.isEmpty {
            lines.append("")
            lines.append("The operator's own, kept as they are:")
            lines += extraTables.map { "  table \($0)" }
            lines += extraColumns.map { "  column \($0)" }
        }
        if !conversions.isEmpty {
            lines.append("")
            lines.append("Adopting converts:")
            lines += conversions.map { "  \($0)" }
        }
        lines.append("")
        if isAdoptable {
            if conversions.contains(where: { $0.contains("gateway secret") }) {
                lines.append(
                    "After adopting, enter the gateway's webhook secret (Mercado Pago's \"assinatura secreta\") on the "
                        + "admin's gateway page: CreatorFlix checks every postback's signature, and takes none without it."
                )
            }
            lines.append(
                "Plan: record the \(presentSteps) steps that are there as applied, then apply the rest of the original's "
                    + "steps and CreatorFlix's, keeping every row.")
        } else {
            lines.append("It can't be adopted as it is, and was left untouched:")
            lines += problems.map { "  - \($0)" }
        }
        return lines.joined(separator: "\n")
    }
}
