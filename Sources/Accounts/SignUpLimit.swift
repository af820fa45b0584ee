import FluentKit
import Foundation
import Localization
import Schema
import Site

/// Accounts one client address may make in an hour (`sign_ups_per_address_per_hour`): each costs a bcrypt hash
/// and a row, and a script could make thousands. As with the sign-in throttle, an account takes its place in the
/// count before it is made (`admit`), so a burst can't all pass the check at once, and gives it back when the
/// sign-up is refused (`forgive`).
public struct SignUpLimit: Sendable {
    public static let window: TimeInterval = 3600

    public let database: any Database

    /// Lets the sign-up go ahead, or throws a `Refusal` with the wait until the address may make another.
    public func admit(ip: String, now: Date = Date()) async throws -> Int {
        let limit = try await SiteSettings.count(.signUpsPerAddressPerHour, on: database)
        let row = AccountCreation(ip: ip)
        try await row.create(on: database)
        let rowID = try row.requireID()
        let windowStart = now.addingTimeInterval(-Self.window)
        let place = try await AccountCreation.query(on: database)
            .filter(\.$ip == ip).filter(\.$createdAt >= windowStart).filter(\.$id <= rowID).count()
        guard place <= limit else {
            try await forgive(rowID)
            let oldest =
                try await AccountCreation.query(on: database)
                .filter(\.$ip == ip).filter(\.$createdAt >= windowStart).sort(\.$createdAt, .descending)
                .offset(max(0, limit - 1)).first()?.createdAt ?? now
            throw Refusal.tooManyAttempts(
                retryAfterSeconds: max(
                    1, Int(oldest.addingTimeInterval(Self.window).timeIntervalSince(now).rounded(.up))))
        }
        try await AccountCreation.query(on: database).filter(\.$createdAt < windowStart).delete()
        return rowID
    }

    public func forgive(_ rowID: Int) async throws {
        try await AccountCreation.query(on: database).filter(\.$id == rowID).delete()
    }

    public init(database: any Database) {
        self.database = database
    }
}
