import DatabaseTestBed
import FluentKit
import Foundation
import Localization
import Schema
import Testing

@testable import Accounts

/// A test double of the password hasher: a SHA-256, so the reset's rules are tested without bcrypt's cost. The
/// real hasher is the application's, tested through the site.
struct DigestHasher: PasswordHashing {
    func hash(_ password: String) async throws -> String { "sha256:" + TokenDigest.digest(password) }
    func verify(_ password: String, created hash: String) async throws -> Bool {
        hash == (try await self.hash(password))
    }
}

/// "Esqueci minha senha": one link per request, an hour long, used once; a new password signs the account out
/// everywhere, and nothing tells whether an e-mail has an account.
@Suite struct PasswordResetTests {
    static let now = Date(timeIntervalSince1970: 1_795_618_800)

    @Test(arguments: DatabaseKind.underTest)
    func anAccountGetsATokenStoredOnlyAsItsDigestAndAnUnknownEmailNone(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let user = try await database.makeUser("ana@example.com")

            let issued = try #require(
                try await PasswordReset.issue(forEmail: " Ana@Example.com ", on: database, now: Self.now))
            let unknown = try await PasswordReset.issue(forEmail: "ninguem@example.com", on: database, now: Self.now)

            #expect(issued.user.id == user.id)
            #expect(unknown == nil)
            let stored = try #require(try await AccountToken.query(on: database).first())
            #expect(stored.tokenHash == TokenDigest.digest(issued.token))
            #expect(stored.tokenHash != issued.token)
            #expect(stored.expiresAt == Self.now.addingTimeInterval(3_600))
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func anAccountIsSentAtMostThreeLinksAnHour(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            _ = try await database.makeUser("ana@example.com")

            var issued: [Bool] = []
            for _ in 0..<4 {
                issued.append(try await PasswordReset.issue(forEmail: "ana@example.com", on: database) != nil)
            }

            #expect(issued == [true, true, true, false])
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aLinkSetsTheNewPasswordOnceAndSignsTheAccountOutEverywhere(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let user = try await database.makeUser("ana@example.com")
            let userID = try user.requireID()
            _ = try await AuthTokens.issue(.session, for: userID, on: database)
            _ = try await AuthTokens.issue(.api, for: userID, on: database)
            let first = try #require(try await PasswordReset.issue(forEmail: "ana@example.com", on: database))
            let second = try #require(try await PasswordReset.issue(forEmail: "ana@example.com", on: database))

            try await PasswordReset.confirm(
                token: first.token, password: "nova-senha-segura", hasher: DigestHasher(), on: database)

            let stored = try #require(try await User.find(userID, on: database))
            #expect(try await DigestHasher().verify("nova-senha-segura", created: stored.passwordHash))
            #expect(try await AuthToken.query(on: database).count() == 0, "every session and API token revoked")
            for token in [first.token, second.token] {
                #expect(try await !PasswordReset.isOpen(token, on: database), "used, or made pointless by the reset")
                await #expect(throws: Refusal.self) {
                    try await PasswordReset.confirm(
                        token: token, password: "outra-senha-segura", hasher: DigestHasher(), on: database)
                }
            }
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func anExpiredOrUnknownLinkIsRefusedOnItsFieldAndChangesNothing(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let user = try await database.makeUser("ana@example.com")
            let issued = try #require(
                try await PasswordReset.issue(forEmail: "ana@example.com", on: database, now: Self.now))
            let later = Self.now.addingTimeInterval(3_601)

            for token in [issued.token, "not-a-token", String(repeating: "x", count: 500)] {
                let refusal = await #expect(throws: Refusal.self) {
                    try await PasswordReset.confirm(
                        token: token, password: "nova-senha-segura", hasher: DigestHasher(), on: database, now: later)
                }
                #expect(refusal?.reason(of: "token", as: AccountProblem.self) == .resetLinkInvalid)
            }
            #expect(try await User.find(user.id, on: database)?.passwordHash == user.passwordHash)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aPasswordAgainstTheRulesIsRefusedAndTheLinkStillWorks(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            _ = try await database.makeUser("ana@example.com")
            let issued = try #require(try await PasswordReset.issue(forEmail: "ana@example.com", on: database))

            let refusal = await #expect(throws: Refusal.self) {
                try await PasswordReset.confirm(
                    token: issued.token, password: "curta", hasher: DigestHasher(), on: database)
            }

            #expect(refusal?.reason(of: "password", as: AccountProblem.self) == .passwordTooShort)
            #expect(try await PasswordReset.isOpen(issued.token, on: database))
        }
    }

    @Test(.enabled(if: DatabaseKind.postgresIsUnderTest))
    func twoUsesOfOneLinkAtOnceSetOnePassword() async throws {
        try await withTwoSessions(.postgres) { first, second in
            _ = try await first.makeUser("ana@example.com")
            let issued = try #require(try await PasswordReset.issue(forEmail: "ana@example.com", on: first))

            async let a: Bool = {
                (try? await PasswordReset.confirm(
                    token: issued.token, password: "senha-numero-um", hasher: DigestHasher(), on: first)) != nil
            }()
            async let b: Bool = {
                (try? await PasswordReset.confirm(
                    token: issued.token, password: "senha-numero-dois", hasher: DigestHasher(), on: second)) != nil
            }()
            let outcomes = await [a, b]

            #expect(outcomes.filter { $0 }.count == 1)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func oneAddressMayAskTenTimesAnHour(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            for _ in 0..<PasswordReset.requestsPerAddressPerHour {
                try await PasswordReset.admit(ip: "203.0.113.9", on: database)
            }
            let refusal = await #expect(throws: Refusal.self) {
                try await PasswordReset.admit(ip: "203.0.113.9", on: database)
            }
            #expect(refusal?.kind == .limited)
            try await PasswordReset.admit(ip: "198.51.100.1", on: database)
        }
    }
}
