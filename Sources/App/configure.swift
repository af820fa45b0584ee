import Ads
import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Payments
import SQLKit
import Schema
import SiteAssets
import Vapor

/// Wires the application: database, migrations, password hashing, middleware, commands and routes.
public func configure(_ app: Application, with configuration: AppConfiguration) async throws {
    app.configuration = configuration
    app.http.server.configuration.hostname = configuration.host
    app.http.server.configuration.port = configuration.port
    app.logger.logLevel = configuration.logLevel

    try useDatabase(configuration.database, on: app)
    if case .sqlite = configuration.database { await useWriteAheadLog(on: app) }
    app.useMediaStorage(configuration)
    let secrets = SecretBox(appSecret: configuration.appSecret)
    app.migrations.add(SchemaMigrations.all(adopting: AdoptionOptions()) { try secrets.seal($0) })
    for middleware in CatalogueBookkeeping.middleware { app.databases.middleware.use(middleware) }
    app.useSiteFrameCache()
    app.useAdServing(configuration.adsTracking, clock: configuration.clock)
    app.passwords.use(.bcrypt(cost: configuration.bcryptCost))
    if configuration.isProduction, configuration.mail.smtp == nil {
        app.logger.warning(
            "SMTP_URL is unset: e-mail (password resets, receipts) is written to \(app.mailFolder.path) and reaches no one"
        )
    }

    // Outermost first. The request log and the security headers wrap the error middleware, so they see the
    // response the client really gets, error pages included. Static files are served before any database work.
    app.middleware = Middlewares()
    app.middleware.use(RequestLogMiddleware())
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(SiteErrorMiddleware())
    app.middleware.use(ConstraintViolationMiddleware())
    app.middleware.use(ControlCharacterGuard())
    // `serve` found the assets at start-up (`AppConfiguration.load`); other commands and tests look beside the
    // executable and, without them, serve no files, since they serve nothing.
    if let assets = configuration.publicDirectory ?? (try? SiteAssets.directory(override: nil)) {
        app.middleware.use(FileMiddleware(publicDirectory: assets))
    }
    app.middleware.use(WebOnly(FormProtection()))
    app.middleware.use(WebOnly(WebSession.Authenticator()))

    app.storage[WhitelabelSyncRunner.RunningKey.self] = WhitelabelSyncRunner.Running()
    app.lifecycle.use(WhitelabelSyncRunner.ShutdownHandler())
    // After the ads' and the sync's handlers, so it shuts down before them: no job starts a batch or a sync then.
    _ = app.backgroundWork
    app.lifecycle.use(BackgroundWork.ShutdownHandler())
    registerCommands(on: app)
    try routes(app)
}

private func useDatabase(_ location: AppConfiguration.DatabaseLocation, on app: Application) throws {
    switch location {
    case .sqlite(let path):
        try FileManager.default.createDirectory(
            at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        // One connection per event loop: tests' parallel bursts queue for it on a loaded machine, as on PostgreSQL.
        app.databases.use(
            .sqlite(.file(path), connectionPoolTimeout: app.environment == .testing ? .seconds(60) : .seconds(10)),
            as: .sqlite)
    case .postgres(let url):
        var postgres = try SQLPostgresConfiguration(url: url)
        // Shows in pg_stat_activity, so an operator can tell CreatorFlix's connections apart.
        postgres.coreConfiguration.options.additionalStartupParameters = [("application_name", "creatorflix")]
        app.databases.use(
            .postgres(
                configuration: postgres,
                maxConnectionsPerEventLoop: app.environment == .testing ? 2 : 8,
                // A health check must answer while the database is down, not wait for a connection. Tests run many
                // apps at once on a loaded machine, and their 50-way concurrency tests queue for a connection longer.
                connectionPoolTimeout: app.environment == .testing ? .seconds(60) : .seconds(5)
            ),
            as: .psql
        )
    }
}

/// Puts an SQLite database in write-ahead-log mode, which the file keeps. Readers no longer wait for a writer (a
/// page while `run-jobs` writes), and a commit appends to the log instead of creating and deleting a journal
/// file: that was half the e-mail sender's CPU (`bench/email`). Commits still reach the disk before they return
/// (`synchronous` stays FULL). The file must be on a local disk, and a copy of a running site's database is
/// taken with `sqlite3 creatorflix.sqlite ".backup copy.sqlite"`, not `cp`.
///
/// Not fatal: the switch needs the file to itself for a moment, so a command started while an older process
/// of the site still reads it (a deploy) runs in the old mode, says so, and a later start switches.
private func useWriteAheadLog(on app: Application) async {
    guard let sql = app.db as? any SQLDatabase else { return }
    do {
        let mode = try await sql.raw("PRAGMA journal_mode = WAL").first()?.decode(
            column: "journal_mode", as: String.self)
        if mode?.lowercased() != "wal" {
            app.logger.warning("SQLite stayed in journal mode \(mode ?? "unknown") instead of WAL; writes are slower")
        }
    } catch {
        app.logger.warning("SQLite could not switch to WAL mode now (\(error)); writes are slower until it does")
    }
}

private func registerCommands(on app: Application) {
    if let vaporServe = app.asyncCommands.commands["serve"] {
        app.asyncCommands.use(ServeCommand(vaporServe: vaporServe), as: "serve", isDefault: true)
    }
    app.asyncCommands.use(MigrateCommand(), as: "migrate")
    app.asyncCommands.use(CreateAdminCommand(), as: "create-admin")
    app.asyncCommands.use(DemoCommand(), as: "demo")
    app.asyncCommands.use(SyncWhitelabelCommand(), as: "sync-whitelabel")
    app.asyncCommands.use(ListBucketCommand(), as: "list-bucket")
    app.asyncCommands.use(RunJobsCommand(), as: "run-jobs")
    app.asyncCommands.use(SimulatePaymentCommand(), as: "simulate-payment")
}

extension Application {
    private struct ConfigurationKey: StorageKey {
        typealias Value = AppConfiguration
    }

    /// The configuration the application was built with.
    public var configuration: AppConfiguration {
        get {
            guard let configuration = storage[ConfigurationKey.self] else {
                preconditionFailure("configure(_:with:) sets the configuration before anything reads it")
            }
            return configuration
        }
        set { storage[ConfigurationKey.self] = newValue }
    }
}
