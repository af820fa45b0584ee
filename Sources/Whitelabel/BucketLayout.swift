import Foundation
import Schema

/// How the content provider's bucket maps onto the whitelabel tables, below `WHITELABEL_PREFIX`:
///
///     <model folder>/<post folder>/<media file>    one model, post and media row
///     <model folder>/icon.* | banner.* | thumbnail.*    the model's pictures
///
/// Anything else is skipped, with a reason, and never stops a sync.
public enum BucketLayout {
    public enum ModelPicture: String, Sendable, CaseIterable {
        case icon, banner, thumbnail
    }

    public enum SkipReason: String, Sendable, CaseIterable, Codable {
        /// The key is the prefix itself, or a "folder" marker ending in `/`.
        case folderMarker = "folder_marker"
        /// More than model/post/file below the prefix.
        case tooDeep = "too_deep"
        /// A file directly in the prefix, or directly in a model folder that is not one of its pictures.
        case notInAPost = "not_in_a_post"
        /// An extension that is neither an image nor a video we serve.
        case unknownExtension = "unknown_extension"
        /// An empty path segment, `.` or `..`, or control characters.
        case unsafeName = "unsafe_name"
    }

    public enum Entry: Sendable, Equatable {
        case media(model: String, post: String, type: MediaType)
        case modelPicture(model: String, picture: ModelPicture)
        case skipped(SkipReason)
    }

    public static let imageExtensions: Set<String> = ["jpg", "jpeg", "png", "webp", "gif"]
    public static let videoExtensions: Set<String> = ["mp4", "webm", "mov", "m3u8"]

    /// What `key` (a full bucket key, starting with `prefix`) is.
    public static func classify(_ key: String, prefix: String) -> Entry {
        guard key.hasPrefix(prefix) else { return .skipped(.notInAPost) }
        let relative = key.dropFirst(prefix.count)
        if relative.isEmpty || relative.hasSuffix("/") { return .skipped(.folderMarker) }
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if parts.contains(where: {
            $0.isEmpty || $0 == "." || $0 == ".." || $0.trimmingCharacters(in: .whitespaces).isEmpty
        })
            || key.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
        {
            return .skipped(.unsafeName)
        }
        let fileName = parts[parts.count - 1]
        let nameAndExtension = fileName.split(separator: ".", omittingEmptySubsequences: false)
        let fileExtension = nameAndExtension.count > 1 ? (nameAndExtension.last?.lowercased() ?? "") : ""
        let type: MediaType? =
            imageExtensions.contains(fileExtension)
            ? .image
            : videoExtensions.contains(fileExtension) ? .video : nil
        switch parts.count {
        case 2:
            let stem = nameAndExtension.count > 1 ? nameAndExtension.dropLast().joined(separator: ".").lowercased() : ""
            if type == .image, let picture = ModelPicture(rawValue: stem) {
                return .modelPicture(model: parts[0], picture: picture)
            }
            return .skipped(type == nil ? .unknownExtension : .notInAPost)
        case 3:
            guard let type else { return .skipped(.unknownExtension) }
            return .media(model: parts[0], post: parts[1], type: type)
        case 1:
            return .skipped(type == nil ? .unknownExtension : .notInAPost)
        default:
            return .skipped(.tooDeep)
        }
    }
}
