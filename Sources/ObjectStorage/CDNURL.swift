/// Public, unsigned URLs of objects behind a CDN (`CDN_BASE_URL`).
public enum CDNURL {
    /// `base` + the key, each path segment percent-encoded as S3 encodes it.
    public static func `for`(key: String, base: String) -> String {
        let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
        return trimmed + "/"
            + key.split(separator: "/", omittingEmptySubsequences: false)
            .map { SignatureV4.uriEncode(String($0)) }.joined(separator: "/")
    }
}
