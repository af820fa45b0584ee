import DatabaseTestBed
import FluentKit
import Foundation
import ObjectStorage
import SQLKit
import Schema
import Testing

@testable import Whitelabel

/// The sync, against a local folder bucket, on SQLite and PostgreSQL.
@Suite struct WhitelabelSyncTests {
    static let prefix = "wl/"
    static let bucket = [
        "wl/Ana Clara/icon.png", "wl/Ana Clara/Ensaio de Verão/01.jpg", "wl/Ana Clara/Ensaio de Verão/02.mp4",
        "wl/Ana Clara/Praia/01.webp", "wl/bruna/thumbnail.jpg", "wl/bruna/set 1/a & b.gif",
        "wl/bruna/set 1/leia-me.txt", "wl/bruna/set 1/extra/deep.jpg", "wl/solto.jpg", "outra-pasta/x.jpg",
    ]

    static func withBucket(_ keys: [String] = bucket, _ body: (LocalFolderObjectStore) async throws -> Void)
        async throws
    {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cf-bucket-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let store = LocalFolderObjectStore(
            root: root, baseURL: "/media", signingSecret: String(repeating: "k", count: 32))
        for key in keys { try await store.put(key, data: Data(key.utf8), contentType: nil) }
        try await body(store)
    }

    static func sync(
        _ database: any Database, _ store: some ObjectStore, prune: Bool = false, dryRun: Bool = false,
        cdn: String? = nil,
        pageSize: Int = 3
    ) async throws -> SyncReport {
        try await WhitelabelSync(
            database: database, store: store,
            options: .init(prefix: prefix, prune: prune, dryRun: dryRun, cdnBaseURL: cdn, pageSize: pageSize)
        ).run()
    }

    /// The three tables as plain values, to compare whole states.
    static func snapshot(_ database: any Database) async throws -> [String] {
        let models = try await WhitelabelModel.query(on: database).sort(\.$folderName).all().map {
            "model \($0.folderName) posts=\($0.postCount) status=\($0.status.rawValue) icon=\($0.iconURL ?? "-") thumb=\($0.thumbnailURL ?? "-")"
        }
        let posts = try await WhitelabelPost.query(on: database).with(\.$model).sort(\.$folderName).all().map {
            "post \($0.model?.folderName ?? "-")/\($0.folderName) media=\($0.mediaCDNs?.value ?? [])"
        }
        let media = try await WhitelabelMedia.query(on: database).with(\.$post).sort(\.$s3Key).all().map {
            "media \($0.s3Key) \($0.type?.rawValue ?? "-") post=\($0.post?.folderName ?? "-") url=\($0.url ?? "-")"
        }
        return models + posts.sorted() + media
    }

    @Test(arguments: DatabaseKind.underTest)
    func theFirstSyncBuildsModelsPostsAndMediaAndSkipsTheRest(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            try await Self.withBucket { store in
                let report = try await Self.sync(database, store)

                #expect(report.objectsSeen == 9)  // "outra-pasta/" is outside the prefix
                #expect((report.modelsAdded, report.postsAdded, report.mediaAdded) == (2, 3, 4))
                #expect(report.modelsUpdated == 2)
                #expect(report.skipped[.unknownExtension]?.count == 1)
                #expect(report.skipped[.tooDeep]?.examples == ["wl/bruna/set 1/extra/deep.jpg"])
                #expect(report.skipped[.notInAPost]?.count == 1)
                #expect(
                    try await Self.snapshot(database) == [
                        "model Ana Clara posts=2 status=new icon=wl/Ana Clara/icon.png thumb=-",
                        "model bruna posts=1 status=new icon=- thumb=wl/bruna/thumbnail.jpg",
                        "post Ana Clara/Ensaio de Verão media=[\"wl/Ana Clara/Ensaio de Verão/01.jpg\", \"wl/Ana Clara/Ensaio de Verão/02.mp4\"]",
                        "post Ana Clara/Praia media=[\"wl/Ana Clara/Praia/01.webp\"]",
                        "post bruna/set 1 media=[\"wl/bruna/set 1/a & b.gif\"]",
                        "media wl/Ana Clara/Ensaio de Verão/01.jpg image post=Ensaio de Verão url=-",
                        "media wl/Ana Clara/Ensaio de Verão/02.mp4 video post=Ensaio de Verão url=-",
                        "media wl/Ana Clara/Praia/01.webp image post=Praia url=-",
                        "media wl/bruna/set 1/a & b.gif image post=set 1 url=-",
                    ])
                let stored = try #require(try await WhitelabelSyncReport.query(on: database).first())
                #expect(stored.status == .succeeded)
                #expect(stored.mediaAdded == 4)
                #expect(stored.skipped?.value["too_deep"]?.count == 1)
            }
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aSecondSyncChangesNothingAndKeepsAdminEdits(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            try await Self.withBucket { store in
                _ = try await Self.sync(database, store)
                let ana = try #require(
                    try await WhitelabelModel.query(on: database).filter(\.$folderName == "Ana Clara").first())
                ana.status = .active
                ana.iconURL = "https://cdn.example.com/ana-escolhida.png"
                try await ana.save(on: database)

                let report = try await Self.sync(database, store)

                #expect(
                    (
                        report.modelsAdded, report.modelsUpdated, report.postsAdded, report.mediaAdded,
                        report.mediaUpdated
                    ) == (0, 0, 0, 0, 0))
                let after = try #require(try await WhitelabelModel.find(ana.id, on: database))
                #expect(after.status == .active)
                #expect(after.iconURL == "https://cdn.example.com/ana-escolhida.png")
            }
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aCDNSettingUpdatesEveryMediaURL(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            try await Self.withBucket { store in
                _ = try await Self.sync(database, store)
                let report = try await Self.sync(database, store, cdn: "https://cdn.example.com/")
                #expect(report.mediaUpdated == 4)
                let media = try #require(
                    try await WhitelabelMedia.query(on: database).filter(\.$s3Key == "wl/bruna/set 1/a & b.gif").first()
                )
                #expect(media.url == "https://cdn.example.com/wl/bruna/set%201/a%20%26%20b.gif")
            }
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func onlyPruneDeletesWhatVanished(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            try await Self.withBucket { store in
                _ = try await Self.sync(database, store)
                try await store.delete("wl/Ana Clara/Praia/01.webp")
                try await store.delete("wl/bruna/set 1/a & b.gif")
                try await store.delete("wl/bruna/thumbnail.jpg")

                let kept = try await Self.sync(database, store)
                #expect((kept.mediaPruned, kept.postsPruned, kept.modelsPruned) == (0, 0, 0))
                #expect(try await WhitelabelMedia.query(on: database).count() == 4)

                let dry = try await Self.sync(database, store, prune: true, dryRun: true)
                #expect((dry.mediaPruned, dry.modelsPruned) == (2, 1))
                #expect(try await WhitelabelMedia.query(on: database).count() == 4)

                let pruned = try await Self.sync(database, store, prune: true)
                #expect((pruned.mediaPruned, pruned.postsPruned, pruned.modelsPruned) == (2, 2, 1))
                #expect(
                    try await Self.snapshot(database) == [
                        "model Ana Clara posts=1 status=new icon=wl/Ana Clara/icon.png thumb=-",
                        "post Ana Clara/Ensaio de Verão media=[\"wl/Ana Clara/Ensaio de Verão/01.jpg\", \"wl/Ana Clara/Ensaio de Verão/02.mp4\"]",
                        "media wl/Ana Clara/Ensaio de Verão/01.jpg image post=Ensaio de Verão url=-",
                        "media wl/Ana Clara/Ensaio de Verão/02.mp4 video post=Ensaio de Verão url=-",
                    ])
            }
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aDryRunReportsButWritesNothing(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            try await Self.withBucket { store in
                let report = try await Self.sync(database, store, dryRun: true)
                #expect((report.modelsAdded, report.postsAdded, report.mediaAdded) == (2, 3, 4))
                #expect(try await WhitelabelModel.query(on: database).count() == 0)
                #expect(try await WhitelabelMedia.query(on: database).count() == 0)
            }
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aSyncKilledHalfwayAndRunAgainEndsAsOneUninterruptedRun(_ kind: DatabaseKind) async throws {
        try await Self.withBucket { store in
            var uninterrupted: [String] = []
            try await withDatabase(kind) { database in
                _ = try await Self.sync(database, store)
                uninterrupted = try await Self.snapshot(database)
            }
            try await withDatabase(kind) { database in
                let failing = FailingStore(wrapped: store, failAfterPages: 2)
                await #expect(throws: FailingStore.Crash.self) { _ = try await Self.sync(database, failing) }
                #expect(try await WhitelabelSyncReport.query(on: database).first()?.status == .failed)

                _ = try await Self.sync(database, store)
                #expect(try await Self.snapshot(database) == uninterrupted)
            }
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aSecondSyncStartedMeanwhileSaysSoAndDoesNothing(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            try await Self.withBucket { store in
                if kind == .postgres {
                    // The advisory lock belongs to a session: hold one on a connection of its own.
                    try await database.withConnection { connection in
                        let lock = SyncLock(sql: try #require(connection as? any SQLDatabase))
                        #expect(try await lock.tryAcquire())
                        await #expect(throws: SyncAlreadyRunning.self) { _ = try await Self.sync(database, store) }
                        try await lock.release()
                    }
                } else {
                    let lock = SyncLock(sql: try (try database.sql))
                    #expect(try await lock.tryAcquire())
                    await #expect(throws: SyncAlreadyRunning.self) { _ = try await Self.sync(database, store) }
                    try await lock.release()
                }
                #expect(try await WhitelabelModel.query(on: database).count() == 0)
                _ = try await Self.sync(database, store)
                #expect(try await WhitelabelModel.query(on: database).count() == 2)
            }
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aReportLeftRunningByAKilledSyncIsMarkedFailed(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            try await Self.withBucket { store in
                let orphan = WhitelabelSyncReport(
                    isDryRun: false, prunes: false, startedAt: Date().addingTimeInterval(-3600))
                try await orphan.create(on: database)
                _ = try await Self.sync(database, store)
                let after = try #require(try await WhitelabelSyncReport.find(orphan.id, on: database))
                #expect(after.status == .failed)
                #expect(after.error?.contains("Interrupted") == true)
            }
        }
    }

    @Test func aLapsedLockRowIsTakenOver() async throws {
        try await withDatabase(.sqlite) { database in
            let crashed = SyncLock(sql: try (try database.sql))
            #expect(try await crashed.tryAcquire(now: Date().addingTimeInterval(-SyncLock.lease - 10)))
            #expect(try await SyncLock(sql: try (try database.sql)).tryAcquire())
        }
    }
}

/// A store whose listing dies after some pages, as a sync killed halfway would see it.
struct FailingStore: ObjectStore {
    struct Crash: Error {}
    let wrapped: any ObjectStore
    let failAfterPages: Int
    let pagesServed = Counter()

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func next() -> Int {
            lock.withLock {
                value += 1; return value
            }
        }
    }

    func list(prefix: String, continuationToken: String?, maxKeys: Int) async throws -> ObjectListingPage {
        if pagesServed.next() > failAfterPages { throw Crash() }
        return try await wrapped.list(prefix: prefix, continuationToken: continuationToken, maxKeys: maxKeys)
    }
    func head(_ key: String) async throws -> ObjectMetadata? { try await wrapped.head(key) }
    func get(_ key: String) async throws -> Data { try await wrapped.get(key) }
    func put(_ key: String, data: Data, contentType: String?) async throws {
        try await wrapped.put(key, data: data, contentType: contentType)
    }
    func putFile(_ key: String, from file: URL, size: Int, sha256: String, contentType: String?) async throws {
        try await wrapped.putFile(key, from: file, size: size, sha256: sha256, contentType: contentType)
    }
    func delete(_ key: String) async throws { try await wrapped.delete(key) }
    func presignedGetURL(for key: String, expiresIn: Int, now: Date) throws -> URL {
        try wrapped.presignedGetURL(for: key, expiresIn: expiresIn, now: now)
    }
}
