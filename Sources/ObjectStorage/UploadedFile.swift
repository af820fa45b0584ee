import Foundation

/// A file an admin uploaded, waiting in a temporary file to be handed to a store: its size and SHA-256 were
/// counted as it streamed in, and its first bytes say what it is.
public struct UploadedFile: Sendable {
    public let url: URL
    public let size: Int
    public let sha256: String
    /// What its first bytes say it is; nil for anything that is not an image or video we serve.
    public let kind: MediaSniffer.Kind?
    public let filename: String?

    public init(url: URL, size: Int, sha256: String, kind: MediaSniffer.Kind?, filename: String?) {
        self.url = url
        self.size = size
        self.sha256 = sha256
        self.kind = kind
        self.filename = filename
    }
}
