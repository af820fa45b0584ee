import Foundation
import Logging
import NIOSSL
import Payments
import PostgresKit
import SMTP
import SiteAssets
import Vapor

/// Everything the program reads from its environment, checked once at start-up. A malformed value stops the
/// program with a `ConfigurationError` that names the variable and shows a good value.
public struct AppConfiguration: Sendable {
    public enum DatabaseLocation: Sendable, Equatable {
        case sqlite(path: String)
        case postgres(url: String)

        /// The name reported by `/healthz` and the logs.
        public var kind: String {
            switch self {
            case .sqlite: "sqlite"
            case .postgres: "postgresql"
            }
        }
    }

    public var database: DatabaseLocation
    /// Where media and the whitelabel catalogue live.
    public var mediaStorage: MediaStorage
    /// The bucket folder that holds the whitelabel catalogue (`WHITELABEL_PREFIX`), e.g. `whitelabel/`.
    public var whitelabelPrefix: String
    /// When set (`CDN_BASE_URL`), media URLs are this plus the key, unsigned; otherwise they are signed and expire.
    public var cdnBaseURL: String?
    /// How long a signed media URL opens its file (`MEDIA_URL_TTL`, seconds).
    public var mediaURLTTL: Int
    /// The site's public address (`PUBLIC_URL`), for absolute links in the sitemap, canonical and Open Graph
    /// tags. Unset, they are built from the request's Host header.
    public var publicURL: String?
    /// Mercado Pago's API (`MERCADO_PAGO_API_URL`): its public address unless a test points it elsewhere.
    public var mercadoPagoAPIURL: String
    /// How ad impressions and clicks are written (`ADS_TRACKING`).
    public var adsTracking: AdsTracking
    /// Where e-mail goes and whom it is from (`SMTP_URL`, `SMTP_CA_FILE`, `MAIL_FROM`).
    public var mail: MailSettings

    public struct MailSettings: Sendable {
        /// The SMTP server; nil writes each message as an `.eml` file under `DATA_DIR/outbox/` instead.
        public var smtp: SMTPConfiguration?
        public var from: Mailbox

        public init(smtp: SMTPConfiguration?, from: Mailbox) {
            self.smtp = smtp
            self.from = from
        }
    }

    public enum AdsTracking: String, Sendable, Equatable {
        /// Requests share transactions (`GroupCommitAdTracker`): the default.
        case groupCommit = "group-commit"
        /// One transaction per event, as the seed did: the benchmark's baseline.
        case perEvent = "per-event"
    }
    public var host: String
    public var port: Int
    public var logLevel: Logger.Level
    /// The key material that signs and encrypts the application's secrets.
    public var appSecret: String
    /// bcrypt's work factor: 12 outside tests, the minimum in tests so they stay fast.
    public var bcryptCost: Int
    /// Where the embedded database, the development secret and local media live.
    public var dataDirectory: URL
    /// Whether a proxy in front of us sets `X-Forwarded-For`, so the client's address is its last entry. Off by
    /// default: without such a proxy, any client could forge the header.
    public var trustsForwardedFor: Bool
    /// The folder of the site's static files (`PUBLIC_DIR`, else the bundle beside the executable), found at
    /// start-up for `serve`; nil here means configure looks beside the executable, and serves no files without them
    /// (a command that doesn't serve).
    public var publicDirectory: String?
    /// Whether the sandbox gateway may take payments and postbacks: always outside production; in production only
    /// with `ALLOW_SANDBOX_IN_PRODUCTION=true`, since its "payments" are free subscriptions.
    public var allowsSandbox: Bool
    /// Whether this is the production environment: strict transport security, `__Host-` cookies, `PUBLIC_URL`
    /// required, no test card on the checkout page. Tests set it to try production's behaviour.
    public var isProduction: Bool
    /// What time it is for the site: the system's clock. Page snapshot tests fix it, so that a page renders the same
    /// bytes on every run.
    public var clock: @Sendable () -> Date = { Date() }

    public init(
        database: DatabaseLocation, host: String = "127.0.0.1", port: Int = 8080, logLevel: Logger.Level = .info,
        appSecret: String, bcryptCost: Int = 12, dataDirectory: URL, trustsForwardedFor: Bool = false,
        mediaStorage: MediaStorage? = nil, whitelabelPrefix: String = "whitelabel/", cdnBaseURL: String? = nil,
        mediaURLTTL: Int = 900, publicURL: String? = nil,
        mercadoPagoAPIURL: String = MercadoPagoGateway.defaultAPIBaseURL,
        adsTracking: AdsTracking = .groupCommit, publicDirectory: String? = nil, allowsSandbox: Bool = true,
        isProduction: Bool = false, mail: MailSettings? = nil
    ) {
        self.mail = mail ?? MailSettings(smtp: nil, from: Self.defaultSender(publicURL: publicURL))
        self.isProduction = isProduction
        self.publicDirectory = publicDirectory
        self.allowsSandbox = allowsSandbox
        self.adsTracking = adsTracking
        self.publicURL = publicURL
        self.mercadoPagoAPIURL = mercadoPagoAPIURL
        self.database = database
        self.mediaStorage = mediaStorage ?? .localFolder(path: dataDirectory.appendingPathComponent("media").path)
        self.whitelabelPrefix = whitelabelPrefix
        self.cdnBaseURL = cdnBaseURL
        self.mediaURLTTL = mediaURLTTL
        self.host = host
        self.port = port
        self.logLevel = logLevel
        self.appSecret = appSecret
        self.bcryptCost = bcryptCost
        self.dataDirectory = dataDirectory
        self.trustsForwardedFor = trustsForwardedFor
    }

    public static let minimumAppSecretLength = 32

    /// Reads the configuration from environment variables.
    /// - Parameter dataDirectory: `./data` when the program runs; tests pass a folder of their own.
    /// - Parameter serves: whether the command serves the site (`serve`), which alone needs the site's assets and,
    ///   in production, `PUBLIC_URL`: `migrate`, `create-admin` or a cron's `run-jobs` start without them.
    public static func load(
        from variables: [String: String], environment: Environment, dataDirectory: URL, serves: Bool = true
    ) throws(ConfigurationError) -> AppConfiguration {
        func value(_ name: String) -> String? {
            guard let value = variables[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
            return value
        }
        return AppConfiguration(
            database: try parseDatabaseURL(value("DATABASE_URL"), dataDirectory: dataDirectory),
            host: try parseHost(value("HOST")),
            port: try parsePort(value("PORT")),
            logLevel: try parseLogLevel(value("LOG_LEVEL")),
            appSecret: try resolveAppSecret(
                value("APP_SECRET"), environment: environment, dataDirectory: dataDirectory),
            bcryptCost: environment == .testing ? 4 : 12,
            dataDirectory: dataDirectory,
            trustsForwardedFor: try parseFlag("TRUST_FORWARDED_FOR", value("TRUST_FORWARDED_FOR")),
            mediaStorage: try parseMediaStorage(value, dataDirectory: dataDirectory),
            whitelabelPrefix: try parseWhitelabelPrefix(value("WHITELABEL_PREFIX")),
            cdnBaseURL: try parseBaseURL(
                value("CDN_BASE_URL"), variable: "CDN_BASE_URL", example: "https://cdn.example.com"),
            mediaURLTTL: try parseMediaURLTTL(value("MEDIA_URL_TTL")),
            publicURL: try parsePublicURL(value("PUBLIC_URL"), required: serves && environment == .production),
            mercadoPagoAPIURL: try parseBaseURL(
                value("MERCADO_PAGO_API_URL"), variable: "MERCADO_PAGO_API_URL",
                example: MercadoPagoGateway.defaultAPIBaseURL)
                ?? MercadoPagoGateway.defaultAPIBaseURL,
            adsTracking: try parseAdsTracking(value("ADS_TRACKING")),
            publicDirectory: serves ? try findPublicDirectory(value("PUBLIC_DIR")) : nil,
            allowsSandbox: try parseFlag("ALLOW_SANDBOX_IN_PRODUCTION", value("ALLOW_SANDBOX_IN_PRODUCTION"))
                || environment != .production,
            isProduction: environment == .production,
            mail: try parseMail(value, publicURL: value("PUBLIC_URL"))
        )
    }

    /// `SMTP_URL` (unset: messages become `.eml` files under `DATA_DIR/outbox/`), `SMTP_CA_FILE` (certificates
    /// to trust instead of the system's, for a private relay) and `MAIL_FROM` (required with `SMTP_URL`).
    static func parseMail(_ value: (String) -> String?, publicURL: String?) throws(ConfigurationError) -> MailSettings {
        var trusted: [NIOSSLCertificate]?
        if let path = value("SMTP_CA_FILE") {
            do {
                trusted = try NIOSSLCertificate.fromPEMFile(path)
            } catch {
                throw ConfigurationError(
                    variable: "SMTP_CA_FILE", problem: "must be a readable PEM file of certificates (\(error))",
                    example: "/etc/ssl/certs/relay-ca.pem")
            }
        }
        var smtp: SMTPConfiguration?
        if let url = value("SMTP_URL") {
            do {
                smtp = try SMTPConfiguration(url: url, trustedCertificates: trusted)
            } catch {
                throw ConfigurationError(
                    variable: "SMTP_URL", problem: error.description,
                    example: "smtp://user:password@smtp.example.com.br:587")
            }
        }
        let example = "\"CreatorFlix <no-reply@example.com.br>\""
        guard let from = value("MAIL_FROM") else {
            if smtp != nil {
                throw ConfigurationError(
                    variable: "MAIL_FROM", problem: "is required when SMTP_URL is set: the server checks the sender",
                    example: example)
            }
            return MailSettings(smtp: nil, from: defaultSender(publicURL: publicURL))
        }
        do {
            return MailSettings(smtp: smtp, from: try Mailbox(parsing: from))
        } catch {
            throw ConfigurationError(
                variable: "MAIL_FROM", problem: "must be a name and an address, or an address alone", example: example)
        }
    }

    /// With no `MAIL_FROM` (messages only written to files): `no-reply@` the site's host.
    static func defaultSender(publicURL: String?) -> Mailbox {
        let host = publicURL.flatMap { URL(string: $0)?.host }
        guard let host, let address = try? MailAddress("no-reply@\(host)"),
            let sender = try? Mailbox(name: "CreatorFlix", address: address)
        else { return .localPlaceholder }
        return sender
    }

    /// The site's static files: a program that starts without them would serve unstyled pages and say nothing.
    static func findPublicDirectory(
        _ value: String?, executable: URL? = Bundle.main.executableURL
    ) throws(ConfigurationError) -> String {
        do {
            return try SiteAssets.directory(override: value, executable: executable)
        } catch {
            let places = error.lookedIn.joined(separator: ", ")
            throw ConfigurationError(
                variable: "PUBLIC_DIR",
                problem: value == nil
                    ? "is unset, and the site's static files are not beside the executable (looked in \(places)); copy "
                        + "\(SiteAssets.bundleName) there, or set PUBLIC_DIR"
                    : "must be a folder that holds the site's static files (\(SiteAssets.landmark) is not in \(places))",
                example: "/usr/local/share/creatorflix/Public")
        }
    }

    /// Where media lives: S3 when `S3_BUCKET` is set, else the folder `./data/media`.
    public enum MediaStorage: Sendable, Equatable {
        case localFolder(path: String)
        case s3(S3Settings)
    }

    public struct S3Settings: Sendable, Equatable {
        public var endpoint: URL?
        public var region: String
        public var bucket: String
        public var accessKeyID: String
        public var secretAccessKey: String
        public var forcePathStyle: Bool
    }

    static func parseMediaStorage(
        _ value: (String) -> String?, dataDirectory: URL
    ) throws(ConfigurationError) -> MediaStorage {
        guard let bucket = value("S3_BUCKET") else {
            return .localFolder(path: dataDirectory.appendingPathComponent("media").path)
        }
        guard bucket.count >= 3, bucket.count <= 63, !bucket.contains(where: { $0.isWhitespace || $0 == "/" }) else {
            throw ConfigurationError(
                variable: "S3_BUCKET", problem: "must be a bucket name (3 to 63 characters, no slashes)",
                example: "creatorflix-media")
        }
        var endpoint: URL?
        if let raw = value("S3_ENDPOINT") {
            guard let url = URL(string: raw), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
                url.host?.isEmpty == false,
                url.query == nil
            else {
                throw ConfigurationError(
                    variable: "S3_ENDPOINT", problem: "must be an http(s) URL of the S3 API, without the bucket",
                    example: "https://s3.sa-east-1.amazonaws.com")
            }
            endpoint = url
        }
        let region = value("S3_REGION") ?? "us-east-1"
        guard !region.isEmpty, region.count <= 64,
            region.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" })
        else {
            throw ConfigurationError(variable: "S3_REGION", problem: "must be a region name", example: "sa-east-1")
        }
        guard let accessKeyID = value("S3_ACCESS_KEY_ID") else {
            throw ConfigurationError(
                variable: "S3_ACCESS_KEY_ID", problem: "is required when S3_BUCKET is set",
                example: "AKIAIOSFODNN7EXAMPLE")
        }
        guard let secret = value("S3_SECRET_ACCESS_KEY") else {
            throw ConfigurationError(
                variable: "S3_SECRET_ACCESS_KEY", problem: "is required when S3_BUCKET is set",
                example: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
        }
        return .s3(
            S3Settings(
                endpoint: endpoint, region: region, bucket: bucket, accessKeyID: accessKeyID, secretAccessKey: secret,
                forcePathStyle: try parseFlag("S3_FORCE_PATH_STYLE", value("S3_FORCE_PATH_STYLE"))))
    }

    static func parseWhitelabelPrefix(_ value: String?) throws(ConfigurationError) -> String {
        guard let value else { return "whitelabel/" }
        if value == "/" { return "" }
        guard !value.hasPrefix("/"), !value.contains(".."), !value.contains("//") else {
            throw ConfigurationError(
                variable: "WHITELABEL_PREFIX", problem: "must be a folder of the bucket, without a leading slash",
                example: "whitelabel/")
        }
        return value.hasSuffix("/") ? value : value + "/"
    }

    /// An http(s) address without query, returned without its trailing slash.
    static func parseBaseURL(_ value: String?, variable: String, example: String) throws(ConfigurationError) -> String?
    {
        guard let value else { return nil }
        guard let url = URL(string: value), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
            url.host?.isEmpty == false,
            url.query == nil
        else {
            throw ConfigurationError(variable: variable, problem: "must be an http(s) URL", example: example)
        }
        return value.hasSuffix("/") ? String(value.dropLast()) : value
    }

    /// In production every absolute link (sitemap, canonical, Open Graph, robots.txt, postback URLs) comes from
    /// here, never from a request's Host header, which anyone can set and a cache would keep.
    static func parsePublicURL(_ value: String?, required: Bool) throws(ConfigurationError) -> String? {
        let example = "https://www.example.com.br"
        if value == nil, required {
            throw ConfigurationError(
                variable: "PUBLIC_URL",
                problem: "is required in production, so absolute links never come from the request's Host header",
                example: example)
        }
        return try parseBaseURL(value, variable: "PUBLIC_URL", example: example)
    }

    static func parseAdsTracking(_ value: String?) throws(ConfigurationError) -> AdsTracking {
        guard let value else { return .groupCommit }
        guard let mode = AdsTracking(rawValue: value.lowercased()) else {
            throw ConfigurationError(
                variable: "ADS_TRACKING", problem: "must be group-commit or per-event", example: "group-commit")
        }
        return mode
    }

    static func parseMediaURLTTL(_ value: String?) throws(ConfigurationError) -> Int {
        guard let value else { return 900 }
        // S3 refuses presigned URLs longer than seven days.
        guard let seconds = Int(value), (60...604_800).contains(seconds) else {
            throw ConfigurationError(
                variable: "MEDIA_URL_TTL", problem: "must be a number of seconds from 60 to 604800", example: "900")
        }
        return seconds
    }

    /// `DATA_DIR`, or `./data`: the embedded database, the development secret and local media.
    public static func dataDirectory(_ value: String?, workingDirectory: String) throws(ConfigurationError) -> URL {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
            return URL(fileURLWithPath: workingDirectory).appendingPathComponent("data")
        }
        guard value.hasPrefix("/") else {
            throw ConfigurationError(
                variable: "DATA_DIR", problem: "must be an absolute path", example: "/var/lib/creatorflix")
        }
        return URL(fileURLWithPath: value)
    }

    static func parseFlag(_ variable: String, _ value: String?) throws(ConfigurationError) -> Bool {
        switch value?.lowercased() {
        case nil, "0", "false", "no", "off": return false
        case "1", "true", "yes", "on": return true
        default: throw ConfigurationError(variable: variable, problem: "must be true or false", example: "true")
        }
    }

    static func parseDatabaseURL(_ value: String?, dataDirectory: URL) throws(ConfigurationError) -> DatabaseLocation {
        let example =
            "postgres://creatorflix:secret@localhost:5432/creatorflix or sqlite:///var/lib/creatorflix/db.sqlite"
        func failure(_ problem: String) -> ConfigurationError {
            ConfigurationError(variable: "DATABASE_URL", problem: problem, example: example)
        }
        guard let value else {
            return .sqlite(path: dataDirectory.appendingPathComponent("creatorflix.sqlite").path)
        }
        if value.hasPrefix("sqlite://") {
            let path = String(value.dropFirst("sqlite://".count))
            guard path.hasPrefix("/"), path.count > 1, !path.hasSuffix("/") else {
                throw failure("must name an absolute file path after sqlite:// (three slashes in all)")
            }
            return .sqlite(path: path)
        }
        guard value.hasPrefix("postgres://") || value.hasPrefix("postgresql://") else {
            throw failure("must start with postgres:// or sqlite://")
        }
        guard let components = URLComponents(string: value) else {
            throw failure(
                "is not a valid URL (is the port a number, and are special characters in the password percent-encoded?)"
            )
        }
        guard let host = components.host, !host.isEmpty else { throw failure("names no host") }
        guard components.path.count > 1 else { throw failure("names no database after the host") }
        do {
            _ = try SQLPostgresConfiguration(url: value)
        } catch {
            throw failure("can't be used: \(error)")
        }
        return .postgres(url: value)
    }

    static func parseHost(_ value: String?) throws(ConfigurationError) -> String {
        guard let value else { return "127.0.0.1" }
        guard !value.contains(where: \.isWhitespace), !value.contains("/") else {
            throw ConfigurationError(
                variable: "HOST", problem: "must be a host name or an IP address", example: "0.0.0.0")
        }
        return value
    }

    static func parsePort(_ value: String?) throws(ConfigurationError) -> Int {
        guard let value else { return 8080 }
        guard let port = Int(value), (1...65_535).contains(port) else {
            throw ConfigurationError(
                variable: "PORT", problem: "must be a whole number from 1 to 65535", example: "8080")
        }
        return port
    }

    static func parseLogLevel(_ value: String?) throws(ConfigurationError) -> Logger.Level {
        guard let value else { return .info }
        guard let level = Logger.Level(rawValue: value.lowercased()) else {
            let levels = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
            throw ConfigurationError(variable: "LOG_LEVEL", problem: "must be one of \(levels)", example: "info")
        }
        return level
    }

    static func resolveAppSecret(
        _ value: String?, environment: Environment, dataDirectory: URL
    ) throws(ConfigurationError) -> String {
        let example = "$(openssl rand -base64 48)"
        if let value {
            guard value.count >= minimumAppSecretLength else {
                throw ConfigurationError(
                    variable: "APP_SECRET", problem: "must be at least \(minimumAppSecretLength) characters long",
                    example: example)
            }
            return value
        }
        switch environment {
        case .production:
            throw ConfigurationError(variable: "APP_SECRET", problem: "is required in production", example: example)
        case .testing:
            return DevelopmentSecret.generate()
        default:
            do {
                return try DevelopmentSecret.loadOrCreate(in: dataDirectory)
            } catch {
                throw ConfigurationError(
                    variable: "APP_SECRET",
                    problem: "is unset, and no development secret could be kept in \(dataDirectory.path) (\(error))",
                    example: example)
            }
        }
    }
}

/// A configuration value the program can't start with.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    public let variable: String
    public let problem: String
    public let example: String

    public var description: String {
        "\(variable) \(problem). Example of a good value: \(variable)=\(example)"
    }
}
