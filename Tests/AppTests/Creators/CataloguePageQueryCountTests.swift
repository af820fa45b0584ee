import DatabaseTestBed
import Fluent
import Foundation
import Logging
import Schema
import Testing
import Vapor
import VaporTesting

@testable import App

/// A page's queries are fixed in number, whatever the size of the catalogue behind it: no query per model or
/// per post. The drivers log every statement as "Executing query" at debug level on the request's logger,
/// which is the application's; these tests count those lines.
@Suite struct CataloguePageQueryCountTests {
    /// Counts the statements the database drivers log.
    final class QueryLog: @unchecked Sendable {
        private let lock = NSLock()
        private var statements: [String] = []

        func record(_ sql: String) { lock.withLock { statements.append(sql) } }
        func take() -> [String] {
            lock.withLock {
                defer { statements = [] }; return statements
            }
        }
    }

    struct CountingHandler: LogHandler {
        let log: QueryLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            guard event.message.description == "Executing query" else { return }
            log.record(event.metadata?["sql"].map { "\($0)" } ?? "?")
        }
    }

    /// The application's logger counts statements from now on.
    static func countQueries(_ app: Application) -> QueryLog {
        let log = QueryLog()
        app.logger = Logger(label: "query-count") { _ in CountingHandler(log: log) }
        return log
    }

    /// Seeds `models` creators with `postsEach` posts, and as many active whitelabel models.
    static func catalogue(models: Int, postsEach: Int, _ app: Application) async throws -> Int {
        var first = 0
        for index in 0..<models {
            let model = CreatorModel(
                name: "Modelo \(index)", iconURL: "https://media.example.com/\(index).png", isFeatured: true)
            try await model.create(on: app.db)
            if index == 0 { first = try model.requireID() }
            for post in 0..<postsEach {
                try await CreatorPost(
                    modelID: model.id, contentURL: "https://media.example.com/\(index)-\(post).jpg", type: .image
                )
                .create(on: app.db)
            }
            try await WhitelabelModel(folderName: "wl-\(index)", postCount: index, status: .active).create(on: app.db)
        }
        return first
    }

    /// The statements each page costs a signed-in subscriber: the session, the subscription check, the
    /// settings and footer contacts, and the page's own reads.
    static func statements(for paths: [String], _ app: Application) async throws -> [String: Int] {
        try await app.makeUser("assinante@example.com", password: "senha-assinante-1")
        let user = try #require(try await User.query(on: app.db).filter(\.$email == "assinante@example.com").first())
        try await Subscription(
            userID: user.id, planID: nil, startDate: Date(), endDate: Date(timeIntervalSinceNow: 86_400),
            status: .active
        )
        .create(on: app.db)
        var browser = TestBrowser(app)
        try await browser.signIn("assinante@example.com", "senha-assinante-1")
        let log = countQueries(app)
        var counts: [String: Int] = [:]
        for path in paths {
            // Counted with the site frame read afresh, the worst case: the cache's lifetime doesn't decide the count.
            app.siteFrameCache.invalidate()
            _ = log.take()
            let response = try await browser.get(path)
            #expect(response.status == .ok, "\(path)")
            counts[path] = log.take().count
        }
        return counts
    }

    static func paths(modelID: Int) -> [String] {
        [
            SiteURL.home.path, SiteURL.home.path + "?ordem=populares&pagina=2", SiteURL.creatorModel(modelID).path,
            SiteURL.search.path + "?q=modelo", APIURL.models.path, APIURL.model(modelID).path,
        ]
    }

    @Test(arguments: DatabaseKind.underTest)
    func aPageCostsTheSameQueriesForOneModelAsForForty(_ kind: DatabaseKind) async throws {
        var small: [String: Int] = [:]
        var large: [String: Int] = [:]
        try await withApp(kind) { app in
            let first = try await Self.catalogue(models: 1, postsEach: 1, app)
            small = try await Self.statements(for: Self.paths(modelID: first), app).mapKeys {
                $0.replacingOccurrences(of: "/\(first)", with: "/ID")
            }
        }
        try await withApp(kind) { app in
            let first = try await Self.catalogue(models: 40, postsEach: 15, app)
            large = try await Self.statements(for: Self.paths(modelID: first), app).mapKeys {
                $0.replacingOccurrences(of: "/\(first)", with: "/ID")
            }
        }
        #expect(small == large, "queries per page grew with the catalogue")
        for (path, count) in large {
            // At least the page's own read: a count of zero would mean nothing was counted.
            #expect((1...9).contains(count), "\(path) issues \(count) queries")
        }
        print("queries per page:", large.sorted { $0.key < $1.key })
    }
}

extension Dictionary {
    fileprivate func mapKeys<NewKey: Hashable>(_ transform: (Key) -> NewKey) -> [NewKey: Value] {
        Dictionary<NewKey, Value>(map { (transform($0.key), $0.value) }, uniquingKeysWith: { first, _ in first })
    }
}
