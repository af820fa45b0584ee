import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A folder on this machine as an object store: the embedded default (`./data/media`). Keys are paths below the
/// folder. The app serves the files itself, at URLs it signs with an HMAC and an expiry, so a local store hands
/// out expiring links just as S3 does.
public struct LocalFolderObjectStore: ObjectStore {
    public let root: URL
    /// Where the app serves the files, e.g. `/media`: presigned URLs are `<baseURL>/<key>?expires=…&signature=…`.
    public let baseURL: String
    let signingKey: SymmetricKey

    /// Files being written are named with this suffix until they are complete, and never listed.
    static let partialSuffix = ".cf-partial"

    public init(root: URL, baseURL: String, signingSecret: String) {
        self.root = root.standardizedFileURL
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        // A key of its own, derived from the app's secret, so a media link can't be replayed as anything else.
        self.signingKey = SymmetricKey(
            data: Data(
                HMAC<SHA256>.authenticationCode(
                    for: Data("creatorflix-local-media-v1".utf8), using: SymmetricKey(data: Data(signingSecret.utf8)))))
    }

    func fileURL(_ key: String) throws(ObjectStoreError) -> URL {
        try ObjectKey.validate(key)
        return root.appendingPathComponent(key, isDirectory: false)
    }

    // MARK: Listing

    /// Lists in UTF-8 byte order of the keys, as S3 does, so a listing can be compared page by page with rows
    /// sorted the same way. Walking depth-first gives that order when each folder's entries are sorted with a
    /// `/` after folder names (the folder `a` holds keys `a/…`, which sort after the file `a-b`). The continuation
    /// token is the last key returned; the walk resumes right after it without visiting what came before.
    public func list(prefix: String, continuationToken: String?, maxKeys: Int) async throws -> ObjectListingPage {
        let limit = max(1, min(maxKeys, 1000))
        var found: [StoredObject] = []
        let after = continuationToken.map {
            $0.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        }
        try walk(directory: root, components: [], prefix: prefix, after: after, into: &found, limit: limit + 1)
        let hasMore = found.count > limit
        let page = Array(found.prefix(limit))
        return ObjectListingPage(objects: page, continuationToken: hasMore ? page.last?.key : nil)
    }

    private struct Entry {
        let name: String
        let isDirectory: Bool
        let size: Int
        let modified: Date?
        /// The bytes this entry's keys start with: the name, and `/` for a folder.
        var sortKey: [UInt8] { Array(name.utf8) + (isDirectory ? [UInt8(ascii: "/")] : []) }
    }

    private func walk(
        directory: URL, components: [String], prefix: String, after: [String]?, into found: inout [StoredObject],
        limit: Int
    ) throws {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            if components.isEmpty { return }  // no media folder yet: an empty store
            throw error
        }
        let depth = components.count
        // Symbolic links are skipped: one could point outside the folder, or loop back into it.
        let entries = names.filter { !$0.hasSuffix(Self.partialSuffix) }.compactMap { name -> Entry? in
            let path = directory.appendingPathComponent(name).path
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                let type = attributes[.type] as? FileAttributeType
            else { return nil }
            let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
            let modified = attributes[.modificationDate] as? Date
            switch type {
            case .typeDirectory: return Entry(name: name, isDirectory: true, size: 0, modified: nil)
            case .typeRegular: return Entry(name: name, isDirectory: false, size: size, modified: modified)
            default: return nil
            }
        }.sorted { $0.sortKey.lexicographicallyPrecedes($1.sortKey) }

        // Resuming: the token's component at this depth, as an entry sort key.
        let resume: [UInt8]? = after.flatMap { after in
            depth < after.count ? Array(after[depth].utf8) + (depth < after.count - 1 ? [UInt8(ascii: "/")] : []) : nil
        }
        for entry in entries {
            if found.count >= limit { return }
            var resumeBelow: [String]? = nil
            if let resume {
                let key = entry.sortKey
                if key.lexicographicallyPrecedes(resume) { continue }
                if key == resume {
                    // The token's own file was on the last page; its folder is where the walk picks up.
                    guard entry.isDirectory else { continue }
                    resumeBelow = after
                }
            }
            let key = (components + [entry.name]).joined(separator: "/")
            let url = directory.appendingPathComponent(entry.name)
            if entry.isDirectory {
                let folder = key + "/"
                guard folder.hasPrefix(prefix) || prefix.hasPrefix(folder) else { continue }
                try walk(
                    directory: url, components: components + [entry.name], prefix: prefix, after: resumeBelow,
                    into: &found, limit: limit)
            } else {
                guard key.hasPrefix(prefix) else { continue }
                found.append(StoredObject(key: key, size: entry.size, eTag: nil, lastModified: entry.modified))
            }
        }
    }

    // MARK: Objects

    public func head(_ key: String) async throws -> ObjectMetadata? {
        let url = try fileURL(key)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
            (attributes[.type] as? FileAttributeType) == .typeRegular
        else { return nil }
        return ObjectMetadata(
            size: (attributes[.size] as? NSNumber)?.intValue ?? 0, contentType: MediaContentType.of(key), eTag: nil)
    }

    public func get(_ key: String) async throws -> Data {
        let url = try fileURL(key)
        guard FileManager.default.fileExists(atPath: url.path) else { throw ObjectStoreError.notFound(key: key) }
        return try Data(contentsOf: url)
    }

    /// Writes to a partial file, then renames it into place, so a reader never sees half a file.
    public func put(_ key: String, data: Data, contentType: String?) async throws {
        let url = try fileURL(key)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let partial = url.deletingLastPathComponent().appendingPathComponent(
            ".\(UUID().uuidString)\(Self.partialSuffix)")
        try data.write(to: partial)
        // rename(2) replaces an existing file atomically, which FileManager's move does not.
        guard rename(partial.path, url.path) == 0 else {
            let code = errno
            try? FileManager.default.removeItem(at: partial)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path, "errno": code])
        }
    }

    public func putFile(_ key: String, from file: URL, size: Int, sha256: String, contentType: String?) async throws {
        let url = try fileURL(key)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if rename(file.path, url.path) != 0 {
            // Another file system: copy beside the target, then rename into place, so readers never see half.
            let partial = url.deletingLastPathComponent().appendingPathComponent(
                ".\(UUID().uuidString)\(Self.partialSuffix)")
            try FileManager.default.copyItem(at: file, to: partial)
            try? FileManager.default.removeItem(at: file)
            guard rename(partial.path, url.path) == 0 else {
                try? FileManager.default.removeItem(at: partial)
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
            }
        }
    }

    public func delete(_ key: String) async throws {
        let url = try fileURL(key)
        do {
            try FileManager.default.removeItem(at: url)
        } catch CocoaError.fileNoSuchFile {
            return
        } catch  where !FileManager.default.fileExists(atPath: url.path) {
            return
        }
    }

    // MARK: Signed URLs

    public func presignedGetURL(for key: String, expiresIn: Int, now: Date) throws -> URL {
        try ObjectKey.validate(key)
        let expires = Int(now.timeIntervalSince1970) + max(1, expiresIn)
        let path = key.split(separator: "/", omittingEmptySubsequences: false).map { SignatureV4.uriEncode(String($0)) }
            .joined(separator: "/")
        let url = "\(baseURL)/\(path)?expires=\(expires)&signature=\(signature(key: key, expires: expires))"
        guard let result = URL(string: url) else { throw ObjectStoreError.invalidKey(key) }
        return result
    }

    /// Whether a request for `key` carries a signature this store made and that has not expired.
    public func verify(key: String, expires: Int, signature: String, now: Date) -> Bool {
        guard expires >= Int(now.timeIntervalSince1970), (try? ObjectKey.validate(key)) != nil else { return false }
        let expected = Array(self.signature(key: key, expires: expires).utf8)
        let given = Array(signature.utf8)
        guard expected.count == given.count else { return false }
        return zip(expected, given).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    func signature(key: String, expires: Int) -> String {
        SignatureV4.hex(HMAC<SHA256>.authenticationCode(for: Data("\(key)\n\(expires)".utf8), using: signingKey))
    }
}

/// Content types of the media the site serves, by file extension.
public enum MediaContentType {
    public static func of(_ key: String) -> String? {
        switch key.split(separator: ".").last?.lowercased() {
        case "jpg", "jpeg": "image/jpeg"
        case "png": "image/png"
        case "webp": "image/webp"
        case "gif": "image/gif"
        case "mp4": "video/mp4"
        case "webm": "video/webm"
        case "mov": "video/quicktime"
        case "m3u8": "application/vnd.apple.mpegurl"
        default: nil
        }
    }
}
