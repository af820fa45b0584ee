import FluentKit
import Foundation
import ObjectStorage
import Schema

/// What admins do to the catalogue: choose which models are public, and set a model's pictures.
public enum WhitelabelModeration {
    /// Sets the status of these models; returns how many exist and were set.
    public static func setStatus(_ status: WhitelabelModelStatus, of ids: [Int], on database: any Database) async throws
        -> Int
    {
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
        do { return try MediaAddress.normalized(input, keyPrefix: nil) } catch { throw .invalid }
    }
}
