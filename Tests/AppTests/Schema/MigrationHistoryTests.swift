import DatabaseTestBed
import FluentKit
import Foundation
import SQLKit
import Schema
import Testing

@testable import App
@testable import Schema

/// The migrations follow the seed's twelve steps, then ours, and every step reverts.
@Suite struct MigrationHistoryTests {
    @Test func followsTheSeedsTwelveStepsThenOurs() {
        let names = SchemaMigrations.all.map(\.name)
        #expect(
            Array(names.prefix(12)) == [
                "0000_special_white_queen", "0001_chunky_thunderbolts", "0002_sparkling_madripoor",
                "0003_deep_thunderbird", "0004_mixed_vermin", "0005_furry_catseye", "0006_overconfident_titania",
                "0007_orange_toad_men", "0008_stiff_toro", "0009_order_bumps", "0010_ads_table", "0011_ads_tracking",
            ])
        #expect(Array(names[12..<14]) == ["adopt_original_column_types", "adopt_sealed_gateway_secrets"])
        // Ours are numbered; adoption's, which change nothing on a database that isn't the original's, are named.
        #expect(names.dropFirst(14).allSatisfy { Int($0.prefix(4)).map { $0 >= 12 } ?? $0.hasPrefix("adopt_") })
        #expect(Set(names).count == names.count)
    }

    @Test(arguments: DatabaseKind.underTest)
    func everyStepRevertsToAnEmptyDatabaseAndReapplies(_ kind: DatabaseKind) async throws {
        try await withApp(kind, migrated: false) { app in
            let catalogue = SchemaCatalogue(sql: try app.sql, kind: kind)
            try await app.autoMigrate()
            let migrated = try await catalogue.columns()

            try await app.autoRevert()
            #expect(try await catalogue.tableNames() == ["_fluent_migrations"])
            #expect(try await catalogue.indexColumns().isEmpty)

            try await app.autoMigrate()
            #expect(try await catalogue.columns() == migrated)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func eachStepRevertsOnItsOwn(_ kind: DatabaseKind) async throws {
        try await withApp(kind, migrated: false) { app in
            let catalogue = SchemaCatalogue(sql: try app.sql, kind: kind)
            let steps = SchemaMigrations.all
            var snapshots: [[String: [String: SeedSchema.Column]]] = []
            for step in steps {
                snapshots.append(try await catalogue.columns())
                try await step.prepare(on: app.db).get()
            }
            for (step, before) in zip(steps, snapshots).reversed() {
                try await step.revert(on: app.db).get()
                #expect(try await catalogue.columns() == before, "reverting \(step.name)")
            }
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func planDurationStepKeepsExistingPlansAndTheirSubscriptions(_ kind: DatabaseKind) async throws {
        try await withApp(kind, migrated: false) { app in
            let sql = try app.sql
            try await CreateInitialSchema().prepare(on: app.db)
            try await CreateSubscriptions().prepare(on: app.db)
            try await sql.raw("INSERT INTO plans (id, name, price) VALUES (7, 'Mensal', 2990)").run()
            try await sql.raw("INSERT INTO users (id, email, password) VALUES (3, 'a@b.co', 'x')").run()
            try await sql.raw("INSERT INTO subscriptions (user_id, plan_id) VALUES (3, 7)").run()

            try await AddPlanDuration().prepare(on: app.db)

            let row = try #require(try await sql.raw("SELECT id, name, duration FROM plans").first())
            #expect(try row.decode(column: "id", as: Int.self) == 7)
            #expect(try row.decode(column: "duration", as: Int.self) == AddPlanDuration.existingPlansDuration)
            let joined = try await sql.raw(
                "SELECT p.name FROM subscriptions s JOIN plans p ON p.id = s.plan_id"
            ).first(decodingColumn: "name", as: String.self)
            #expect(joined == "Mensal")
            // The foreign key still guards plans after the rebuild.
            await #expect(throws: (any Error).self) { try await sql.raw("DELETE FROM plans WHERE id = 7").run() }
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func catalogueReadColumnsStepCountsAndFoldsExistingRows(_ kind: DatabaseKind) async throws {
        try await withApp(kind, migrated: false) { app in
            // setup: the history up to 0016, with a creator, two posts and a whitelabel model already there
            let sql = try app.sql
            let steps = SchemaMigrations.all
            let catalogueStep = try #require(steps.firstIndex { $0 is AddCatalogueReadColumns })
            for step in steps[..<catalogueStep] { try await step.prepare(on: app.db).get() }
            try await sql.raw("INSERT INTO models (id, name) VALUES (5, 'Júlia Ação')").run()
            try await sql.raw(
                "INSERT INTO posts (model_id, content_url, type) VALUES (5, 'https://x.example/1.jpg', 'image')"
            ).run()
            try await sql.raw(
                "INSERT INTO posts (model_id, content_url, type) VALUES (5, 'https://x.example/2.jpg', 'image')"
            ).run()
            try await sql.raw("INSERT INTO whitelabel_models (folder_name) VALUES ('ÉLLEN')").run()

            // MUT
            try await AddCatalogueReadColumns().prepare(on: app.db)

            // validate
            let model = try #require(
                try await sql.raw("SELECT post_count, search_name FROM models WHERE id = 5").first())
            #expect(try model.decode(column: "post_count", as: Int.self) == 2)
            #expect(try model.decode(column: "search_name", as: String.self) == "julia acao")
            let whitelabel = try await sql.raw("SELECT search_name FROM whitelabel_models").first(
                decodingColumn: "search_name", as: String.self)
            #expect(whitelabel == "ellen")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func automaticRenewalsStepKeepsTheOutboxAndAllowsItsNewKind(_ kind: DatabaseKind) async throws {
        try await withApp(kind, migrated: false) { app in
            // setup: the history before 0031, with a queued message, and on PostgreSQL the kind CHECK as it was made
            // before `renewal_declined` existed
            let sql = try app.sql
            let steps = SchemaMigrations.all
            let renewalsStep = try #require(steps.firstIndex { $0 is AddAutomaticRenewals })
            for step in steps[..<renewalsStep] { try await step.prepare(on: app.db).get() }
            try await sql.raw("INSERT INTO users (id, email, password) VALUES (3, 'a@b.co', 'x')").run()
            let insert = { (kind: String, messageID: String) in
                try await sql.raw(
                    """
                    INSERT INTO email_outbox (kind, user_id, to_address, language, subject, text_body, html_body, message_id)
                    VALUES (\(bind: kind), 3, 'a@b.co', 'pt-BR', 'Assunto', 'texto', '<p>html</p>', \(bind: messageID))
                    """
                ).run()
            }
            try await insert("receipt", "<1@loja>")
            if kind == .postgres {
                let before = MailKind.allCases.filter { $0 != .renewalDeclined }.map { "'\($0.rawValue)'" }
                try await sql.raw("ALTER TABLE email_outbox DROP CONSTRAINT email_outbox_kind_check").run()
                try await sql.raw(
                    "ALTER TABLE email_outbox ADD CONSTRAINT email_outbox_kind_check CHECK (kind IN (\(unsafeRaw: before.joined(separator: ", "))))"
                ).run()
                await #expect(throws: (any Error).self) { try await insert("renewal_declined", "<old@loja>") }
            }
            let indexesBefore = try await SchemaCatalogue(sql: sql, kind: kind).indexColumns()["email_outbox"]

            // MUT
            try await AddAutomaticRenewals().prepare(on: app.db)

            // validate: the row is kept, the new kind goes in, another is refused, the indexes and the key remain
            try await insert("renewal_declined", "<2@loja>")
            await #expect(throws: (any Error).self) { try await insert("not_a_kind", "<3@loja>") }
            let kinds = try await sql.raw("SELECT kind FROM email_outbox ORDER BY id").all()
                .map { try $0.decode(column: "kind", as: String.self) }
            #expect(kinds == ["receipt", "renewal_declined"])
            #expect(
                try await SchemaCatalogue(sql: sql, kind: kind).indexColumns()["email_outbox"]?.sorted {
                    "\($0)" < "\($1)"
                }
                    == indexesBefore?.sorted { "\($0)" < "\($1)" })
            try await sql.raw("DELETE FROM users WHERE id = 3").run()
            #expect(
                try await sql.raw("SELECT COUNT(*) AS n FROM email_outbox").first(decodingColumn: "n", as: Int.self)
                    == 0,
                "a deleted account still takes its mail")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func placementCountsStepCountsInTheEventsStoredBefore(_ kind: DatabaseKind) async throws {
        try await withApp(kind, migrated: false) { app in
            // setup: the history up to 0024, with raw events either side of a São Paulo midnight and a rolled-up day
            let sql = try app.sql
            let steps = SchemaMigrations.all
            let placementStep = try #require(steps.firstIndex { $0 is CreateAdPlacementDailyCounts })
            for step in steps[..<placementStep] { try await step.prepare(on: app.db).get() }
            try await sql.raw(
                "INSERT INTO ads (id, name, type, placement, title, link) VALUES (3, 'A', 'spot', 'sidebar', 'A', 'https://a.example')"
            ).run()
            let formatter = ISO8601DateFormatter()
            for (table, at) in [
                ("impressions", "2026-11-25T02:30:00Z"), ("impressions", "2026-11-25T12:00:00Z"),
                ("clicks", "2026-11-25T12:01:00Z"),
            ] {
                try await sql.raw(
                    """
                    INSERT INTO \(unsafeRaw: table) (ad_id, placement, created_at) VALUES (3, 'sidebar', \(bind: formatter.date(from: at)!))
                    """
                ).run()
            }
            try await sql.raw(
                "INSERT INTO ad_daily_counts (ad_id, placement, day, impressions, clicks) VALUES (3, 'sidebar', '2026-11-25', 10, 2)"
            ).run()

            // MUT
            try await CreateAdPlacementDailyCounts().prepare(on: app.db)

            // validate: by São Paulo day; serves unknown
            let rows = try await sql.raw(
                "SELECT day, serves, impressions, clicks FROM ad_placement_daily_counts WHERE placement = 'sidebar' ORDER BY day"
            ).all()
            let days = try rows.map {
                [
                    try $0.decode(column: "day", as: String.self),
                    String(try $0.decode(column: "serves", as: Int.self)),
                    String(try $0.decode(column: "impressions", as: Int.self)),
                    String(try $0.decode(column: "clicks", as: Int.self)),
                ]
            }
            #expect(days == [["2026-11-24", "0", "1", "0"], ["2026-11-25", "0", "11", "3"]])
        }
    }
}
