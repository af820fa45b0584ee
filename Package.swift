// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "creatorflix",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "creatorflix", targets: ["Run"])
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.0"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.57.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.0"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.0"),
        .package(url: "https://github.com/JohnSundell/Plot.git", from: "0.14.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.100.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/pointfreeco/swift-snapshot-testing.git", from: "1.19.0"),
    ],
    targets: [
        // The thin entry point: it only builds the application and runs the command line.
        .executableTarget(
            name: "Run",
            dependencies: [.target(name: "App")]
        ),
        // The database schema: Fluent models, the enum values, and the migrations. No HTTP in here.
        .target(
            name: "Schema",
            dependencies: [
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                // For the JSON column codec and for reading constraint violations out of driver errors.
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
            ]
        ),
        // What people read: the pt-BR/English catalogue of every sentence, money as "R$ 1.234,56", and dates in
        // São Paulo's time. Pure Swift, no HTTP, so it builds and tests in seconds.
        .target(name: "Localization"),
        // Object storage without Vapor: the protocol, a local folder store, and S3 over AsyncHTTPClient with our own
        // AWS Signature V4, checked against the AWS test suite and botocore.
        .target(
            name: "ObjectStorage",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // E-mail on the wire without HTTP: addresses that can't carry a header, MIME (RFC 5322, 2045–2047), and an
        // SMTP client on SwiftNIO with STARTTLS or TLS, AUTH, 8BITMIME and SMTPUTF8, checked against a real server.
        .target(
            name: "SMTP",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // E-mail as the business sends it, without HTTP: the typed messages and their layout, the outbox written in
        // each event's transaction, and the sender that delivers it once, by SMTP or to a folder of .eml files.
        .target(
            name: "Mail",
            dependencies: [
                .target(name: "SMTP"), .target(name: "Schema"), .target(name: "Localization"),
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The whitelabel catalogue's sync: the bucket layout and the batched, resumable upsert of models, posts and
        // media. Fluent and SQL, no HTTP.
        .target(
            name: "Whitelabel",
            dependencies: [
                .target(name: "Schema"),
                .target(name: "ObjectStorage"),
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
            ]
        ),
        // Payments without HTTP: the Pix BR Code and its CRC, the QR code that carries it (drawn as SVG), and the
        // customer's CPF and phone. Pure Swift, so it builds and tests in seconds.
        .target(name: "Payments", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // Providers' HTTP over AsyncHTTPClient, and mutual TLS for those that authenticate us by certificate (API
        // Pix): a client certificate and key checked before they are stored, then presented in each handshake.
        .target(
            name: "MutualTLS",
            dependencies: [
                .target(name: "Payments"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // Commerce without HTTP: checkout (pricing, the flow, the open-checkout limit), offers, gateways and their
        // providers, postbacks, subscriptions with their guarded state changes, and the sales reports.
        .target(
            name: "Commerce",
            dependencies: [
                .target(name: "Schema"),
                .target(name: "Mail"),
                .target(name: "MutualTLS"),
                .target(name: "SMTP"),
                .target(name: "Payments"),
                .target(name: "Accounts"),
                .target(name: "Site"),
                .target(name: "Localization"),
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQL", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Ads without HTTP: the type→placement rules, campaign validation and administration, the in-memory serving
        // set with its rotation, visitor privacy, and impression/click tracking by group commit (or per event, the
        // baseline).
        .target(
            name: "Ads",
            dependencies: [
                .target(name: "Schema"),
                .target(name: "Localization"),
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        // The site as a whole, without HTTP: its settings (`admin_settings`, the known keys and their rules) and the
        // support contacts in its footer.
        .target(
            name: "Site",
            dependencies: [
                .target(name: "Schema"),
                .target(name: "SMTP"),
                .target(name: "Localization"),
                .product(name: "FluentKit", package: "fluent-kit"),
            ]
        ),
        // Accounts without HTTP: sign-up and sign-in with their throttles, sessions and API tokens, passwords, the
        // account summary, who may open media, and the admins' account administration.
        .target(
            name: "Accounts",
            dependencies: [
                .target(name: "Schema"),
                .target(name: "Localization"),
                .target(name: "Site"),
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQL", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The site's own creators without HTTP: the lists visitors browse (the models grid, with the whitelabel
        // models beside them, the featured strip, a creator's feed, single posts) and the admins' models and posts.
        .target(
            name: "Creators",
            dependencies: [
                .target(name: "Schema"),
                .target(name: "Localization"),
                .target(name: "Site"),
                .target(name: "ObjectStorage"),
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQL", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
            ]
        ),
        // The API's description language without HTTP: JSON Schema (OpenAPI 3.1's dialect) for every request and
        // response, and the check of a JSON value against it, which requests meet before a handler runs.
        .target(name: "APISchema", dependencies: [.target(name: "Localization")]),
        // The demo dataset, a small believable pt-BR site, and its idempotent load: `demo`, `serve --demo` and the
        // page snapshots use it.
        .target(
            name: "Demo",
            dependencies: [
                .target(name: "Schema"),
                .target(name: "Commerce"),
                .target(name: "Accounts"),
                .target(name: "Payments"),
                .product(name: "FluentKit", package: "fluent-kit"),
            ]
        ),
        // Taking over the original TypeScript app's PostgreSQL in place: reading its catalogue, comparing it with
        // the seed's steps, and the report and plan `migrate` prints. The conversions are Schema's migrations.
        .target(
            name: "Adoption",
            dependencies: [
                .target(name: "Schema"),
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        // The site's static files (styles, scripts, pictures), shipped beside the executable as a resource bundle, and
        // how the program finds them wherever it starts.
        .target(name: "SiteAssets", resources: [.copy("Public")]),
        // The Vapor wiring (configuration, routes, middleware, commands) and one folder per domain.
        .target(
            name: "App",
            dependencies: [
                .target(name: "Schema"),
                .target(name: "Adoption"),
                .target(name: "SMTP"),
                .target(name: "Mail"),
                .target(name: "Localization"),
                .target(name: "ObjectStorage"),
                .target(name: "Whitelabel"),
                .target(name: "Commerce"),
                .target(name: "Payments"),
                .target(name: "MutualTLS"),
                .target(name: "Ads"),
                .target(name: "Accounts"),
                .target(name: "APISchema"),
                .target(name: "Creators"),
                .target(name: "Demo"),
                .target(name: "Site"),
                .target(name: "SiteAssets"),
                .product(name: "Plot", package: "Plot"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "PaymentsTests",
            dependencies: [.target(name: "Payments")]
        ),
        // The API Pix stand-in (a test double of a PSP) on HTTPS that demands a client certificate, and the CA
        // each run makes with openssl.
        .target(
            name: "APIPixTestBed",
            dependencies: [
                .target(name: "Payments"),
                .product(name: "Vapor", package: "vapor"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Tests/APIPixTestBed"
        ),
        .testTarget(
            name: "MutualTLSTests",
            dependencies: [
                .target(name: "MutualTLS"), .target(name: "Payments"), .target(name: "APIPixTestBed"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .testTarget(
            name: "AdsTests",
            dependencies: [
                .target(name: "Ads"), .target(name: "Schema"), .target(name: "Localization"),
                .target(name: "DatabaseTestBed"),
            ]
        ),
        // The test databases every data test leases (a migrated template per run, a clone per test), and FluentKit
        // sessions on them without an application, for the domains' own tests.
        .target(
            name: "DatabaseTestBed",
            dependencies: [
                .target(name: "Schema"),
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Tests/DatabaseTestBed"
        ),
        .testTarget(
            name: "AccountsTests",
            dependencies: [
                .target(name: "Accounts"), .target(name: "Schema"), .target(name: "Localization"),
                .target(name: "DatabaseTestBed"),
            ]
        ),
        .testTarget(
            name: "CommerceTests",
            dependencies: [
                .target(name: "Commerce"), .target(name: "Payments"), .target(name: "Schema"),
                .target(name: "Localization"),
                .target(name: "DatabaseTestBed"),
            ]
        ),
        // The real SMTP server scripts/test starts, as the tests reach it and read what it received.
        .target(
            name: "SMTPTestBed",
            dependencies: [.target(name: "SMTP"), .product(name: "NIOSSL", package: "swift-nio-ssl")],
            path: "Tests/SMTPTestBed"
        ),
        .testTarget(
            name: "SMTPTests",
            dependencies: [
                .target(name: "SMTP"), .target(name: "SMTPTestBed"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "MailTests",
            dependencies: [
                .target(name: "Mail"), .target(name: "SMTP"), .target(name: "Schema"), .target(name: "Localization"),
                .target(name: "DatabaseTestBed"), .target(name: "SMTPTestBed"),
            ]
        ),
        .testTarget(
            name: "WhitelabelTests",
            dependencies: [
                .target(name: "Whitelabel"), .target(name: "Schema"), .target(name: "ObjectStorage"),
                .target(name: "DatabaseTestBed"),
                .product(name: "SQLKit", package: "sql-kit"),
            ]
        ),
        .testTarget(
            name: "LocalizationTests",
            dependencies: [.target(name: "Localization")]
        ),
        .testTarget(
            name: "ObjectStorageTests",
            dependencies: [
                .target(name: "ObjectStorage"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "AppTests",
            dependencies: [
                .target(name: "App"),
                .target(name: "DatabaseTestBed"),
                .target(name: "SMTPTestBed"),
                .target(name: "APIPixTestBed"),
                .target(name: "Mail"),
                .target(name: "SMTP"),
                .target(name: "Accounts"),
                .target(name: "APISchema"),
                .target(name: "Creators"),
                .target(name: "Demo"),
                .target(name: "Site"),
                .target(name: "Whitelabel"),
                .target(name: "Commerce"),
                .target(name: "Payments"),
                .target(name: "Ads"),
                .target(name: "ObjectStorage"),
                .target(name: "Schema"),
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
            ],
            // The recorded pages, which the snapshot library reads from the source tree, not from the bundle.
            exclude: ["Snapshots/__Snapshots__"]
        ),
    ]
)
