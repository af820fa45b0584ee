import FluentKit
import Foundation
import Localization
import Schema

/// Slows down password guessing without letting anyone lock an account's owner out. Failed sign-ins and
/// sign-ups count in three scopes, each with its own limit and window (`scopes`): the same address guessing one
/// e-mail is stopped after a few tries; one address guessing many e-mails after more; one e-mail guessed at
/// from many addresses only after many more, so a stranger's wrong passwords don't refuse the owner's right one.
/// A refused try waits until the oldest failure that blocks it leaves its window. The attempts are rows in the
/// database, so the limits hold however many app instances share it.
///
/// An attempt takes its place in the count before the password is checked (`admit`), and gives it back when it
/// turns out not to be a failure (`forgive`). Checking first and recording after would let a burst of parallel
/// guesses all pass the check while bcrypt is still busy with the first of them.
public struct SignInThrottle: Sendable {
    /// One way of counting failures.
    public struct Scope: Sendable {
        public let name: String
        public let limit: Int
        public let window: TimeInterval
        /// Whether the scope holds back only an address that has failed for this e-mail itself in the window: the
        /// owner signing in from a clean address passes however many strangers guessed.
        public var spareCleanAddresses = false
        public let matches: @Sendable (QueryBuilder<AuthFailure>, Attempt) -> QueryBuilder<AuthFailure>
    }

    public static let scopes: [Scope] = [
        // The hard limit: one client guessing one account's password.
        Scope(name: "address and e-mail", limit: 5, window: 60) { query, attempt in
            query.filter(\.$ip == attempt.ip).filter(\.$email == attempt.email)
        },
        // One client trying many accounts (credential stuffing) from one address.
        Scope(name: "address", limit: 20, window: 60) { query, attempt in query.filter(\.$ip == attempt.ip) },
        // Many addresses guessing one account: past the ceiling, every address that has guessed wrong for it waits;
        // one that hasn't (the owner's) is not held back, so strangers can't lock the owner out.
        Scope(name: "e-mail", limit: 100, window: 900, spareCleanAddresses: true) { query, attempt in
            query.filter(\.$email == attempt.email)
        },
    ]

    /// The hard limit, the one people meet: failures per address and e-mail.
    public static var limit: Int { scopes[0].limit }
    public static var window: TimeInterval { scopes[0].window }
    /// Attempts older than this are deleted; it only needs to exceed the longest window.
    public static let retention: TimeInterval = 3600

    public let database: any Database

    /// The client, as the throttle counts it, and the e-mail it tried.
    public struct Attempt: Sendable {
        public let ip: String
        public let email: String

        public init(ip: String, email: String) {
            self.ip = Self.network(ip)
            self.email = email
        }

        /// An IPv6 client is counted by its /64, which one subscriber line gets whole: counted by address, it would
        /// have 2⁶⁴ fresh ones to guess from. IPv4 addresses stay whole.
        public static func network(_ address: String) -> String {
            var ipv6 = in6_addr()
            guard address.contains(":"), inet_pton(AF_INET6, address, &ipv6) == 1 else { return address }
            var bytes = withUnsafeBytes(of: &ipv6) { Array($0) }
            for index in 8..<16 { bytes[index] = 0 }
            withUnsafeMutableBytes(of: &ipv6) { $0.copyBytes(from: bytes) }
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            guard inet_ntop(AF_INET6, &ipv6, &buffer, socklen_t(buffer.count)) != nil else { return address }
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) + "/64"
        }
    }

    /// An attempt that may go ahead, holding its place in the count until it is forgiven.
    public struct Admission: Sendable {
        public let attempt: Attempt
        public let rowID: Int
    }

    /// Lets the attempt go ahead, or throws `TooManyAttempts`.
    public func admit(_ attempt: Attempt, now: Date = Date()) async throws -> Admission {
        let row = AuthFailure(ip: attempt.ip, email: attempt.email)
        try await row.create(on: database)
        let rowID = try row.requireID()
        // Ids grow with every insert, so counting the rows up to ours gives our place in line: of a burst of
        // parallel attempts, only the first `limit` get through.
        for scope in Self.scopes {
            if scope.spareCleanAddresses,
                try await !hasFailedBefore(attempt, within: scope.window, before: rowID, now: now)
            {
                continue
            }
            let place = try await scope.matches(AuthFailure.query(on: database), attempt)
                .filter(\.$createdAt >= now.addingTimeInterval(-scope.window))
                .filter(\.$id <= rowID)
                .count()
            if place > scope.limit {
                try await AuthFailure.query(on: database).filter(\.$id == rowID).delete()
                throw Refusal.tooManyAttempts(retryAfterSeconds: try await retryAfter(attempt, now: now) ?? 1)
            }
        }
        try await AuthFailure.query(on: database).filter(\.$createdAt < now.addingTimeInterval(-Self.retention))
            .delete()
        return Admission(attempt: attempt, rowID: rowID)
    }

    /// The attempt was not a failure after all (a sign-up with a valid new e-mail, or a form with a typo in a
    /// field): it stops counting.
    public func forgive(_ admission: Admission) async throws {
        try await AuthFailure.query(on: database).filter(\.$id == admission.rowID).delete()
    }

    /// A successful sign-in forgives the e-mail's failures; the address's others stay, so one client can't reset
    /// its count by signing in to an account of its own between guesses.
    public func succeeded(_ admission: Admission) async throws {
        try await forgive(admission)
        try await AuthFailure.query(on: database).filter(\.$email == admission.attempt.email).delete()
    }

    /// Whether this address failed for this e-mail earlier in the window.
    public func hasFailedBefore(_ attempt: Attempt, within window: TimeInterval, before rowID: Int? = nil, now: Date)
        async throws -> Bool
    {
        let earlier = AuthFailure.query(on: database).filter(\.$ip == attempt.ip).filter(\.$email == attempt.email)
            .filter(\.$createdAt >= now.addingTimeInterval(-window))
        if let rowID { earlier.filter(\.$id < rowID) }
        return try await earlier.count() > 0
    }

    /// The number of seconds until this attempt would be admitted, or nil when it would be now.
    public func retryAfter(_ attempt: Attempt, now: Date = Date()) async throws -> Int? {
        var waits: [Int] = []
        for scope in Self.scopes {
            if scope.spareCleanAddresses, try await !hasFailedBefore(attempt, within: scope.window, now: now) {
                continue
            }
            // The limit-th most recent failure: once it is older than the window, fewer than `limit` remain.
            let blocking = try await scope.matches(AuthFailure.query(on: database), attempt)
                .filter(\.$createdAt >= now.addingTimeInterval(-scope.window))
                .sort(\.$createdAt, .descending)
                .offset(scope.limit - 1)
                .first()
            if let createdAt = blocking?.createdAt {
                waits.append(
                    max(1, Int(createdAt.addingTimeInterval(scope.window).timeIntervalSince(now).rounded(.up))))
            }
        }
        return waits.max()
    }

    public init(database: any Database) {
        self.database = database
    }
}
