import DatabaseTestBed
import Fluent
import Foundation
import ObjectStorage
import Schema
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite struct SyncCommandAndMediaTests {
    @Test(arguments: DatabaseKind.underTest)
    func theSyncCommandFillsTheCatalogueFromTheMediaFolder(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            for key in [
                "whitelabel/ana/p1/01.jpg", "whitelabel/ana/p1/02.mp4", "whitelabel/ana/icon.png",
                "whitelabel/bia/p/x.gif",
            ] {
                try await app.objectStore.put(key, data: Data(key.utf8), contentType: nil)
            }
            try await app.runCommand("sync-whitelabel")
            #expect(try await WhitelabelModel.query(on: app.db).count() == 2)
            #expect(try await WhitelabelMedia.query(on: app.db).count() == 3)

            try await app.objectStore.delete("whitelabel/bia/p/x.gif")
            try await app.runCommand("sync-whitelabel", "--prune", "--dry-run")
            #expect(try await WhitelabelModel.query(on: app.db).count() == 2)
            try await app.runCommand("sync-whitelabel", "--prune")
            #expect(try await WhitelabelModel.query(on: app.db).count() == 1)
            #expect(try await WhitelabelSyncReport.query(on: app.db).count() == 3)
        }
    }

    @Test func aSignedMediaLinkOpensItsFileUntilItExpires() async throws {
        try await withApp(.sqlite) { app in
            try await app.objectStore.put(
                "whitelabel/ana/p1/foto 1.jpg", data: Data("JPEG".utf8), contentType: "image/jpeg")
            let link = try #require(
                MediaLinks(store: app.objectStore, cdnBaseURL: nil, ttl: 60, now: Date()).url(
                    for: "whitelabel/ana/p1/foto 1.jpg"))

            try await app.testing().test(.GET, link) { response in
                #expect(response.status == .ok)
                #expect(response.body.string == "JPEG")
                #expect(response.headers.contentType == .jpeg)
            }
            let tampered = link.replacingOccurrences(of: "foto%201", with: "foto%202")
            try await app.testing().test(.GET, tampered) { response in
                #expect(response.status == .forbidden)
            }
            let expired = try app.objectStore.presignedGetURL(
                for: "whitelabel/ana/p1/foto 1.jpg", expiresIn: 60, now: Date().addingTimeInterval(-3600))
            try await app.testing().test(.GET, expired.absoluteString) { response in
                #expect(response.status == .forbidden)
            }
            try await app.testing().test(.GET, "/media/whitelabel/ana/p1/foto%201.jpg") { response in
                #expect(response.status == .forbidden)
            }
        }
    }

    @Test func aCDNLinkIsTheBasePlusTheEncodedKey() {
        let links = MediaLinks(
            store: LocalFolderObjectStore(root: URL(fileURLWithPath: "/tmp/x"), baseURL: "/media", signingSecret: "s"),
            cdnBaseURL: "https://cdn.example.com", ttl: 60, now: Date())
        #expect(links.url(for: "whitelabel/ana/p 1/ç.jpg") == "https://cdn.example.com/whitelabel/ana/p%201/%C3%A7.jpg")
        #expect(links.url(for: "https://outro.example.com/a.png") == "https://outro.example.com/a.png")
    }
}
