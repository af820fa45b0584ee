import Foundation
import Testing
import Vapor

@testable import App

/// Start-up configuration: defaults, accepted forms, and a message naming the variable for each bad value.
@Suite struct AppConfigurationTests {
    let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("cf-config-\(UUID().uuidString)")

    func load(_ variables: [String: String], _ environment: Environment = .development) throws(ConfigurationError)
        -> AppConfiguration
    {
        try AppConfiguration.load(from: variables, environment: environment, dataDirectory: dataDirectory)
    }

    @Test func defaultsToTheEmbeddedSQLiteFileAndLocalhost8080() throws {
        let configuration = try load([:])
        #expect(
            configuration.database == .sqlite(path: dataDirectory.appendingPathComponent("creatorflix.sqlite").path))
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 8080)
        #expect(configuration.logLevel == .info)
    }

    @Test func acceptsPostgresAndAbsoluteSQLiteURLs() throws {
        let postgres = "postgres://cf:secret@db.internal:5433/creatorflix"
        #expect(try load(["DATABASE_URL": postgres]).database == .postgres(url: postgres))
        #expect(
            try load(["DATABASE_URL": "sqlite:///var/lib/cf/db.sqlite"]).database
                == .sqlite(path: "/var/lib/cf/db.sqlite"))
    }

    @Test(arguments: [
        "mysql://cf@localhost/db", "sqlite://relative/path.sqlite", "sqlite:///", "postgres://cf@localhost",
        "postgres://cf@:5432/db", "postgres://cf@localhost:port/db",
    ])
    func refusesAMalformedDatabaseURLNamingTheVariable(_ url: String) {
        #expect {
            try load(["DATABASE_URL": url])
        } throws: { error in
            let description = String(describing: error)
            return description.hasPrefix("DATABASE_URL ")
                && description.contains("Example of a good value: DATABASE_URL=")
        }
    }

    @Test(arguments: ["0", "65536", "http", "80.5"])
    func refusesAPortOutsideOneTo65535(_ port: String) {
        #expect(
            throws: ConfigurationError(
                variable: "PORT", problem: "must be a whole number from 1 to 65535", example: "8080")
        ) {
            try load(["PORT": port])
        }
    }

    @Test func readsHostPortAndLogLevel() throws {
        let configuration = try load(["HOST": "0.0.0.0", "PORT": "9000", "LOG_LEVEL": "DEBUG"])
        #expect(configuration.host == "0.0.0.0")
        #expect(configuration.port == 9000)
        #expect(configuration.logLevel == .debug)
    }

    @Test func refusesAnUnknownLogLevel() {
        #expect { try load(["LOG_LEVEL": "verbose"]) } throws: { ($0 as? ConfigurationError)?.variable == "LOG_LEVEL" }
    }

    @Test func requiresAppSecretInProduction() {
        #expect { try load([:], .production) } throws: { error in
            (error as? ConfigurationError)?.variable == "APP_SECRET"
                && String(describing: error).contains("required in production")
        }
    }

    @Test func refusesAShortAppSecret() {
        #expect { try load(["APP_SECRET": "short"], .production) } throws: {
            ($0 as? ConfigurationError)?.variable == "APP_SECRET"
        }
    }

    @Test func keepsTheGeneratedDevelopmentSecretAcrossStarts() throws {
        let first = try load([:]).appSecret
        let second = try load([:]).appSecret
        #expect(first == second)
        #expect(first.count >= AppConfiguration.minimumAppSecretLength)
        let file = dataDirectory.appendingPathComponent(DevelopmentSecret.fileName).path
        let permissions = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
        try FileManager.default.removeItem(at: dataDirectory)
    }

    @Test func usesAGivenAppSecretInProduction() throws {
        let secret = String(repeating: "k", count: 40)
        #expect(
            try load(["APP_SECRET": secret, "PUBLIC_URL": "https://www.example.com.br"], .production).appSecret
                == secret)
    }

    @Test func requiresPublicURLInProduction() throws {
        let secret = String(repeating: "k", count: 40)
        #expect { try load(["APP_SECRET": secret], .production) } throws: { error in
            (error as? ConfigurationError)?.variable == "PUBLIC_URL"
                && String(describing: error).contains("Host header")
        }
        #expect(
            try load(["APP_SECRET": secret, "PUBLIC_URL": "https://www.example.com.br/"], .production).publicURL
                == "https://www.example.com.br")
        #expect(try load([:]).publicURL == nil, "development may take the Host")
        #expect(
            try AppConfiguration.load(
                from: ["APP_SECRET": secret], environment: .production, dataDirectory: dataDirectory, serves: false
            )
            .publicURL == nil, "migrate, create-admin and run-jobs don't need it")
    }

    @Test func onlyServeNeedsTheSiteAndItsAssets() {
        #expect(CreatorFlix.servesTheSite(["creatorflix"]))
        #expect(CreatorFlix.servesTheSite(["creatorflix", "serve", "--port", "9000"]))
        #expect(CreatorFlix.servesTheSite(["creatorflix", "--env", "production", "serve"]))
        #expect(!CreatorFlix.servesTheSite(["creatorflix", "--env", "production", "migrate", "--yes"]))
        #expect(!CreatorFlix.servesTheSite(["creatorflix", "run-jobs"]))
    }
}

@Suite struct MediaConfigurationTests {
    let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("cf-config-\(UUID().uuidString)")

    func load(_ variables: [String: String]) throws(ConfigurationError) -> AppConfiguration {
        try AppConfiguration.load(from: variables, environment: .development, dataDirectory: dataDirectory)
    }

    @Test func mediaDefaultsToTheLocalFolderWithSignedLinks() throws {
        let configuration = try load([:])
        #expect(configuration.mediaStorage == .localFolder(path: dataDirectory.appendingPathComponent("media").path))
        #expect(configuration.whitelabelPrefix == "whitelabel/")
        #expect(configuration.cdnBaseURL == nil)
        #expect(configuration.mediaURLTTL == 900)
    }

    @Test func anS3BucketWithItsCredentialsSelectsS3() throws {
        let configuration = try load([
            "S3_BUCKET": "creatorflix-media", "S3_REGION": "sa-east-1", "S3_ACCESS_KEY_ID": "AKID",
            "S3_SECRET_ACCESS_KEY": "secret", "S3_ENDPOINT": "http://127.0.0.1:9000", "S3_FORCE_PATH_STYLE": "true",
            "WHITELABEL_PREFIX": "catalogo", "CDN_BASE_URL": "https://cdn.example.com/", "MEDIA_URL_TTL": "600",
        ])
        guard case .s3(let settings) = configuration.mediaStorage else {
            Issue.record("expected S3")
            return
        }
        #expect(settings.bucket == "creatorflix-media")
        #expect(settings.endpoint?.absoluteString == "http://127.0.0.1:9000")
        #expect(settings.forcePathStyle)
        #expect(configuration.whitelabelPrefix == "catalogo/")
        #expect(configuration.cdnBaseURL == "https://cdn.example.com")
        #expect(configuration.mediaURLTTL == 600)
    }

    @Test(arguments: [
        (["S3_BUCKET": "b-ok"], "S3_ACCESS_KEY_ID"),
        (["S3_BUCKET": "b-ok", "S3_ACCESS_KEY_ID": "A"], "S3_SECRET_ACCESS_KEY"),
        (
            ["S3_BUCKET": "b-ok", "S3_ACCESS_KEY_ID": "A", "S3_SECRET_ACCESS_KEY": "S", "S3_ENDPOINT": "minio:9000"],
            "S3_ENDPOINT"
        ),
        (["S3_BUCKET": "x/y"], "S3_BUCKET"),
        (["CDN_BASE_URL": "cdn.example.com"], "CDN_BASE_URL"),
        (["MEDIA_URL_TTL": "30"], "MEDIA_URL_TTL"),
        (["MEDIA_URL_TTL": "9999999"], "MEDIA_URL_TTL"),
        (["WHITELABEL_PREFIX": "/abs"], "WHITELABEL_PREFIX"),
        (
            [
                "S3_BUCKET": "b-ok", "S3_ACCESS_KEY_ID": "A", "S3_SECRET_ACCESS_KEY": "S",
                "S3_FORCE_PATH_STYLE": "talvez",
            ], "S3_FORCE_PATH_STYLE"
        ),
    ])
    func aBadMediaSettingNamesItsVariable(variables: [String: String], variable: String) {
        #expect(throws: ConfigurationError.self) { try load(variables) }
        do {
            _ = try load(variables)
        } catch {
            #expect(error.variable == variable)
            #expect(error.description.contains("Example of a good value: \(variable)="))
        }
    }

    @Test func findsTheSiteAssetsBesideTheExecutable() throws {
        let directory = try load([:]).publicDirectory
        #expect(FileManager.default.fileExists(atPath: try #require(directory) + "styles/site.css"))
    }

    @Test func anExecutableWithoutItsAssetsStopsNamingWhereItLooked() {
        let elsewhere = FileManager.default.temporaryDirectory.appendingPathComponent(
            "cf-lonely-\(UUID().uuidString)/creatorflix")
        #expect {
            try AppConfiguration.findPublicDirectory(nil, executable: elsewhere)
        } throws: { error in
            let description = String(describing: error)
            return description.hasPrefix("PUBLIC_DIR is unset")
                && description.contains(
                    elsewhere.deletingLastPathComponent().path + "/creatorflix_SiteAssets.resources/Public")
        }
    }

    @Test func aPublicDirWithoutTheAssetsIsRefused() {
        #expect {
            try load(["PUBLIC_DIR": "/nonexistent/creatorflix-public"])
        } throws: { error in
            String(describing: error).hasPrefix("PUBLIC_DIR must be a folder")
                && String(describing: error).contains("/nonexistent/creatorflix-public")
        }
    }
}
