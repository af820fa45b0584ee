import FluentKit
import Schema

/// Adopting the original app's database: the seed's steps that are really there are recorded as applied, in a
/// batch of their own, and Fluent's migrator then applies the rest (the missing seed steps, adoption's
/// conversions, CreatorFlix's own) as it would on any database.
public enum Adoption {
    /// The batch the adopted steps are recorded in: below any the migrator gives (it starts at 1), so `migrate
    /// --revert` can tell a step that made the original's tables from one CreatorFlix applied.
    public static let batch = 0

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
}
