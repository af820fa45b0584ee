import Foundation
import Testing

@testable import ObjectStorage

/// What every object store must do, run against the local folder store and against S3 (moto).
enum ObjectStoreContract {
    static let awkwardKeys = [
        "Ana Clara/Ensaio de Verão/0001.webp", "Ana Clara/Ensaio de Verão/0002 (1).jpg", "Ana Clara/icon.png",
        "Bruna+Lima/post & co/vídeo.mp4", "Bruna+Lima/post & co/a=b.gif", "zeta/z/z.png",
        // A file beside a folder of nearly the same name: byte order puts "a-b" before "a/…".
        "a/x.jpg", "a-b.jpg", "ab/y.jpg",
    ]

    static func roundTripsObjects(_ store: some ObjectStore) async throws {
        let key = "modelos/ana/post 1/foto ç.jpg"
        #expect(try await store.head(key) == nil)
        try await store.put(key, data: Data("conteúdo".utf8), contentType: "image/jpeg")
        #expect(try await store.get(key) == Data("conteúdo".utf8))
        #expect(try await store.head(key)?.size == Data("conteúdo".utf8).count)
        try await store.put(key, data: Data("novo".utf8), contentType: "image/jpeg")
        #expect(try await store.get(key) == Data("novo".utf8))
        try await store.delete(key)
        #expect(try await store.head(key) == nil)
        try await store.delete(key)  // deleting again is fine
        await #expect(throws: ObjectStoreError.notFound(key: key)) { try await store.get(key) }
    }

    static func listsEveryKeyOnceAcrossPages(_ store: some ObjectStore, prefix: String = "") async throws {
        for key in awkwardKeys { try await store.put(prefix + key, data: Data(key.utf8), contentType: nil) }
        var seen: [String] = []
        var pages = 0
        for try await page in store.pages(prefix: prefix, pageSize: 2) {
            pages += 1
            #expect(page.objects.count <= 2)
            seen += page.objects.map(\.key)
        }
        // S3's order: UTF-8 bytes of the whole key.
        #expect(
            seen == awkwardKeys.map { prefix + $0 }.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
        #expect(Set(seen).count == seen.count, "a key was listed twice")
        #expect(pages >= 4)

        let anaOnly = try await store.list(prefix: prefix + "Ana Clara/", continuationToken: nil, maxKeys: 100)
        #expect(
            anaOnly.objects.map(\.key).sorted()
                == awkwardKeys.filter { $0.hasPrefix("Ana Clara/") }.map { prefix + $0 }.sorted())
        #expect(anaOnly.continuationToken == nil)
        #expect(anaOnly.objects.first { $0.key.hasSuffix("icon.png") }?.size == "Ana Clara/icon.png".utf8.count)
    }

    /// A file on disk goes in without being read whole, and is consumed.
    static func storesAFileFromDisk(_ store: some ObjectStore) async throws {
        let bytes = Data((0..<700_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("cf-upload-\(UUID().uuidString)")
        try bytes.write(to: file)
        try await store.putFile(
            "uploads/modelos/ícone 1.png", from: file, size: bytes.count, sha256: SignatureV4.sha256Hex(bytes),
            contentType: "image/png")
        #expect(try await store.get("uploads/modelos/ícone 1.png") == bytes)
        #expect(!FileManager.default.fileExists(atPath: file.path))
    }

    static func refusesKeysThatEscape(_ store: some ObjectStore) async throws {
        for key in ["", "/etc/passwd", "a/../../etc/passwd", "a/./b", "tab\there"] {
            await #expect(throws: ObjectStoreError.invalidKey(key)) {
                try await store.put(key, data: Data(), contentType: nil)
            }
        }
    }
}
