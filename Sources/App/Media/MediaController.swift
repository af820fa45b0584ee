import Localization
import ObjectStorage
import Vapor

/// Serves the local folder store's files at `/media/<key>?expires=…&signature=…`, the signed links
/// `LocalFolderObjectStore` makes. A link with a wrong or expired signature opens nothing.
enum MediaController {
    static func register(on routes: any RoutesBuilder) {
        routes.get(PathComponent(stringLiteral: String(SiteURL.mediaPrefix.dropFirst())), "**", use: serve)
    }

    @Sendable static func serve(req: Request) async throws -> Response {
        guard let store = req.application.objectStore as? LocalFolderObjectStore else {
            throw Abort(.notFound)
        }
        let encodedKey = String(req.url.path.dropFirst(SiteURL.mediaPrefix.count + 1))
        guard let key = encodedKey.removingPercentEncoding,
            let expires = try? req.query.get(Int.self, at: "expires"),
            let signature = try? req.query.get(String.self, at: "signature"),
            store.verify(key: key, expires: expires, signature: signature, now: req.now)
        else {
            throw Refusal.request(.forbidden, .mediaLinkInvalid)
        }
        let path = store.root.appendingPathComponent(key).path
        guard FileManager.default.fileExists(atPath: path) else { throw Abort(.notFound) }
        // Never guessed from the extension: a key ending in .html must not be served as a page of this site.
        let mediaType = MediaContentType.of(key).flatMap(HTTPMediaType.init(mimeType:)) ?? .binary
        let response = try await req.fileio.asyncStreamFile(at: path, mediaType: mediaType)
        // Private: the link is someone's entitlement, not a public asset; the browser may keep it until it expires.
        response.headers.replaceOrAdd(
            name: .cacheControl, value: "private, max-age=\(max(0, expires - Int(req.now.timeIntervalSince1970)))")
        return response
    }
}

extension HTTPMediaType {
    init?(mimeType: String) {
        let parts = mimeType.split(separator: "/", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        self.init(type: String(parts[0]), subType: String(parts[1]))
    }
}
