import Foundation

/// One object in a listing.
public struct StoredObject: Sendable, Equatable {
    public let key: String
    public let size: Int
    public let eTag: String?
    public let lastModified: Date?

    public init(key: String, size: Int, eTag: String? = nil, lastModified: Date? = nil) {
        self.key = key
        self.size = size
        self.eTag = eTag
        self.lastModified = lastModified
    }
}

/// One page of a listing, in key order (UTF-8 byte order, as S3 lists).
public struct ObjectListingPage: Sendable, Equatable {
    public let objects: [StoredObject]
    /// Pass it back to get the next page; nil on the last page.
    public let continuationToken: String?

    public init(objects: [StoredObject], continuationToken: String?) {
        self.objects = objects
        self.continuationToken = continuationToken
    }
}

/// What an object store answers about one object.
public struct ObjectMetadata: Sendable, Equatable {
    public let size: Int
    public let contentType: String?
    public let eTag: String?

    public init(size: Int, contentType: String?, eTag: String?) {
        self.size = size
        self.contentType = contentType
        self.eTag = eTag
    }
}

/// Where media lives: a local folder (the embedded default) or an S3-compatible bucket. The app, the whitelabel
/// sync and the benchmarks speak only this.
public protocol ObjectStore: Sendable {
    /// Up to `maxKeys` objects whose keys start with `prefix`, after the page that `continuationToken` ended.
    func list(prefix: String, continuationToken: String?, maxKeys: Int) async throws -> ObjectListingPage
    /// The object's metadata, or nil when there is no such object.
    func head(_ key: String) async throws -> ObjectMetadata?
    /// The object's bytes; throws `ObjectStoreError.notFound` when there is none.
    func get(_ key: String) async throws -> Data
    func put(_ key: String, data: Data, contentType: String?) async throws
    /// Stores a file that is already on disk, without reading it whole into memory. `sha256` is the lower-case hex
    /// digest of its bytes (S3 signs it), computed while the file was written. The file is consumed: moved or
    /// deleted.
    func putFile(_ key: String, from file: URL, size: Int, sha256: String, contentType: String?) async throws
    /// Deletes the object; deleting a missing object is not an error.
    func delete(_ key: String) async throws
    /// A URL that opens the object with a GET until `expiresIn` seconds after `now`, to anyone who has it.
    func presignedGetURL(for key: String, expiresIn: Int, now: Date) throws -> URL
}

extension ObjectStore {
    /// Every page under `prefix`, one at a time, so a listing of any size keeps memory flat.
    public func pages(prefix: String, pageSize: Int = 1000) -> ObjectPages {
        ObjectPages(store: self, prefix: prefix, pageSize: pageSize)
    }
}

/// The pages of a listing. While the consumer works on one page the next is already being fetched, so listing
/// and processing overlap; but never more than that one, so a slow consumer holds two pages at most, however
/// long the listing.
public struct ObjectPages: AsyncSequence, Sendable {
    public typealias Element = ObjectListingPage
    let store: any ObjectStore
    let prefix: String
    let pageSize: Int

    func fetch(after token: String?) -> Task<ObjectListingPage, any Error> {
        Task { [store, prefix, pageSize] in
            try await store.list(prefix: prefix, continuationToken: token, maxKeys: pageSize)
        }
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let pages: ObjectPages
        var started = false
        var inFlight: Task<ObjectListingPage, any Error>?

        public mutating func next() async throws -> ObjectListingPage? {
            if !started {
                started = true
                inFlight = pages.fetch(after: nil)
            }
            guard let fetching = inFlight else { return nil }
            try Task.checkCancellation()
            let page = try await fetching.value
            inFlight = page.continuationToken.map { pages.fetch(after: $0) }
            return page
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(pages: self) }
}

/// An object store refused or failed a request.
public enum ObjectStoreError: Error, Equatable, CustomStringConvertible {
    case notFound(key: String)
    /// A key the store can't hold safely: empty, too long, or with `..`, a leading `/` or control characters.
    case invalidKey(String)
    /// The store answered with an error, e.g. `SignatureDoesNotMatch`.
    case rejected(status: Int, code: String?, message: String?)
    case malformedResponse(String)

    public var description: String {
        switch self {
        case .notFound(let key): "There is no object '\(key)'."
        case .invalidKey(let key): "'\(key)' can't be an object key."
        case .rejected(let status, let code, let message):
            "The object store refused the request (\(status)\(code.map { " \($0)" } ?? ""))\(message.map { ": \($0)" } ?? "")."
        case .malformedResponse(let detail): "The object store's answer could not be read: \(detail)."
        }
    }
}

/// Keys every store accepts: S3's rules, minus what would escape a local folder.
public enum ObjectKey {
    public static func validate(_ key: String) throws(ObjectStoreError) {
        guard !key.isEmpty, key.utf8.count <= 1024, !key.hasPrefix("/"),
            !key.split(separator: "/", omittingEmptySubsequences: false).contains(where: { $0 == ".." || $0 == "." }),
            !key.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
        else { throw .invalidKey(key) }
    }
}
