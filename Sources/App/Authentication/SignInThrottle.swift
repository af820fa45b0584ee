import Fluent
import Foundation
import Schema
import Vapor

/// Slows down password guessing: after `limit` failed sign-ins or sign-ups from one address, or against one
/// e-mail, within `window`, further tries are refused until the oldest of those failures leaves the window.
/// The attempts are rows in the database, so the limit holds however many app instances share it.
///
/// An attempt takes its place in the count before the password is checked (`admit`), and gives it back when it
/// turns out not to be a failure (`forgive`). Checking first and recording after would let a burst of parallel
/// guesses all pass the check while bcrypt is still busy with the first of them.
struct SignInThrottle: Sendable {
    static let limit = 5
    static let window: TimeInterval = 60
    /// Attempts older than this are deleted; it only needs to exceed `window`.
    static let retention: TimeInterval = 3600

    let database: any Database

    /// The client, as the throttle counts it, and the e-mail it tried.
    struct Attempt: Sendable {
        let ip: String
        let email: String
    }

    /// An attempt that may go ahead, holding its place in the count until it is forgiven.
    struct Admission: Sendable {
        let attempt: Attempt
        let rowID: Int
    }

    /// Lets the attempt go ahead, or throws `TooManyAttempts`.
    func admit(_ attempt: Attempt, now: Date = Date()) async throws -> Admission {
        let row = AuthFailure(ip: attempt.ip, email: attempt.email)
        try await row.create(on: database)
        let rowID = try row.requireID()
        let windowStart = now.addingTimeInterval(-Self.window)
        // Ids grow with every insert, so counting the rows up to ours gives our place in line: of a burst of
        // parallel attempts, only the first `limit` get through.
        for (column, value) in [(\AuthFailure.$ip, attempt.ip), (\AuthFailure.$email, attempt.email)] {
            let place = try await AuthFailure.query(on: database)
                .filter(column == value)
                .filter(\.$createdAt >= windowStart)
                .filter(\.$id <= rowID)
                .count()
            if place > Self.limit {
                try await AuthFailure.query(on: database).filter(\.$id == rowID).delete()
                throw TooManyAttempts(retryAfterSeconds: try await retryAfter(attempt, now: now) ?? 1)
            }
        }
        try await AuthFailure.query(on: database).filter(\.$createdAt < now.addingTimeInterval(-Self.retention)).delete()
        return Admission(attempt: attempt, rowID: rowID)
    }

    /// The attempt was not a failure after all (a sign-up with a valid new e-mail, or a form with a typo in a
    /// field): it stops counting.
    func forgive(_ admission: Admission) async throws {
        try await AuthFailure.query(on: database).filter(\.$id == admission.rowID).delete()
    }

    /// A successful sign-in forgives the e-mail's failures; the address's others stay, so one client can't reset
    /// its count by signing in to an account of its own between guesses.
    func succeeded(_ admission: Admission) async throws {
        try await forgive(admission)
        try await AuthFailure.query(on: database).filter(\.$email == admission.attempt.email).delete()
    }

    /// The number of seconds until this attempt would be admitted, or nil when it would be now.
    func retryAfter(_ attempt: Attempt, now: Date = Date()) async throws -> Int? {
        let windowStart = now.addingTimeInterval(-Self.window)
        var waits: [Int] = []
        for (column, value) in [(\AuthFailure.$ip, attempt.ip), (\AuthFailure.$email, attempt.email)] {
            // The limit-th most recent failure: once it is older than the window, fewer than `limit` remain.
            let blocking = try await AuthFailure.query(on: database)
                .filter(column == value)
                .filter(\.$createdAt >= windowStart)
                .sort(\.$createdAt, .descending)
                .offset(Self.limit - 1)
                .first()
            if let createdAt = blocking?.createdAt {
                waits.append(max(1, Int(createdAt.addingTimeInterval(Self.window).timeIntervalSince(now).rounded(.up))))
            }
        }
        return waits.max()
    }
}

/// Too many failed attempts: 429 with `Retry-After`.
struct TooManyAttempts: AbortError {
    let retryAfterSeconds: Int
    var status: HTTPResponseStatus { .tooManyRequests }
    var reason: String { "Too many attempts. Try again in \(retryAfterSeconds) seconds." }
    var headers: HTTPHeaders { ["Retry-After": String(retryAfterSeconds)] }
}
