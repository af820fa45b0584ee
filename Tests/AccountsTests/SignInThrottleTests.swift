import DatabaseTestBed
import FluentKit
import Foundation
import Localization
import Schema
import Testing

@testable import Accounts

/// The sign-in throttle: each scope's limit, an IPv6 client counted by its /64, and a burst that can't slip
/// past the count.
@Suite struct SignInThrottleTests {
    @Test func pastTheEmailsCeilingAddressesThatGuessedWaitAndACleanOneDoesnt() async throws {
        try await withDatabase(.sqlite) { database in
            let throttle = SignInThrottle(database: database)
            let perEmail = SignInThrottle.scopes[2].limit
            // Twenty-five addresses, four guesses each (under their own limit of five), fill the e-mail's ceiling.
            for number in 0..<perEmail {
                _ = try await throttle.admit(.init(ip: "10.2.0.\(number / 4)", email: "chefe@example.com"))
            }
            try await expectLimited { try await throttle.admit(.init(ip: "10.2.0.1", email: "chefe@example.com")) }
            // The owner, from an address with no failure of its own, is let through.
            _ = try await throttle.admit(.init(ip: "198.51.100.7", email: "chefe@example.com"))
        }
    }

    @Test func anIPv6ClientIsCountedByItsSlash64() {
        #expect(SignInThrottle.Attempt(ip: "2001:db8:1:2:aaaa::1", email: "a").ip == "2001:db8:1:2::/64")
        #expect(SignInThrottle.Attempt(ip: "2001:db8:1:2:ffff:ffff:ffff:ffff", email: "a").ip == "2001:db8:1:2::/64")
        #expect(SignInThrottle.Attempt(ip: "203.0.113.9", email: "a").ip == "203.0.113.9")
    }

    @Test func oneAddressTryingManyEmailsAndManyAddressesTryingOneAreStoppedLater() async throws {
        try await withDatabase(.sqlite) { database in
            let throttle = SignInThrottle(database: database)
            let perAddress = SignInThrottle.scopes[1].limit, perEmail = SignInThrottle.scopes[2].limit
            for number in 1...perAddress {
                _ = try await throttle.admit(.init(ip: "10.0.0.1", email: "conta\(number)@example.com"))
            }
            try await expectLimited { try await throttle.admit(.init(ip: "10.0.0.1", email: "outra@example.com")) }

            for number in 1...perEmail {
                _ = try await throttle.admit(
                    .init(ip: "10.1.\(number / 250).\(number % 250)", email: "ana@example.com"))
            }
            try await expectLimited { try await throttle.admit(.init(ip: "10.1.0.1", email: "ana@example.com")) }
            _ = try await throttle.admit(.init(ip: "10.1.0.1", email: "bia@example.com"))
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aBurstOfParallelGuessesGetsOnlyTheLimitThrough(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let throttle = SignInThrottle(database: database)
            let admitted = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        do {
                            _ = try await throttle.admit(.init(ip: "10.0.0.1", email: "ana@example.com"))
                            return true
                        } catch let refusal as Refusal where refusal.kind == .limited {
                            return false
                        }
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(admitted == SignInThrottle.limit)
        }
    }
}

/// The attempt is refused for now, as too many, with a wait to try again after.
private func expectLimited(_ attempt: () async throws -> some Any, sourceLocation: SourceLocation = #_sourceLocation)
    async throws
{
    let refusal = await #expect(throws: Refusal.self, sourceLocation: sourceLocation) { _ = try await attempt() }
    #expect(refusal?.kind == .limited, sourceLocation: sourceLocation)
    #expect((refusal?.retryAfterSeconds ?? 0) > 0, sourceLocation: sourceLocation)
}
