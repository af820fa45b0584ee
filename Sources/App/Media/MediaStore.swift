import ObjectStorage
import Vapor

extension Application {
    private struct ObjectStoreKey: StorageKey {
        typealias Value = any ObjectStore
    }

    /// Where media lives, as configured: the local folder or the S3 bucket.
    var objectStore: any ObjectStore {
        get {
            guard let store = storage[ObjectStoreKey.self] else {
                preconditionFailure("configure(_:with:) sets the object store before anything reads it")
            }
            return store
        }
        set { storage[ObjectStoreKey.self] = newValue }
    }

    func useMediaStorage(_ configuration: AppConfiguration) {
        switch configuration.mediaStorage {
        case .localFolder(let path):
            objectStore = LocalFolderObjectStore(
                root: URL(fileURLWithPath: path), baseURL: SiteURL.mediaPrefix, signingSecret: configuration.appSecret)
        case .s3(let settings):
            objectStore = S3ObjectStore(
                configuration: S3Configuration(
                    endpoint: settings.endpoint, region: settings.region, bucket: settings.bucket,
                    credentials: .init(accessKeyID: settings.accessKeyID, secretAccessKey: settings.secretAccessKey),
                    forcePathStyle: settings.forcePathStyle),
                httpClient: http.client.shared)
        }
    }
}

/// Links to media files: the CDN's when one is configured, else signed links that expire.
struct MediaLinks: Sendable {
    let store: any ObjectStore
    let cdnBaseURL: String?
    let ttl: Int
    /// When the links are made: a signed link expires `ttl` seconds after it.
    let now: Date

    /// A URL that opens the file, or nil when the key can't be one.
    func url(for key: String) -> String? {
        if MediaAddress.isURL(key) { return key }
        if let cdnBaseURL { return CDNURL.for(key: key, base: cdnBaseURL) }
        return try? store.presignedGetURL(for: key, expiresIn: ttl, now: now).absoluteString
    }
}

extension Request {
    var mediaLinks: MediaLinks {
        MediaLinks(
            store: application.objectStore, cdnBaseURL: application.configuration.cdnBaseURL,
            ttl: application.configuration.mediaURLTTL, now: now)
    }
}
