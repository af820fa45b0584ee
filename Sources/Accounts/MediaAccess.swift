import FluentKit
import Foundation
import Schema

/// Who may open media: admins, and users whose subscription is active right now. Everyone else sees locked
/// previews and never receives a URL that opens a file.
public enum MediaAccess {
    public static func canView(_ signedIn: SignedInUser?, on database: any Database, now: Date = Date()) async throws
        -> Bool
    {
        guard let signedIn else { return false }
        if signedIn.isAdmin { return true }
        let summary = try await AccountSummary.load(for: signedIn.user, on: database, now: now)
        if case .active = summary.standing { return true }
        return false
    }
}
