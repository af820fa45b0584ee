import Adoption
import Fluent
import Payments
import SQLKit
import Schema
import Vapor

/// `creatorflix migrate [--dry-run] [--revert] [--source-time-zone ZONE] [--map-value T.C:FROM=TO,…] --yes`:
/// Fluent's migrate, which also recognises the original TypeScript app's database
/// and adopts it in place. Before it changes anything it reads the database: an empty one or one of ours is
/// brought up to date; the original's is compared step by step with the seed, reported, and adopted only if
/// nothing differs; anything else is refused, untouched.
struct MigrateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "revert", help: "Revert the last batch of migrations.")
        var revert: Bool

        @Flag(name: "dry-run", help: "Print what would be done, and change nothing.")
        var dryRun: Bool

        @Option(
            name: "source-time-zone",
            help:
                "The zone the original app's timestamps were written in (its server's), e.g. America/Sao_Paulo. UTC if omitted."
        )
        var sourceTimeZone: String?

        @Option(
            name: "map-value",
            help:
                "Enum values of the original app's to map before CHECKs are added: ads.placement:topo=home_top, comma-separated."
        )
        var mapValue: String?

        @Option(
            name: "keep-values",
            help:
                "Enum columns of the original app's whose unknown values to keep, without a CHECK: users.role, "
                + "comma-separated. The site reads such a value as the one that grants nothing."
        )
        var keepValues: String?
    }

    var help: String {
        "Brings the schema up to date, adopting the original app's database in place. Asks first; --yes answers."
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        var options = try Self.options(signature)
        let app = context.application
        let secrets = SecretBox(appSecret: app.configuration.appSecret)
        func steps(_ options: AdoptionOptions) -> [any Migration] {
            SchemaMigrations.all(adopting: options) { try secrets.seal($0) }
        }
        func migrator(_ options: AdoptionOptions) -> Migrator {
            let migrations = Migrations()
            migrations.add(steps(options))
            return Migrator(
                databases: app.databases, migrations: migrations, logger: app.logger, on: app.eventLoopGroup.any())
        }
        if signature.revert {
            return try await revert(migrator(options), on: app, context: context, dryRun: signature.dryRun)
        }
        try await Self.checkTimeZone(options.sourceTimeZone, on: app.db)
        let recognised = try await DatabaseRecognition.recognise(app.db, options: options)
        switch recognised {
        case .empty:
            try Self.refuseAdoptionFlags(options, on: "an empty one")
            try await prepare(migrator(options), context: context, dryRun: signature.dryRun, journalExists: false)
        case .creatorflix:
            try Self.refuseAdoptionFlags(options, on: "CreatorFlix's already (made or adopted by it)")
            // Step 0013 applied again after a revert leaves without a CHECK what adoption kept.
            options.keptColumns = try await Adoption.columnsHoldingKeptValues(on: app.db)
            for path in options.keptColumns.sorted() {
                context.console.print("\(path) holds values kept from the original app: it stays without a CHECK")
            }
            try await prepare(migrator(options), context: context, dryRun: signature.dryRun, journalExists: true)
        case .original(let inspection):
            // A column named by --keep-values that holds nothing to keep gets its CHECK.
            options.keptColumns = Set(inspection.keptValues.map(\.columnPath))
            context.console.print(inspection.report)
            guard inspection.isAdoptable else {
                throw MigrationRefusal(description: "The database was not adopted; nothing was changed.")
            }
            if signature.dryRun {
                context.console.print("")
                context.console.print("The first \(inspection.presentSteps) steps would be recorded as applied, then:")
                for name in SchemaMigrations.all.map(\.name).dropFirst(inspection.presentSteps) {
                    context.console.output("+ \(name, color: .green)")
                }
                return context.console.print("Dry run: nothing was changed.")
            }
            if inspection.conversions.contains(where: { $0.contains("gateway secret") }),
                Environment.get("APP_SECRET") == nil, app.environment != .testing
            {
                // Outside production the key would be DATA_DIR's development secret, and the sealed copy would
                // open nowhere else: the site in production, with its own APP_SECRET, couldn't use the gateway.
                throw MigrationRefusal(
                    description: "Set APP_SECRET to the secret the site will run with: the gateway's secret is sealed "
                        + "with it, and its clear copy removed. Nothing was changed.")
            }
            try Self.requireAnswer(context)
            guard context.console.confirm("Adopt this database?".consoleText(.warning)) else {
                return context.console.warning("Migration cancelled")
            }
            try await adopt(inspection, steps: steps(options), options: options, on: app)
            context.console.success("Adopted: the original's data is now CreatorFlix's, every row kept.")
        case .unrecognised(let found):
            throw MigrationRefusal(
                description: "This database is neither empty, nor CreatorFlix's, nor the original app's: \(found). "
                    + "Nothing was changed. Point DATABASE_URL at one of those.")
        }
    }

    /// All of adoption in one transaction (PostgreSQL's DDL is transactional): the batch-0 records, the missing
    /// seed steps, the conversions and CreatorFlix's steps commit together or not at all, so a step that fails
    /// (a name the operator already uses, say) leaves the database as it was, and the next `migrate` inspects it
    /// afresh. The original's tables are locked first, and read again: what was inspected is what is adopted.
    private func adopt(
        _ inspection: OriginalInspection, steps: [any Migration], options: AdoptionOptions, on app: Application
    ) async throws {
        let migrations = Migrations()
        migrations.add(AdoptionStepFailure.naming(steps))
        do {
            try await app.db.transaction { transaction in
                try await Adoption.lockOriginalTables(on: transaction)
                guard
                    case .original(let again) = try await DatabaseRecognition.recognise(transaction, options: options),
                    again.isAdoptable, again.presentSteps == inspection.presentSteps,
                    again.unknownValues == inspection.unknownValues, again.keptValues == inspection.keptValues
                else {
                    throw MigrationRefusal(
                        description:
                            "The database changed while it was being read (is the original app still running?). "
                            + "Nothing was changed; stop the app and run migrate again.")
                }
                let migrator = Migrator(
                    databaseFactory: { _ in transaction }, migrations: migrations, on: transaction.eventLoop)
                try await migrator.setupIfNeeded().get()
                try await Adoption.recordPresentSteps(again, on: transaction)
                try await migrator.prepareBatch().get()
            }
        } catch let refusal as MigrationRefusal {
            throw refusal
        } catch let failure as AdoptionStepFailure {
            throw MigrationRefusal(
                description: "Adoption stopped. \(failure) It ran in one transaction, which was rolled back: nothing "
                    + "was changed.")
        } catch {
            throw MigrationRefusal(
                description: "Adoption stopped: \(String(reflecting: error)). It ran in one transaction, which was "
                    + "rolled back: nothing was changed.")
        }
    }

    private func prepare(_ migrator: Migrator, context: CommandContext, dryRun: Bool, journalExists: Bool)
        async throws
    {
        // A dry run writes nothing, not even Fluent's journal: on a database without one, every step is pending.
        if dryRun, !journalExists {
            context.console.print("The following migration(s) will be prepared:")
            for name in SchemaMigrations.all.map(\.name) { context.console.output("+ \(name, color: .green)") }
            return context.console.print("Dry run: nothing was changed.")
        }
        try await migrator.setupIfNeeded().get()
        let pending = try await migrator.previewPrepareBatch().get()
        guard !pending.isEmpty else { return context.console.print("No new migrations.") }
        context.console.print("The following migration(s) will be prepared:")
        for (migration, _) in pending { context.console.output("+ \(migration.name, color: .green)") }
        if dryRun { return context.console.print("Dry run: nothing was changed.") }
        try Self.requireAnswer(context)
        guard context.console.confirm("Would you like to continue?".consoleText(.warning)) else {
            return context.console.warning("Migration cancelled")
        }
        try await migrator.prepareBatch().get()
        context.console.print("Migration successful")
    }

    /// Reverts the last batch, unless it holds a step that adoption recorded (batch 0): those made the original's
    /// tables, and reverting one would drop its data.
    private func revert(_ migrator: Migrator, on app: Application, context: CommandContext, dryRun: Bool)
        async throws
    {
        guard try await Adoption.hasFluentJournal(on: app.db) else {
            return context.console.print("No migrations to revert.")
        }
        let pending = try await migrator.previewRevertLastBatch().get()
        guard !pending.isEmpty else { return context.console.print("No migrations to revert.") }
        let adopted = Set(try await Adoption.adoptedSteps(on: app.db))
        let brought = pending.map(\.0.name).filter(adopted.contains)
        guard brought.isEmpty else {
            throw MigrationRefusal(
                description: "Stopped before reverting \(brought.joined(separator: ", ")): those steps made tables the "
                    + "original app's database brought, and nothing adoption took over is ever dropped. Nothing was changed."
            )
        }
        context.console.print("The following migration(s) will be reverted:")
        for (migration, _) in pending { context.console.output("- \(migration.name, color: .red)") }
        if dryRun { return context.console.print("Dry run: nothing was changed.") }
        try Self.requireAnswer(context)
        guard context.console.confirm("Would you like to continue?".consoleText(.warning)) else {
            return context.console.warning("Migration cancelled")
        }
        try await migrator.revertLastBatch().get()
        context.console.print("Migration successful")
    }

    /// On a database of ours the adoption flags would bend step 0013: `--keep-values` would leave a column of a
    /// new database without its CHECK.
    static func refuseAdoptionFlags(_ options: AdoptionOptions, on database: String) throws {
        guard options.valueMaps.isEmpty, options.keptColumns.isEmpty else {
            throw MigrationRefusal(
                description: "--map-value and --keep-values are for adopting the original app's database, and this "
                    + "one is \(database). Nothing was changed.")
        }
    }

    static func options(_ signature: Signature) throws -> AdoptionOptions {
        var options = AdoptionOptions()
        if let zone = signature.sourceTimeZone { options.sourceTimeZone = zone }
        for map in (signature.mapValue ?? "").split(separator: ",").map(String.init) where !map.isEmpty {
            guard options.addValueMap(map) else {
                throw MigrationRefusal(
                    description: "--map-value takes table.column:from=to (for example ads.placement:topo=home_top), "
                        + "not \(map)")
            }
        }
        let paths = (signature.keepValues ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for path in paths where !path.isEmpty {
            guard let column = CheckedEnumColumn.all.first(where: { $0.path == path }) else {
                throw MigrationRefusal(
                    description: "--keep-values takes enumerated columns ("
                        + CheckedEnumColumn.all.filter { $0.whyItMustBeMapped == nil }.map(\.path).joined(
                            separator: ", ")
                        + "), not \(path)")
            }
            if let reason = column.whyItMustBeMapped {
                throw MigrationRefusal(
                    description: "--keep-values \(path) is refused: \(reason). Map its values with --map-value "
                        + "\(path):VALUE=KNOWN. Nothing was changed.")
            }
            options.keptColumns.insert(path)
        }
        return options
    }

    /// `confirm` reads the answer from standard input and stops the program when there is none (cron, CI): a
    /// run that can't be asked must say `--yes` (or `--no`).
    static func requireAnswer(_ context: CommandContext) throws {
        guard context.console.confirmOverride == nil, isatty(STDIN_FILENO) == 0 else { return }
        throw MigrationRefusal(
            description: "migrate asks before it changes anything, and nothing can answer here: run it with --yes.")
    }

    /// A zone PostgreSQL doesn't know would stop the conversion halfway; it is refused before anything changes.
    static func checkTimeZone(_ zone: String, on database: any Database) async throws {
        guard zone != "UTC", let sql = database as? any SQLDatabase, sql.flavor == .postgres else { return }
        let known =
            try await sql.raw("SELECT count(*) AS n FROM pg_timezone_names WHERE name = \(bind: zone)")
            .first()?.decode(column: "n", as: Int.self) ?? 0
        guard known > 0 else {
            throw MigrationRefusal(
                description:
                    "--source-time-zone \(zone) is not a zone PostgreSQL knows; give one such as America/Sao_Paulo")
        }
    }
}

/// `migrate` refused to go on; the message says why and what to do.
struct MigrationRefusal: Error, CustomStringConvertible {
    let description: String
}
