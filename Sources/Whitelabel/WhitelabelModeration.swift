import FluentKit
import Foundation
import Schema

/// What admins do to the catalogue: choose which models are public, and set a model's pictures.
public enum WhitelabelModeration {
    /// Sets the status of these models; returns how many exist and were set.
    public static func setStatus(_ status: WhitelabelModelStatus, of ids: [Int], on database: any Database) async throws -> Int {
        let ids = Array(Set(ids)).filter { $0 > 0 }
        guard !ids.isEmpty else { return 0 }
        let count = try await WhitelabelModel.query(on: database).filter(\.$id ~~ ids).count()
        try await WhitelabelModel.query(on: database).filter(\.$id ~~ ids).set(\.$status, to: status).update()
        return count
    }

    public enum PictureProblem: String, Error, Sendable {
        case invalid
    }

    /// A picture is an https URL of the admin's choosing, or a key of the bucket; empty clears it (the next sync
    /// fills it from the bucket again).
    public static func normalizedPicture(_ input: String) throws(PictureProblem) -> String? {
        let value = input.trimmingCharacters(in: .whitespacesAndNewlines)
        if value.isEmpty { return nil }
        if value.lowercased().hasPrefix("https://") {
            guard let url = URLComponents(string: value), url.host?.isEmpty == false, !value.contains(where: \.isWhitespace)
            else { throw .invalid }
            // Stored with a lower-case scheme: everything that tells URLs from keys compares it so.
            return "https://" + value.dropFirst("https://".count)
        }
        // A colon before the first slash reads as a URL scheme (javascript:, http:), never as a key.
        let firstSegment = value.split(separator: "/", maxSplits: 1).first ?? ""
        guard value.count <= 1024, !value.hasPrefix("/"), !firstSegment.contains(":"),
            !value.split(separator: "/", omittingEmptySubsequences: false).contains(where: { $0 == ".." || $0.isEmpty }),
            !value.unicodeScalars.contains(where: { $0.value < 0x20 })
        else { throw .invalid }
        return value
    }
}
