import DatabaseTestBed
import SQLKit
import Testing

@testable import App
@testable import Schema

/// The migrated schema is the seed's: its tables, columns, defaults, unique constraints and foreign keys, plus
/// our indexes and, on PostgreSQL, the enum CHECK constraints.
@Suite struct MigratedSchemaTests {
    @Test(arguments: DatabaseKind.underTest)
    func hasTheSeedsSixteenTablesAndOursAndNothingElse(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let tables = try await SchemaCatalogue(sql: app.sql, kind: kind).tableNames()
            #expect(tables == OurSchema.allTableNames)
            #expect(SeedSchema.tables.count == 16)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func columnsMatchTheSeedsTypesNullabilityAndDefaults(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let actual = try await SchemaCatalogue(sql: app.sql, kind: kind).columns()
            for (table, expectedColumns) in OurSchema.allColumns {
                let columns = try #require(actual[table], "table \(table) is missing")
                #expect(Set(columns.keys) == Set(expectedColumns.keys), "columns of \(table)")
                for (name, expected) in expectedColumns {
                    var expected = expected
                    if kind == .sqlite, expected.type == .json {
                        expected = .init(
                            type: .text, isNullable: expected.isNullable, defaultValue: expected.defaultValue)
                    }
                    #expect(columns[name] == expected, "\(table).\(name)")
                }
            }
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func keepsTheSeedsUniqueConstraints(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let uniques = try await SchemaCatalogue(sql: app.sql, kind: kind).uniqueColumnSets()
            #expect(uniques == SeedSchema.uniqueColumnSets.union(OurSchema.uniqueColumnSets))
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func keepsTheSeedsForeignKeysAndCascades(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let foreignKeys = try await SchemaCatalogue(sql: app.sql, kind: kind).foreignKeys()
            #expect(foreignKeys == SeedSchema.foreignKeys.union(OurSchema.foreignKeys))
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func everyForeignKeyColumnLeadsAnIndex(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let catalogue = SchemaCatalogue(sql: try app.sql, kind: kind)
            let indexes = try await catalogue.indexColumns()
            for foreignKey in try await catalogue.foreignKeys() {
                let leading = (indexes[foreignKey.table] ?? []).compactMap(\.first)
                #expect(
                    leading.contains(foreignKey.column), "no index leads with \(foreignKey.table).\(foreignKey.column)")
            }
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func theSeedsAccessPathsHaveIndexes(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let indexes = try await SchemaCatalogue(sql: app.sql, kind: kind).indexColumns()
            for path in SeedSchema.accessPathIndexes {
                let candidates = indexes[path.table] ?? []
                #expect(
                    candidates.contains { Array($0.prefix(path.leadingColumns.count)) == path.leadingColumns },
                    "no index on \(path.table) (\(path.leadingColumns.joined(separator: ", ")))")
            }
        }
    }

    @Test(.enabled(if: DatabaseKind.postgresIsUnderTest)) func postgresHoldsEveryEnumColumnToItsSwiftValues()
        async throws
    {
        try await withApp(.postgres) { app in
            let checks = try await SchemaCatalogue(sql: app.sql, kind: .postgres).checkConstraintNames()
            let ours =
                CreateAuthTables.authTokens.enumChecks + CreateWhitelabelSyncTables.reports.enumChecks
                + CreateSubscriptionAudits.audits.enumChecks + CreateEmailTables.outbox.enumChecks
                + CreateEmailTables.tokens.enumChecks + AddAutomaticRenewals.attempts.enumChecks
                + [AddRecurringPlans.billing]
            #expect(
                checks
                    == Set((CheckEnumValues.enumColumns + ours).map(\.constraintName))
                    .union(["plans_recurring_has_a_period_check"]))
            #expect(checks.count == 20)
        }
    }

    @Test(.enabled(if: DatabaseKind.postgresIsUnderTest)) func postgresRefusesARoleThatUserRoleDoesNotHave()
        async throws
    {
        try await withApp(.postgres) { app in
            let error = await #expect(throws: (any Error).self) {
                try await app.sql.raw("INSERT INTO users (email, password, role) VALUES ('a@b.co', 'x', 'owner')").run()
            }
            let violation = try #require(error.flatMap(DatabaseConstraintViolation.init))
            #expect(violation == DatabaseConstraintViolation(kind: .check, constraint: "users_role_check"))
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func databaseFillsTheSeedsDefaultsOnARawInsert(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            try await app.sql.raw("INSERT INTO users (email, password) VALUES ('raw@example.com', 'hash')").run()
            try await app.sql.raw("INSERT INTO ads (name, title, link) VALUES ('a', 't', 'https://example.com')").run()
            let user = try #require(try await User.query(on: app.db).first())
            #expect(user.role == .user)
            #expect(user.subscriptionStatus == UserSubscriptionStatus.none)
            #expect(abs(try #require(user.createdAt).timeIntervalSinceNow) < 60)
            let ad = try #require(try await Ad.query(on: app.db).first())
            #expect((ad.type, ad.placement, ad.status) == (.banner, .homeTop, .draft))
            #expect((ad.impressions, ad.clicks, ad.priority) == (0, 0, 0))
        }
    }
}
