import Foundation

/// Where a picture or media file an admin names lives: an https URL of their choosing, or a key of the object
/// store. One rule for every form that takes one (whitelabel pictures, models' pictures, posts' content).
public enum MediaAddress {
    public struct Invalid: Error, Sendable {}

    /// The address, with the URL scheme lower-cased; nil for an empty input.
    /// - Parameter keyPrefix: keys accepted only under this prefix (nil: any valid key).
    public static func normalized(_ input: String, keyPrefix: String?) throws(Invalid) -> String? {
        let value = input.trimmingCharacters(in: .whitespacesAndNewlines)
        if value.isEmpty { return nil }
        if value.lowercased().hasPrefix("https://") {
            guard let url = URLComponents(string: value), url.host?.isEmpty == false,
                !value.contains(where: \.isWhitespace)
            else { throw Invalid() }
            // Lower-case scheme: everything that tells URLs from keys compares it so.
            return "https://" + value.dropFirst("https://".count)
        }
        // A colon before the first slash reads as a URL scheme (javascript:, http:), never as a key.
        let firstSegment = value.split(separator: "/", maxSplits: 1).first ?? ""
        guard !firstSegment.contains(":"), (try? ObjectKey.validate(value)) != nil,
            keyPrefix.map({ value.hasPrefix($0) }) ?? true
        else { throw Invalid() }
        return value
    }

    /// Whether a stored address is a URL (shown as it is) rather than a key (signed or put behind the CDN).
    /// A path on the site itself (`/demo/post-1.svg`, the demo data's public files) is a URL too; admins can't
    /// type one, since `normalized` takes https URLs and keys only.
    public static func isURL(_ address: String) -> Bool {
        let scheme = address.prefix(8).lowercased()
        return scheme.hasPrefix("https://") || scheme.hasPrefix("http://")
            || (address.hasPrefix("/") && !address.hasPrefix("//"))
    }
}
