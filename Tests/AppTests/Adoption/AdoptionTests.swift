import Accounts
import Adoption
import Ads
import Commerce
import DatabaseTestBed
import Fluent
import Foundation
import Payments
import SQLKit
import Schema
import Testing
import Vapor
import VaporTesting

@testable import App

/// `migrate` on the original TypeScript app's PostgreSQL (`OriginalAppFixture`): recognised step by step,
/// adopted in place with every row kept, and refused, untouched, when it differs.
@Suite(.enabled(if: DatabaseKind.postgresIsUnderTest)) struct AdoptionTests {
    /// The fixture's tables, as the original left them: columns, and each table's rows.
    static func originalRows(_ sql: any SQLDatabase) async throws -> [String: DatabaseFingerprint.Rows] {
        var rows: [String: DatabaseFingerprint.Rows] = [:]
        for (table, columns) in try await DatabaseFingerprint.columns(sql) {
            rows[table] = try await DatabaseFingerprint.rows(of: table, columns: columns.map(\.name), on: sql)
        }
        return rows
    }

    /// The same tables and columns, read again after adoption.
    static func rows(
        like original: [String: DatabaseFingerprint.Rows], columnsOf before: [String: [String]],
        _ sql: any SQLDatabase
    ) async throws -> [String: DatabaseFingerprint.Rows] {
        var rows: [String: DatabaseFingerprint.Rows] = [:]
        for table in original.keys {
            rows[table] = try await DatabaseFingerprint.rows(of: table, columns: before[table] ?? [], on: sql)
        }
        return rows
    }

    static func withOriginal(steps: Int, _ body: (Application, any SQLDatabase) async throws -> Void) async throws {
        try await withApp(.postgres, migrated: false) { app in
            try await OriginalAppFixture.load(steps: steps, on: app.db)
            try await body(app, try #require(app.db as? any SQLDatabase))
        }
    }

    @Test(arguments: [12, 8])
    func anOriginalDatabaseIsAdoptedWithEveryRowKept(steps: Int) async throws {
        try await Self.withOriginal(steps: steps) { app, sql in
            // setup: every column but the gateway's secret, which is sealed (`theGatewaySecretIsSealed…`), and its
            // postback URL, the original's address, which is cleared (`anAdoptedGatewayPostsBack…`)
            var columnsBefore = try await DatabaseFingerprint.columns(sql).mapValues { $0.map(\.name) }
            columnsBefore["payment_gateways"]?.removeAll { $0 == "secret_key" || $0 == "postback_url" }
            let before = try await Self.rows(like: Self.originalRows(sql), columnsOf: columnsBefore, sql)

            // MUT
            try await app.runCommand("migrate", "--yes")

            // validate: every table of the original's keeps its rows, value for value
            let after = try await Self.rows(like: before, columnsOf: columnsBefore, sql)
            #expect(after == before)
            let log = try await MigrationLog.query(on: app.db).all()
            #expect(log.filter { $0.batch == Adoption.batch }.count == steps, "the steps that were there, as adopted")
            #expect(Set(log.map(\.name)) == Set(SchemaMigrations.all.map(\.name)))
        }
    }

    @Test(arguments: [12, 8])
    func anAdoptedDatabaseHasTheSchemaOfAFreshOne(steps: Int) async throws {
        try await Self.withOriginal(steps: steps) { app, sql in
            try await app.runCommand("migrate", "--yes")
            let adopted = try await DatabaseFingerprint.schemaLines(sql)
            try await withApp(.postgres) { fresh in
                let freshSchema = try await DatabaseFingerprint.schemaLines(try #require(fresh.db as? any SQLDatabase))
                #expect(adopted.filter { !freshSchema.contains($0) } == [], "only in the adopted database")
                #expect(freshSchema.filter { !adopted.contains($0) } == [], "only in a fresh database")
            }
        }
    }

    @Test func newRowsContinueAfterTheOriginalsHighestIdsAndTimestampsKeepTheirInstant() async throws {
        try await Self.withOriginal(steps: 12) { app, sql in
            // setup
            let highest = try await sql.raw("SELECT max(id) AS id FROM users").first()?.decode(
                column: "id", as: Int.self)
            try await sql.raw("DELETE FROM impressions WHERE id > 9990").run()

            // MUT
            try await app.runCommand("migrate", "--yes")

            // validate
            let user = User(name: "Nova", email: "nova@exemplo.com.br", passwordHash: "x")
            try await user.create(on: app.db)
            #expect(try user.requireID() > (highest ?? .max))
            let impression = try await sql.raw(
                "INSERT INTO impressions (ad_id, placement) VALUES (1, 'home_top') RETURNING id"
            ).first()?.decode(column: "id", as: Int.self)
            #expect(impression == 10_001, "after the old sequence, not reusing the deleted rows' ids")
            let created = try await sql.raw(
                "SELECT extract(epoch from created_at)::bigint AS epoch FROM users WHERE email = 'admin@exemplo.com.br'"
            ).first()?.decode(column: "epoch", as: Int64.self)
            #expect(created == 1_736_942_400, "2025-01-15 12:00:00, read as UTC")
        }
    }

    @Test func anIdFromASequenceTheColumnDoesNotOwnContinuesAfterItAndTheSequenceStays() async throws {
        try await Self.withOriginal(steps: 12) { app, sql in
            // setup: clicks draw from a sequence made by hand, ahead of their highest id, owned by no column
            try await sql.raw("CREATE SEQUENCE numeracao START 5000").run()
            try await sql.raw("SELECT nextval('numeracao')").run()
            try await sql.raw("ALTER TABLE clicks ALTER COLUMN id SET DEFAULT nextval('numeracao')").run()
            try await sql.raw("DROP SEQUENCE clicks_id_seq").run()

            try await app.runCommand("migrate", "--yes")

            let click = try await sql.raw(
                "INSERT INTO clicks (ad_id, placement) VALUES (1, 'home_top') RETURNING id"
            ).first()?.decode(column: "id", as: Int.self)
            #expect(click == 5_001, "after the sequence's position, not the highest id")
            let kept = try await sql.raw("SELECT to_regclass('numeracao') IS NOT NULL AS kept").first()?
                .decode(column: "kept", as: Bool.self)
            #expect(kept == true, "a sequence the column didn't own may serve something else")
        }
    }

    @Test func theSourceTimeZoneIsHowZonelessTimesAreRead() async throws {
        try await Self.withOriginal(steps: 12) { app, sql in
            try await app.runCommand("migrate", "--source-time-zone", "America/Sao_Paulo", "--yes")
            let created = try await sql.raw(
                "SELECT extract(epoch from created_at)::bigint AS epoch FROM users WHERE email = 'admin@exemplo.com.br'"
            ).first()?.decode(column: "epoch", as: Int.self)
            #expect(created == 1_736_953_200, "12:00 in São Paulo is 15:00 UTC")
        }
    }

    @Test func theGatewaySecretIsSealedAndOpensToTheOriginal() async throws {
        try await Self.withOriginal(steps: 12) { app, sql in
            try await app.runCommand("migrate", "--yes")
            let stored = try #require(
                try await sql.raw("SELECT secret_key FROM payment_gateways WHERE name = 'mercadopago'").first()?
                    .decode(column: "secret_key", as: String.self))
            #expect(stored.hasPrefix(SecretBox.prefix))
            #expect(!stored.contains("APP_USR-1234567890123456"))
            let opened = try SecretBox(appSecret: app.configuration.appSecret).open(stored)
            #expect(opened == "APP_USR-1234567890123456-112233-0123456789abcdef0123456789abcdef-123456789")
        }
    }

    @Test func checkoutsWithAChargeAreNamedForTheOneActiveGateway() async throws {
        try await Self.withOriginal(steps: 12) { app, sql in
            try await app.runCommand("migrate", "--yes")
            let named = try await sql.raw(
                "SELECT external_id, gateway FROM checkouts ORDER BY id"
            ).all().map {
                (
                    try $0.decode(column: "external_id", as: String?.self),
                    try $0.decode(column: "gateway", as: String?.self)
                )
            }
            #expect(
                named.map(\.1) == ["mercadopago", "mercadopago", nil, "mercadopago"], "the abandoned one has no charge")
            let pending = try #require(
                try await Checkout.query(on: app.db).filter(\.$externalID == "1319993001").first())
            #expect(pending.status == .pending && pending.gateway == "mercadopago")
        }
    }

    @Test func aPendingCheckoutOfTheOriginalsIsPaidByItsPostbackAfterAdoption() async throws {
        let standIn = try await MercadoPagoStandIn.start()
        do {
            try await withApp(.postgres, migrated: false, configuration: { $0.mercadoPagoAPIURL = standIn.baseURL }) {
                app in
                // setup: the original kept the access token in clear (one the stand-in knows); adoption seals it
                try await OriginalAppFixture.load(steps: 12, on: app.db)
                let sql = try #require(app.db as? any SQLDatabase)
                try await sql.raw("UPDATE payment_gateways SET secret_key = \(bind: MercadoPagoStandIn.accessToken)")
                    .run()
                try await app.runCommand("migrate", "--yes")
                // The admin enters the webhook secret and leaves the adopted access token as it is (blank keeps it).
                let gateway = try #require(try await PaymentGateway.query(on: app.db).first())
                try await GatewayAdministration.save(
                    .init(
                        provider: "mercadopago", publicKey: "APP_USR-1a2b3c4d-public", secretKey: "",
                        webhookSecret: MercadoPagoStandIn.webhookSecret, isActive: true),
                    into: gateway, appSecret: app.configuration.appSecret, siteAddress: "https://exemplo.com.br",
                    on: app.db)
                // Lúcia pays the Pix the original app asked Mercado Pago for.
                standIn.addPayment(
                    .init(id: 1_319_993_001, status: "approved", amount: 29.90, reference: nil, qrCode: nil))

                // MUT
                let response = try await MercadoPagoTests.notify(app, standIn, paymentID: 1_319_993_001)

                // validate: fetched with the sealed token, then applied
                #expect(response.status == .ok)
                #expect(standIn.requests.contains { $0.method == "GET" && $0.path == "/v1/payments/1319993001" })
                let checkout = try #require(
                    try await Checkout.query(on: app.db).filter(\.$externalID == "1319993001").first())
                #expect(checkout.status == .paid)
                let lucia = try #require(
                    try await User.query(on: app.db).filter(\.$email == "lucia@exemplo.com.br").first())
                let active = try await Subscription.query(on: app.db).filter(\.$user.$id == lucia.requireID())
                    .filter(\.$status == .active).count()
                #expect(active == 1)
            }
        } catch {
            try? await standIn.stop()
            throw error
        }
        try await standIn.stop()
    }

    @Test func theAdsCountersStillEqualTheirRows() async throws {
        try await Self.withOriginal(steps: 12) { app, sql in
            try await app.runCommand("migrate", "--yes")
            let mismatched = try await sql.raw(
                """
                SELECT count(*) AS n FROM ads WHERE impressions <> (SELECT count(*) FROM impressions WHERE ad_id = ads.id)
                  OR clicks <> (SELECT count(*) FROM clicks WHERE ad_id = ads.id)
                """
            ).first()?.decode(column: "n", as: Int.self)
            #expect(mismatched == 0)
        }
    }

    @Test func aMemberSignsInWithThePasswordTheOriginalHashed() async throws {
        try await Self.withOriginal(steps: 12) { app, _ in
            try await app.runCommand("migrate", "--yes")
            for (email, password) in [
                ("joana@exemplo.com.br", "senha-da-joana"), ("joao@exemplo.com.br", "senha-do-joao"),
                ("lucia@exemplo.com.br", "senha-da-lucia"), ("admin@exemplo.com.br", "senha-do-admin"),
            ] {
                try await app.testing().test(
                    .POST, "/api/v1/auth/login",
                    beforeRequest: { try $0.content.encode(["email": email, "password": password]) },
                    afterResponse: { #expect($0.status == .ok, "\(email)") })
            }
        }
    }

    @Test func theFirstSignInMakesTheHashAgainAtOurCost() async throws {
        try await Self.withOriginal(steps: 12) { app, sql in
            try await app.runCommand("migrate", "--yes")
            try await app.testing().test(
                .POST, "/api/v1/auth/login",
                beforeRequest: {
                    try $0.content.encode(["email": "joana@exemplo.com.br", "password": "senha-da-joana"])
                },
                afterResponse: { #expect($0.status == .ok) })
            let stored = try #require(
                try await User.query(on: app.db).filter(\.$email == "joana@exemplo.com.br").first()?.passwordHash)
            #expect(stored.hasPrefix(String(format: "$2b$%02d$", app.configuration.bcryptCost)))
            #expect(try await app.password.async.verify("senha-da-joana", created: stored))
        }
    }

    @Test func anUnreadableHashMakesSignInSendTheResetLink() async throws {
        try await Self.withOriginal(steps: 12) { app, _ in
            try await app.runCommand("migrate", "--yes")
            try await app.testing().test(
                .POST, "/api/v1/auth/login",
                beforeRequest: { try $0.content.encode(["email": "antigo@exemplo.com.br", "password": "qualquer"]) },
                afterResponse: { response in
                    #expect(response.status == .unauthorized)
                    #expect(response.body.string.contains("needs a new password"), "the API's default language")
                })
            let resets = try await OutboxMessage.query(on: app.db).filter(\.$kind == .passwordReset)
                .filter(\.$toAddress == "antigo@exemplo.com.br").count()
            #expect(resets == 1)
        }
    }

    @Test func theSignInPageSaysAnUnreadableHashNeedsANewPassword() async throws {
        try await Self.withOriginal(steps: 12) { app, _ in
            try await app.runCommand("migrate", "--yes")
            var browser = TestBrowser(app)
            let page = try await browser.submit(
                SiteURL.signIn.path, ["email": "antigo@exemplo.com.br", "password": "qualquer-uma"])
            #expect(page.status == .unauthorized)
            #expect(page.text.contains("precisa de uma nova senha"), "the site's language, pt-BR")
            #expect(page.text.contains("antigo@exemplo.com.br"), "the e-mail stays in the form")
        }
    }

    @Test func anActiveSubscriberSeesTheMediaAndAnExpiredOneDoesNot() async throws {
        try await Self.withOriginal(steps: 12) { app, _ in
            try await app.runCommand("migrate", "--yes")
            // Post 5 is a video (`rows-first-eight-steps.sql`): its player is there only for those who may watch.
            for (email, password, watches) in [
                ("joana@exemplo.com.br", "senha-da-joana", true), ("joao@exemplo.com.br", "senha-do-joao", false),
            ] {
                var browser = TestBrowser(app)
                try await browser.signIn(email, password)
                let page = try await browser.get(SiteURL.creatorPost(5).path)
                #expect(page.status == .ok)
                #expect(page.text.contains("<video") == watches, "\(email)")
            }
        }
    }

    @Test func theOperatorsOwnTablesAndColumnsAreKeptAndReported() async throws {
        try await Self.withOriginal(steps: 12) { app, sql in
            // setup
            try await sql.raw("ALTER TABLE users ADD COLUMN apelido text").run()
            try await sql.raw("UPDATE users SET apelido = 'Jô' WHERE email = 'joana@exemplo.com.br'").run()
            try await sql.raw("CREATE TABLE cupons (codigo text PRIMARY KEY, desconto integer, criado timestamp)").run()
            try await sql.raw("INSERT INTO cupons VALUES ('VERAO20', 20, '2025-01-01 10:00:00')").run()
            let cupons = try await DatabaseFingerprint.take(sql).rows["public.cupons"]
            guard case .original(let inspection) = try await DatabaseRecognition.recognise(app.db, options: .init())
            else {
                Issue.record("not recognised")
                return
            }

            // MUT
            try await app.runCommand("migrate", "--yes")

            // validate: reported, then kept as they were, types included
            #expect(inspection.extraTables == ["cupons"] && inspection.extraColumns == ["users.apelido"])
            #expect(inspection.report.contains("table cupons") && inspection.report.contains("column users.apelido"))
            let after = try await DatabaseFingerprint.take(sql)
            #expect(after.rows["public.cupons"] == cupons)
            #expect(
                after.schema.contains("cupons.criado timestamp without time zone nullable=YES default=- identity=NO"))
            let nickname = try await sql.raw("SELECT apelido FROM users WHERE email = 'joana@exemplo.com.br'").first()?
                .decode(column: "apelido", as: String.self)
            #expect(nickname == "Jô")
        }
    }

    @Test func aDryRunPrintsThePlanAndChangesNothing() async throws {
        try await Self.withOriginal(steps: 8) { app, sql in
            let before = try await DatabaseFingerprint.take(sql)
            let recognition = try await DatabaseRecognition.recognise(app.db, options: .init())
            guard case .original(let inspection) = recognition else {
                Issue.record("not recognised as the original's: \(recognition)")
                return
            }
            #expect(inspection.isAdoptable)
            #expect(inspection.presentSteps == 8 && inspection.journalSteps == 8)
            #expect(inspection.report.contains("✓ 0007_orange_toad_men: there"))
            #expect(inspection.report.contains("· 0008_stiff_toro: not there; CreatorFlix applies it"))
            #expect(inspection.report.contains("1 gateway secret held in clear: sealed with APP_SECRET"))
            #expect(inspection.report.contains("1 member with a password hash CreatorFlix can't read"))

            try await app.runCommand("migrate", "--dry-run", "--yes")
            #expect(try await DatabaseFingerprint.take(sql) == before)
        }
    }

    /// `migrate --yes` refuses, the database is as it was before, and the inspection says why.
    static func expectRefusedUntouched(
        _ app: Application, _ sql: any SQLDatabase, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> OriginalInspection? {
        let before = try await DatabaseFingerprint.take(sql)
        await #expect(throws: MigrationRefusal.self, sourceLocation: sourceLocation) {
            try await app.runCommand("migrate", "--yes")
        }
        #expect(try await DatabaseFingerprint.take(sql) == before, sourceLocation: sourceLocation)
        guard case .original(let inspection) = try await DatabaseRecognition.recognise(app.db, options: .init()) else {
            Issue.record("not recognised as the original's", sourceLocation: sourceLocation)
            return nil
        }
        return inspection
    }

    @Test func aDriftedColumnTypeIsRefusedAndTheDatabaseLeftUntouched() async throws {
        try await Self.withOriginal(steps: 12) { app, sql in
            // setup: an operator turned the plans' price into text
            try await sql.raw("ALTER TABLE plans ALTER COLUMN price TYPE text").run()

            // MUT + validate
            let inspection = try await Self.expectRefusedUntouched(app, sql)
            #expect(
                inspection?.problems.contains("step 0000_special_white_queen: plans.price is text, not integer") == true
            )
        }
    }

    @Test func anUnknownEnumValueIsRefusedUntilItIsMappedOrKept() async throws {
        try await Self.withOriginal(steps: 12) { app, sql in
            // setup
            try await sql.raw("UPDATE ads SET placement = 'topo' WHERE id = 1").run()

            // MUT + validate: refused, untouched, with the value named
            let inspection = try await Self.expectRefusedUntouched(app, sql)
            #expect(inspection?.unknownValues == [.init(table: "ads", column: "placement", value: "topo", rows: 1)])

            // MUT + validate: mapped
            try await app.runCommand("migrate", "--map-value", "ads.placement:topo=home_top", "--yes")
            let placement = try await sql.raw("SELECT placement FROM ads WHERE id = 1").first()?
                .decode(column: "placement", as: String.self)
            #expect(placement == "home_top")
        }
    }

    @Test func mappingAPlacementMapsItsAdsEventsToo() async throws {
        try await Self.withOriginal(steps: 12) { app, sql in
            try await sql.raw("UPDATE ads SET placement = 'topo' WHERE id = 1").run()
            try await sql.raw("UPDATE impressions SET placement = 'topo' WHERE ad_id = 1").run()
            try await sql.raw("UPDATE clicks SET placement = 'topo' WHERE ad_id = 1").run()
            var options = AdoptionOptions()
            _ = options.addValueMap("ads.placement:topo=home_top")
            guard case .original(let inspection) = try await DatabaseRecognition.recognise(app.db, options: options)
            else {
                Issue.record("not recognised")
                return
            }
            #expect(
                inspection.report.contains(
                    "ads.placement: 'topo' becomes 'home_top' in 1 row, and in those ads' impressions and clicks"))

            try await app.runCommand("migrate", "--map-value", "ads.placement:topo=home_top", "--yes")

            let left = try await sql.raw(
                "SELECT (SELECT count(*) FROM impressions WHERE placement = 'topo') + (SELECT count(*) FROM clicks WHERE placement = 'topo') AS n"
            ).first()?.decode(column: "n", as: Int.self)
            #expect(left == 0)
        }
    }

    @Test func emptyEnumColumnsGetTheirDefaultAndAreReported() async throws {
        try await Self.withOriginal(steps: 12) { app, sql in
            // The original's enum columns are nullable; the models read these as never empty.
            try await sql.raw("UPDATE users SET role = NULL WHERE email = 'joana@exemplo.com.br'").run()
            try await sql.raw("UPDATE ads SET status = NULL WHERE id = 1").run()
            guard case .original(let inspection) = try await DatabaseRecognition.recognise(app.db, options: .init())
            else {
                Issue.record("not recognised")
                return
            }
            #expect(inspection.isAdoptable)
            #expect(inspection.report.contains("users.role is empty (NULL) in 1 row: each gets its default, 'user'"))
            #expect(inspection.report.contains("ads.status is empty (NULL) in 1 row: each gets its default, 'draft'"))

            try await app.runCommand("migrate", "--yes")

            let row = try #require(
                try await sql.raw(
                    "SELECT (SELECT role FROM users WHERE email = 'joana@exemplo.com.br') AS role, (SELECT status FROM ads WHERE id = 1) AS status"
                ).first())
            #expect(try row.decode(column: "role", as: String.self) == "user")
            #expect(try row.decode(column: "status", as: String.self) == "draft")
            var member = TestBrowser(app)
            try await member.signIn("joana@exemplo.com.br", "senha-da-joana")
        }
    }

    @Test func aMapFromAValueCreatorFlixKnowsIsRefused() async throws {
        try await Self.withOriginal(steps: 12) { app, sql in
            let before = try await DatabaseFingerprint.take(sql)
            let refusal = await #expect(throws: AdoptionRefusal.self) {
                try await app.runCommand("migrate", "--map-value", "subscriptions.status:active=expired", "--yes")
            }
            #expect(refusal?.description.contains("active is one of subscriptions.status's own values") == true)
            #expect(try await DatabaseFingerprint.take(sql) == before)
        }
    }

    @Test func aMapMatchesTheStoredBytesNotACanonicallyEqualSpelling() async throws {
        try await Self.withOriginal(steps: 12) { app, sql in
            // "vívo" with a combining accent (NFD); the map below spells it precomposed (NFC).
            try await sql.raw("UPDATE ads SET status = 'vi' || chr(769) || 'vo' WHERE id = 1").run()
            let before = try await DatabaseFingerprint.take(sql)
            await #expect(throws: MigrationRefusal.self) {
                try await app.runCommand("migrate", "--map-value", "ads.status:v\u{ED}vo=active", "--yes")
            }
            #expect(try await DatabaseFingerprint.take(sql) == before)
            try await app.runCommand("migrate", "--map-value", "ads.status:vi\u{301}vo=active", "--yes")
            let status = try await sql.raw("SELECT status FROM ads WHERE id = 1").first()?
                .decode(column: "status", as: String.self)
            #expect(status == "active")
        }
    }

    @Test func anEmptyTextMapsAndAValueTheFlagCantNameIsToBeChangedByHand() async throws {
        try await Self.withOriginal(steps: 12) { app, sql in
            try await sql.raw("UPDATE users SET role = '' WHERE email = 'joana@exemplo.com.br'").run()
            try await sql.raw(
                "UPDATE users SET role = 'mod' || chr(10) || 'erador' WHERE email = 'joao@exemplo.com.br'"
            )
            .run()
            let inspection = try await Self.expectRefusedUntouched(app, sql)
            let report = inspection?.report ?? ""
            #expect(report.contains("users.role holds '' in 1 row"))
            #expect(report.contains("users.role holds 'mod\\u{a}erador' in 1 row"), "the line break is shown escaped")
            #expect(report.contains("change it to one of admin, user with an UPDATE of your own first"))

            try await sql.raw("UPDATE users SET role = 'user' WHERE email = 'joao@exemplo.com.br'").run()
            try await app.runCommand("migrate", "--map-value", "users.role:=user", "--yes")
            let role = try await sql.raw("SELECT role FROM users WHERE email = 'joana@exemplo.com.br'").first()?
                .decode(column: "role", as: String.self)
            #expect(role == "user")
        }
    }

    @Test func anOriginalAdWhosePictureIsAPathIsServedWithoutIt() async throws {
        try await Self.withOriginal(steps: 12) { app, _ in
            try await app.runCommand("migrate", "--yes")
            // Ad 1's picture is `uploads/ads/verao.jpg`, which would resolve against each page's address.
            let served = try #require(try await AdServingCache.activeAds(on: app.db).first { $0.id == 1 })
            #expect(served.imageURL == nil)
            #expect(served.title == "Promoção de verão")
        }
    }

    @Test func keptValuesAreReportedWithHowTheSiteReadsThem() async throws {
        try await Self.withOriginal(steps: 12) { app, sql in
            try await sql.raw("UPDATE users SET role = 'moderador' WHERE email = 'joana@exemplo.com.br'").run()
            try await sql.raw("UPDATE ads SET status = 'arquivado' WHERE id = 1").run()
            var options = AdoptionOptions()
            options.keptColumns = ["users.role", "ads.status", "posts.type"]
            guard case .original(let inspection) = try await DatabaseRecognition.recognise(app.db, options: options)
            else {
                Issue.record("not recognised")
                return
            }
            #expect(inspection.isAdoptable)
            #expect(inspection.unknownValues.isEmpty)
            #expect(
                inspection.keptValues == [
                    .init(table: "users", column: "role", value: "moderador", rows: 1),
                    .init(table: "ads", column: "status", value: "arquivado", rows: 1),
                ])
            #expect(
                inspection.report.contains(
                    "users.role keeps its values, without a CHECK: 'moderador' (1 row), which the site reads as 'user'\n"
                ))
            #expect(
                inspection.report.contains(
                    "ads.status keeps its values, without a CHECK: 'arquivado' (1 row), which the site reads as "
                        + "'paused', and it never serves those ads"))
            #expect(inspection.report.contains("posts.type holds no value outside CreatorFlix's, so it gets its CHECK"))
        }
    }

    /// The names of the enum CHECKs the database holds, of those given.
    static func checks(_ names: [String], _ sql: any SQLDatabase) async throws -> [String] {
        try await sql.raw(
            "SELECT conname FROM pg_constraint WHERE contype = 'c' AND conname IN (\(binds: names)) ORDER BY conname"
        ).all().map { try $0.decode(column: "conname", as: String.self) }
    }

    @Test func onlyAKeptColumnHoldingValuesGoesWithoutItsCheck() async throws {
        try await Self.withOriginal(steps: 12) { app, sql in
            try await sql.raw("UPDATE users SET role = 'moderador' WHERE email = 'joana@exemplo.com.br'").run()

            try await app.runCommand("migrate", "--keep-values", "users.role,posts.type", "--yes")

            let checks = try await Self.checks(["users_role_check", "posts_type_check", "ads_placement_check"], sql)
            #expect(checks == ["ads_placement_check", "posts_type_check"], "posts.type had nothing to keep")
            let role = try await sql.raw("SELECT role FROM users WHERE email = 'joana@exemplo.com.br'").first()?
                .decode(column: "role", as: String.self)
            #expect(role == "moderador")
        }
    }

    @Test func aColumnCanHaveSomeValuesMappedAndTheRestKept() async throws {
        try await Self.withOriginal(steps: 12) { app, sql in
            try await sql.raw("UPDATE users SET role = 'moderador' WHERE email = 'joana@exemplo.com.br'").run()
            try await sql.raw("UPDATE users SET role = 'dono' WHERE email = 'joao@exemplo.com.br'").run()

            try await app.runCommand(
                "migrate", "--map-value", "users.role:dono=admin", "--keep-values", "users.role", "--yes")

            let roles = try await sql.raw(
                "SELECT role FROM users WHERE email IN ('joana@exemplo.com.br', 'joao@exemplo.com.br') ORDER BY email"
            ).all().map { try $0.decode(column: "role", as: String.self) }
            #expect(roles == ["moderador", "admin"])
            #expect(try await Self.checks(["users_role_check"], sql).isEmpty)
        }
    }

    @Test(arguments: ["subscriptions.status", "checkouts.status", "ads.type", "ads.placement"])
    func aColumnWhoseValuesTheSiteActsOnMustBeMapped(path: String) async throws {
        try await Self.withOriginal(steps: 12) { app, sql in
            let before = try await DatabaseFingerprint.take(sql)
            let refusal = await #expect(throws: MigrationRefusal.self) {
                try await app.runCommand("migrate", "--keep-values", path, "--yes")
            }
            #expect(refusal?.description.contains("--keep-values \(path) is refused") == true)
            #expect(refusal?.description.contains("--map-value \(path):VALUE=KNOWN") == true)
            #expect(try await DatabaseFingerprint.take(sql) == before)
        }
    }

    @Test func aMemberWithAKeptRoleSignsInAsAPlainMember() async throws {
        try await Self.withOriginal(steps: 12) { app, sql in
            try await sql.raw("UPDATE users SET role = 'moderador' WHERE email = 'joana@exemplo.com.br'").run()
            try await app.runCommand("migrate", "--keep-values", "users.role", "--yes")

            var member = TestBrowser(app)
            try await member.signIn("joana@exemplo.com.br", "senha-da-joana")

            #expect(try await member.get(SiteURL.account.path).status == .ok)
            #expect(try await member.get(AdminURL.users.path).status == .forbidden)
        }
    }

    @Test func aKeptRoleOutlastsTheRehashAndAnAdminsEditOfTheMember() async throws {
        try await Self.withOriginal(steps: 12) { app, sql in
            try await sql.raw("UPDATE users SET role = 'moderador' WHERE email = 'joana@exemplo.com.br'").run()
            try await app.runCommand("migrate", "--keep-values", "users.role", "--yes")
            func stored() async throws -> (role: String, password: String) {
                let row = try #require(
                    try await sql.raw("SELECT role, password FROM users WHERE email = 'joana@exemplo.com.br'").first())
                return (
                    try row.decode(column: "role", as: String.self), try row.decode(column: "password", as: String.self)
                )
            }
            let before = try await stored()

            var member = TestBrowser(app)
            try await member.signIn("joana@exemplo.com.br", "senha-da-joana")
            let joana = try #require(
                try await User.query(on: app.db).filter(\.$email == "joana@exemplo.com.br").first())
            try await UserAdministration.update(joana, with: .init(name: "Joana C."), on: app.db)

            let after = try await stored()
            #expect(after.password != before.password, "the sign-in re-hashed the password at our cost")
            #expect(after.role == "moderador")
        }
    }

    @Test func theAdminSeesAKeptValueAsTheRowHoldsIt() async throws {
        try await Self.withOriginal(steps: 12) { app, sql in
            try await sql.raw("UPDATE users SET role = 'moderador' WHERE email = 'joana@exemplo.com.br'").run()
            try await sql.raw("UPDATE ads SET status = 'arquivado' WHERE id = 1").run()
            try await app.runCommand("migrate", "--keep-values", "users.role,ads.status", "--yes")

            var admin = TestBrowser(app)
            try await admin.signIn("admin@exemplo.com.br", "senha-do-admin")
            let users = try await admin.get(AdminURL.users.path + "?q=joana")
            let ads = try await admin.get(AdminURL.ads.path)

            #expect(users.status == .ok)
            #expect(users.text.contains("moderador (mantido do app original)"))
            #expect(ads.status == .ok)
            #expect(ads.text.contains("arquivado (mantido do app original)"))
        }
    }

    @Test func anAdWithAKeptStatusIsNeverServed() async throws {
        try await Self.withOriginal(steps: 12) { app, sql in
            // Ad 1 is the fixture's active ad at home_top.
            try await sql.raw("UPDATE ads SET status = 'arquivado' WHERE id = 1").run()
            try await app.runCommand("migrate", "--keep-values", "ads.status", "--yes")

            let served = try await AdServingCache.activeAds(on: app.db).map(\.id)
            #expect(!served.contains(1))
            #expect(!served.isEmpty, "the fixture's other active ads are served")
            let (listing, body) = try await APIClient.send(
                app, .GET, APIURL.adminAds.path, token: try await APIClient.adminToken(app))
            #expect(listing.status == .ok)
            #expect(body != nil)
        }
    }

    @Test func migratingAgainAfterARevertLeavesAKeptColumnWithoutItsCheck() async throws {
        try await Self.withOriginal(steps: 12) { app, sql in
            try await sql.raw("UPDATE users SET role = 'moderador' WHERE email = 'joana@exemplo.com.br'").run()
            try await app.runCommand("migrate", "--keep-values", "users.role", "--yes")
            try await app.runCommand("migrate", "--revert", "--yes")

            try await app.runCommand("migrate", "--yes")

            #expect(try await Self.checks(["users_role_check", "ads_placement_check"], sql) == ["ads_placement_check"])
        }
    }

    @Test(arguments: [false, true])
    func keepingOrMappingValuesIsRefusedOnADatabaseThatIsNotTheOriginals(migrated: Bool) async throws {
        try await withApp(.postgres, migrated: migrated) { app in
            let sql = try #require(app.db as? any SQLDatabase)
            let before = try await DatabaseFingerprint.take(sql)
            let keep = await #expect(throws: MigrationRefusal.self) {
                try await app.runCommand("migrate", "--keep-values", "users.role", "--yes")
            }
            await #expect(throws: MigrationRefusal.self) {
                try await app.runCommand("migrate", "--map-value", "ads.placement:topo=home_top", "--yes")
            }
            #expect(keep?.description.contains("for adopting the original app's database") == true)
            #expect(keep?.description.contains(migrated ? "CreatorFlix's already" : "an empty one") == true)
            #expect(try await DatabaseFingerprint.take(sql) == before)
        }
    }

    @Test func anAdoptedGatewayPostsBackToThisSiteNotTheOriginals() async throws {
        try await Self.withOriginal(steps: 12) { app, sql in
            try await app.runCommand("migrate", "--yes")
            let stored = try await sql.raw("SELECT postback_url FROM payment_gateways").first()?
                .decode(column: "postback_url", as: String?.self)
            #expect(stored == nil, "the original's address is gone; the page and the charges use PUBLIC_URL's")
        }
    }

    @Test func revertTakesBackOurStepsAndStopsBeforeTheOriginals() async throws {
        try await Self.withOriginal(steps: 12) { app, sql in
            try await app.runCommand("migrate", "--yes")
            try await app.runCommand("migrate", "--revert", "--yes")
            let afterOurs = try await DatabaseFingerprint.take(sql)
            #expect(afterOurs.rows["public.users"]?.count == 306)
            #expect(afterOurs.rows["public.email_outbox"] == nil, "our tables are gone")

            await #expect(throws: MigrationRefusal.self) { try await app.runCommand("migrate", "--revert", "--yes") }
            #expect(try await DatabaseFingerprint.take(sql) == afterOurs)
        }
    }

    @Test func aFailedMigrateOfAnOlderVersionDoesNotStopTheAdoption() async throws {
        try await Self.withOriginal(steps: 12) { app, sql in
            // setup: what `migrate` left before it could adopt, failing on "relation users already exists"
            try await sql.raw(
                "CREATE TABLE _fluent_migrations (id uuid PRIMARY KEY, name text NOT NULL UNIQUE, batch bigint NOT NULL, created_at timestamptz, updated_at timestamptz)"
            ).run()

            // MUT
            try await app.runCommand("migrate", "--yes")

            // validate
            #expect(try await MigrationLog.query(on: app.db).filter(\.$batch == Adoption.batch).count() == 12)
        }
    }

    @Test func aNameTheOperatorAlreadyUsesStopsAdoptionWithNothingChanged() async throws {
        try await Self.withOriginal(steps: 12) { app, sql in
            // setup: an index of the operator's, by PostgreSQL's default name, which step 0012 creates too
            try await sql.raw("CREATE INDEX ON subscriptions (user_id)").run()
            let before = try await DatabaseFingerprint.take(sql)

            // MUT: the whole adoption is one transaction, rolled back when a step fails
            let refusal = await #expect(throws: MigrationRefusal.self) { try await app.runCommand("migrate", "--yes") }
            let message = refusal?.description ?? ""
            #expect(message.contains("0012_add_indexes failed: relation \"subscriptions_user_id_idx\" already exists"))
            #expect(message.contains("rename or drop it"))

            // validate
            #expect(try await DatabaseFingerprint.take(sql) == before)
            try await sql.raw("DROP INDEX subscriptions_user_id_idx").run()
            try await app.runCommand("migrate", "--yes")
            #expect(try await MigrationLog.query(on: app.db).filter(\.$batch == Adoption.batch).count() == 12)
        }
    }

    @Test func aMapToAValueCreatorFlixDoesNotKnowIsRefused() async throws {
        try await Self.withOriginal(steps: 12) { app, sql in
            try await sql.raw("UPDATE ads SET placement = 'topo' WHERE id = 1").run()
            let before = try await DatabaseFingerprint.take(sql)
            await #expect(throws: AdoptionRefusal.self) {
                try await app.runCommand("migrate", "--map-value", "ads.placement:topo=hometop", "--yes")
            }
            #expect(try await DatabaseFingerprint.take(sql) == before)
        }
    }

    @Test func migratingAgainAfterAdoptionChangesNothing() async throws {
        try await Self.withOriginal(steps: 8) { app, sql in
            try await app.runCommand("migrate", "--yes")
            let adopted = try await DatabaseFingerprint.take(sql)
            try await app.runCommand("migrate", "--yes")
            #expect(try await DatabaseFingerprint.take(sql) == adopted)
        }
    }

    @Test func anotherFluentAppsDatabaseIsRefusedUntouched() async throws {
        try await withApp(.postgres, migrated: false) { app in
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw(
                "CREATE TABLE _fluent_migrations (id uuid PRIMARY KEY, name text NOT NULL UNIQUE, batch bigint NOT NULL, created_at timestamptz, updated_at timestamptz)"
            ).run()
            try await sql.raw(
                "INSERT INTO _fluent_migrations VALUES ('6f1c0a52-8f5b-4a8e-9a43-0d9f00000001', 'App.CreateTodo', 1, now(), now())"
            ).run()
            try await sql.raw("CREATE TABLE todos (id uuid PRIMARY KEY, title text)").run()
            let before = try await DatabaseFingerprint.take(sql)
            await #expect(throws: MigrationRefusal.self) { try await app.runCommand("migrate", "--yes") }
            #expect(try await DatabaseFingerprint.take(sql) == before)
        }
    }

    @Test func aDatabaseOfSomethingElseIsRefusedUntouched() async throws {
        try await withApp(.postgres, migrated: false) { app in
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("CREATE TABLE invoices (id serial PRIMARY KEY, total integer)").run()
            let before = try await DatabaseFingerprint.take(sql)
            await #expect(throws: MigrationRefusal.self) { try await app.runCommand("migrate", "--yes") }
            #expect(try await DatabaseFingerprint.take(sql) == before)
        }
    }
}

/// A site CreatorFlix migrated before adoption existed gets adoption's steps on its next `migrate`, and they
/// change nothing.
@Suite struct AdoptionStepsOnOurDatabaseTests {
    @Test(arguments: DatabaseKind.underTest)
    func adoptionsStepsChangeNothingOnADatabaseWeMade(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            // setup: as a version without adoption's steps left it, with a gateway and a checkout of ours
            let sql = try #require(app.db as? any SQLDatabase)
            let secret = try SecretBox(appSecret: app.configuration.appSecret).seal("APP_USR-nosso")
            try await sql.raw(
                "INSERT INTO payment_gateways (name, secret_key, is_active) VALUES ('mercadopago', \(bind: secret), \(bind: true))"
            ).run()
            try await sql.raw(
                "INSERT INTO checkouts (external_id, status, total_amount) VALUES ('pay-1', 'pending', 2990)"
            ).run()
            try await MigrationLog.query(on: app.db).filter(\.$name ~~ "adopt_").delete()
            let before = try await sql.raw("SELECT secret_key FROM payment_gateways").first()?
                .decode(column: "secret_key", as: String.self)

            // MUT
            try await app.runCommand("migrate", "--yes")

            // validate
            #expect(try await MigrationLog.query(on: app.db).filter(\.$name ~~ "adopt_").count() == 3)
            let after = try await sql.raw("SELECT secret_key FROM payment_gateways").first()?
                .decode(column: "secret_key", as: String.self)
            #expect(after == before, "sealed already: left as it was")
            let gateway = try await sql.raw("SELECT gateway FROM checkouts").first()?
                .decode(column: "gateway", as: String?.self)
            #expect(gateway == nil, "our own checkouts are not renamed")
        }
    }
}
