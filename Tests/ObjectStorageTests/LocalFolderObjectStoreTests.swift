import Foundation
import Testing

@testable import ObjectStorage

@Suite struct LocalFolderObjectStoreTests {
    static func withStore(_ body: (LocalFolderObjectStore) async throws -> Void) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cf-store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try await body(
            LocalFolderObjectStore(root: root, baseURL: "/media", signingSecret: String(repeating: "s", count: 32)))
    }

    @Test func roundTripsObjects() async throws {
        try await Self.withStore { try await ObjectStoreContract.roundTripsObjects($0) }
    }

    @Test func listsEveryKeyOnceAcrossPages() async throws {
        try await Self.withStore { try await ObjectStoreContract.listsEveryKeyOnceAcrossPages($0) }
    }

    @Test func storesAFileFromDisk() async throws {
        try await Self.withStore { try await ObjectStoreContract.storesAFileFromDisk($0) }
    }

    @Test func refusesKeysThatEscapeTheFolder() async throws {
        try await Self.withStore { try await ObjectStoreContract.refusesKeysThatEscape($0) }
    }

    @Test func aMissingFolderIsAnEmptyStore() async throws {
        try await Self.withStore { store in
            let page = try await store.list(prefix: "", continuationToken: nil, maxKeys: 10)
            #expect(page == .init(objects: [], continuationToken: nil))
        }
    }

    @Test func signedURLsOpenUntilTheyExpireAndOnlyForTheirKey() async throws {
        try await Self.withStore { store in
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            let url = try store.presignedGetURL(for: "Ana Clara/foto 1.jpg", expiresIn: 300, now: now)
            #expect(url.absoluteString.hasPrefix("/media/Ana%20Clara/foto%201.jpg?expires=1800000300&signature="))
            let components = try #require(URLComponents(url: url, resolvingAgainstBaseURL: false))
            let signature = try #require(components.queryItems?.first { $0.name == "signature" }?.value)

            #expect(store.verify(key: "Ana Clara/foto 1.jpg", expires: 1_800_000_300, signature: signature, now: now))
            #expect(
                !store.verify(
                    key: "Ana Clara/foto 1.jpg", expires: 1_800_000_300, signature: signature,
                    now: now.addingTimeInterval(301)))
            #expect(!store.verify(key: "Ana Clara/foto 2.jpg", expires: 1_800_000_300, signature: signature, now: now))
            #expect(!store.verify(key: "Ana Clara/foto 1.jpg", expires: 1_800_009_999, signature: signature, now: now))
            let otherSecret = LocalFolderObjectStore(
                root: store.root, baseURL: "/media", signingSecret: String(repeating: "x", count: 32))
            #expect(
                !otherSecret.verify(key: "Ana Clara/foto 1.jpg", expires: 1_800_000_300, signature: signature, now: now)
            )
        }
    }
}

@Suite struct LocalFolderSymlinkTests {
    @Test func symbolicLinksAreNeitherListedNorFollowed() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cf-store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let store = LocalFolderObjectStore(
            root: root, baseURL: "/media", signingSecret: String(repeating: "s", count: 32))
        try await store.put("a/real.jpg", data: Data("x".utf8), contentType: nil)
        // A loop back into the folder, and a link to a file outside it.
        try FileManager.default.createSymbolicLink(
            atPath: root.appendingPathComponent("a/loop").path, withDestinationPath: root.path)
        try FileManager.default.createSymbolicLink(
            atPath: root.appendingPathComponent("a/passwd").path, withDestinationPath: "/etc/passwd")

        let page = try await store.list(prefix: "", continuationToken: nil, maxKeys: 100)

        #expect(page.objects.map(\.key) == ["a/real.jpg"])
    }
}
