import DatabaseTestBed
import Fluent
import Schema
import Testing

@testable import App

@Suite struct MigrateCommandTests {
    @Test(arguments: DatabaseKind.underTest)
    func migrateBuildsTheSchemaOnAnEmptyDatabaseAndRevertTakesItDown(_ kind: DatabaseKind) async throws {
        try await withApp(kind, migrated: false) { app in
            let catalogue = SchemaCatalogue(sql: try app.sql, kind: kind)

            try await app.runCommand("migrate", "--yes")
            #expect(try await catalogue.tableNames() == OurSchema.allTableNames)
            #expect(
                try await catalogue.uniqueColumnSets() == SeedSchema.uniqueColumnSets.union(OurSchema.uniqueColumnSets))

            try await app.runCommand("migrate", "--revert", "--yes")
            #expect(try await catalogue.tableNames() == [SchemaCatalogue.migrationLog])
        }
    }
}
