import Fluent
import Foundation
import Schema
import Vapor

/// Slows down password guessing: after `limit` failed sign-ins or sign-ups from one address, or against one
/// e-mail, within `window`, further tries are refused until the oldest of those failures leaves the window.
/// The failures are rows in the database, so the limit holds however many app instances share it.
struct SignInThrottle: Sendable {
    static let limit = 5
    static let window: TimeInterval = 60
    /// Failures older than this are deleted; it only needs to exceed `window`.
    static let retention: TimeInterval = 3600

    let database: any Database

    /// The client, as the throttle counts it, and the e-mail it tried.
    struct Attempt: Sendable {
        let ip: String
        let email: String
    }

    /// The number of seconds to wait, or nil when the attempt may go ahead.
    func retryAfter(_ attempt: Attempt, now: Date = Date()) async throws -> Int? {
        let windowStart = now.addingTimeInterval(-Self.window)
        var waits: [Int] = []
        for filter in [(\AuthFailure.$ip, attempt.ip), (\AuthFailure.$email, attempt.email)] {
            // The limit-th most recent failure: once it is older than the window, fewer than `limit` remain.
            let blocking = try await AuthFailure.query(on: database)
                .filter(filter.0 == filter.1)
                .filter(\.$createdAt >= windowStart)
                .sort(\.$createdAt, .descending)
                .offset(Self.limit - 1)
                .first()
            if let createdAt = blocking?.createdAt {
                waits.append(max(1, Int((createdAt.addingTimeInterval(Self.window).timeIntervalSince(now)).rounded(.up))))
            }
        }
        return waits.max()
    }

    func recordFailure(_ attempt: Attempt, now: Date = Date()) async throws {
        try await AuthFailure(ip: attempt.ip, email: attempt.email).create(on: database)
        try await AuthFailure.query(on: database).filter(\.$createdAt < now.addingTimeInterval(-Self.retention)).delete()
    }

    /// A successful sign-in forgives the e-mail's failures; the address's stay, so one client can't reset its
    /// count by signing in to an account of its own between guesses.
    func recordSuccess(_ attempt: Attempt) async throws {
        try await AuthFailure.query(on: database).filter(\.$email == attempt.email).delete()
    }
}

/// Too many failed attempts: 429 with `Retry-After`.
struct TooManyAttempts: AbortError {
    let retryAfterSeconds: Int
    var status: HTTPResponseStatus { .tooManyRequests }
    var reason: String { "Too many attempts. Try again in \(retryAfterSeconds) seconds." }
    var headers: HTTPHeaders { ["Retry-After": String(retryAfterSeconds)] }
}
