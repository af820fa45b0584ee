import FluentKit
import Foundation
import Localization
import ObjectStorage
import Schema
import Site

/// Why a post was refused, per field.
public enum CreatorPostProblem: RefusalReason, Equatable {
    case titleTooLong
    case contentRequired
    case contentURLInvalid
    case notMedia
    /// Over the site's limit; the message names the largest upload the settings allow.
    case tooLarge(largestBytes: Int)

    public func message(_ copy: Copy) -> String {
        switch self {
        case .titleTooLong: copy.titleTooLong
        case .contentRequired: copy.contentRequired
        case .contentURLInvalid: copy.imageURLInvalid
        case .notMedia: copy.uploadNotMedia
        case .tooLarge(let largestBytes): copy.uploadTooLarge(megabytes: largestBytes / (1024 * 1024))
        }
    }
}

/// The posts of the site's own models, as admins manage them.
public enum CreatorPostAdministration {
    public static let uploadPrefix = "uploads/posts/"

    public struct Input: Sendable {
        public var title: String
        public var contentURL: String
        public var type: MediaType?
        public var upload: UploadedFile?

        public init(title: String, contentURL: String, type: MediaType? = nil, upload: UploadedFile? = nil) {
            self.title = title
            self.contentURL = contentURL
            self.type = type
            self.upload = upload
        }
    }

    public struct Limits: Sendable {
        public let imageBytes: Int
        public let videoBytes: Int
        public var largest: Int { max(imageBytes, videoBytes) }

        public static func load(on database: any Database) async throws -> Limits {
            Limits(
                imageBytes: try await SiteSettings.uploadLimitBytes(.uploadMaxImageMB, on: database),
                videoBytes: try await SiteSettings.uploadLimitBytes(.uploadMaxVideoMB, on: database))
        }
    }

    /// Checks the input, stores an upload (which wins over a typed address), and saves. The type of an upload
    /// comes from its content, never from a form field.
    public static func save(
        _ input: Input, into post: CreatorPost, modelID: Int, limits: Limits, on database: any Database,
        store: any ObjectStore
    ) async throws {
        var problems: [String: CreatorPostProblem] = [:]
        let title = input.title.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.count > 200 { problems["title"] = .titleTooLong }
        var content: (value: String, type: MediaType)?
        if let upload = input.upload {
            if let kind = upload.kind {
                if upload.size > (kind.isVideo ? limits.videoBytes : limits.imageBytes) {
                    problems["content_file"] = .tooLarge(largestBytes: limits.largest)
                } else {
                    content = ("", kind.isVideo ? .video : .image)
                }
            } else {
                problems["content_file"] = .notMedia
            }
        } else {
            do {
                if let address = try MediaAddress.normalized(input.contentURL, keyPrefix: uploadPrefix) {
                    // A kept upload keeps its type unless the form names one.
                    let type = input.type ?? (post.id == nil || MediaAddress.isURL(address) ? .image : post.type)
                    content = (address, type)
                } else {
                    problems["content_url"] = .contentRequired
                }
            } catch {
                problems["content_url"] = .contentURLInvalid
            }
        }
        guard problems.isEmpty, var content else { throw Refusal.invalid(problems) }

        if let upload = input.upload, let kind = upload.kind {
            let key = uploadPrefix + UUID().uuidString.lowercased() + "." + kind.fileExtension
            try await store.putFile(
                key, from: upload.url, size: upload.size, sha256: upload.sha256, contentType: kind.contentType)
            content.value = key
        }
        post.$model.id = modelID
        post.title = title.isEmpty ? nil : title
        post.contentURL = content.value
        // Assigning the same reading would write over a type kept from the original app (`--keep-values`).
        if post.id == nil || content.type != post.type { post.type = content.type }
        try await post.save(on: database)
    }
}
