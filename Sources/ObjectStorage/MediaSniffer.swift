/// What a file is, by its first bytes rather than its name: an upload named `foto.jpg` must really be a JPEG.
public enum MediaSniffer {
    public enum Kind: String, Sendable, CaseIterable {
        case jpeg, png, gif, webp, mp4, webm

        public var contentType: String {
            switch self {
            case .jpeg: "image/jpeg"
            case .png: "image/png"
            case .gif: "image/gif"
            case .webp: "image/webp"
            case .mp4: "video/mp4"
            case .webm: "video/webm"
            }
        }

        public var fileExtension: String {
            switch self {
            case .jpeg: "jpg"
            default: rawValue
            }
        }

        public var isVideo: Bool { self == .mp4 || self == .webm }
    }

    /// How many leading bytes `kind(of:)` needs.
    public static let headerLength = 12

    /// The kind the bytes start like, or nil for anything else.
    public static func kind<Bytes: Collection>(of bytes: Bytes) -> Kind? where Bytes.Element == UInt8 {
        let header = Array(bytes.prefix(headerLength))
        func starts(_ signature: [UInt8], at offset: Int = 0) -> Bool {
            header.count >= offset + signature.count && Array(header[offset..<offset + signature.count]) == signature
        }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return .gif }
        if starts(Array("RIFF".utf8)), starts(Array("WEBP".utf8), at: 8) { return .webp }
        // ISO base media (mp4, and QuickTime's own brand): a box size, then "ftyp".
        if starts(Array("ftyp".utf8), at: 4) { return .mp4 }
        // Matroska/WebM: the EBML magic number.
        if starts([0x1A, 0x45, 0xDF, 0xA3]) { return .webm }
        return nil
    }
}
