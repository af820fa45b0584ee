import Foundation

/// The site's static files (styles, scripts, pictures), shipped with the program: SwiftPM copies them into
/// `creatorflix_SiteAssets.resources/Public` beside the executable, so they are found wherever the program starts,
/// as a service manager starts it, and not through the working directory. `PUBLIC_DIR` points elsewhere.
public enum SiteAssets {
    /// The folder SwiftPM puts beside the executable.
    public static let bundleName = "creatorflix_SiteAssets.resources"
    /// A file every complete copy holds: a folder without it is not the site's assets.
    public static let landmark = "styles/site.css"

    /// The assets folder could not be found, or is not a complete copy.
    public struct NotFound: Error, CustomStringConvertible {
        public let lookedIn: [String]

        public var description: String {
            "The site's static files (\(landmark)) are not in \(lookedIn.joined(separator: " nor in ")). Copy the "
                + "\(bundleName) folder beside the executable, or set PUBLIC_DIR to a folder that holds them."
        }
    }

    /// The folder to serve: `PUBLIC_DIR` when set (it must hold the assets), else the bundle beside the executable.
    /// - Parameter executable: the running program's file; tests pass another.
    public static func directory(override: String?, executable: URL? = Bundle.main.executableURL) throws(NotFound)
        -> String
    {
        let candidates: [URL]
        if let override, !override.isEmpty {
            candidates = [URL(fileURLWithPath: override)]
        } else {
            let beside = (executable?.resolvingSymlinksInPath().deletingLastPathComponent()).map {
                $0.appendingPathComponent(bundleName).appendingPathComponent("Public")
            }
            candidates = beside.map { [$0] } ?? []
        }
        for candidate in candidates
        where FileManager.default.fileExists(atPath: candidate.appendingPathComponent(landmark).path) {
            // FileMiddleware joins the request's path to this string, so it ends with a slash.
            return candidate.path.hasSuffix("/") ? candidate.path : candidate.path + "/"
        }
        throw NotFound(lookedIn: candidates.isEmpty ? ["(no executable path)"] : candidates.map(\.path))
    }
}
