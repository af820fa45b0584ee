import DatabaseTestBed
import FluentKit
import Foundation
import Payments
import SQLKit
import Schema
import Testing

@testable import Commerce

/// The scheduled commerce jobs: one instance runs each round, and reconciliation asks only about what a lost
/// notification could have left behind.
@Suite struct CommerceJobsTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)  // a fixed instant in November 2026

    @Test(.enabled(if: DatabaseKind.postgresIsUnderTest))
    func onPostgreSQLAJobAnotherInstanceHoldsIsSkipped() async throws {
        try await withTwoSessions(.postgres) { ours, another in
            let job = CommerceJobs.Job.expireSubscriptions
            try await another.transaction { holder in
                // Another instance, mid-run, holds the job's lock.
                _ = try await holder.sql.raw("SELECT pg_advisory_xact_lock(\(bind: job.lockKey))").all()
                #expect(try await CommerceJobs.run(job, abandonAfterMinutes: 60, on: ours, now: Self.now) == nil)
            }
            #expect(
                try await CommerceJobs.run(job, abandonAfterMinutes: 60, on: ours, now: Self.now) == 0,
                "free again once it commits")
        }
    }

    /// A checkout of `gateway` with charge `externalID`, made `minutesAgo` before now.
    static func checkout(
        _ externalID: String, gateway: String = "scripted", minutesAgo: Double, user: User, on database: any Database
    ) async throws -> Checkout {
        let checkout = Checkout(
            userID: user.id, planID: nil, externalID: externalID, paymentMethod: .pix, totalAmount: 990)
        checkout.gateway = gateway
        try await checkout.create(on: database)
        try await database.sql.raw(
            """
            UPDATE checkouts SET created_at = \(bind: Self.now.addingTimeInterval(-minutesAgo * 60))
            WHERE id = \(bind: checkout.requireID())
            """
        ).run()
        return checkout
    }

    @Test(arguments: DatabaseKind.underTest)
    func reconciliationAsksAboutRecentChargesItCanNameAndAppliesWhatIsPaid(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            // setup: five checkouts; only the first is recent, settled yet, named by a charge, and of this provider
            let user = try await database.makeUser("comprador@example.com")
            let due = try await Self.checkout("ch_due", minutesAgo: 10, user: user, on: database)
            let others = [
                try await Self.checkout("ch_fresh", minutesAgo: 1, user: user, on: database),
                try await Self.checkout("ch_stale", minutesAgo: 180, user: user, on: database),
                try await Self.checkout(
                    MercadoPagoGateway.preferencePrefix + "1", minutesAgo: 10, user: user, on: database),
                try await Self.checkout("ch_theirs", gateway: "another", minutesAgo: 10, user: user, on: database),
            ]
            // A test double that says every charge it is asked about is paid.
            let provider = ScriptedProvider(
                confirmsPostbacksByFetching: true, postback: { throw PostbackRejection.signatureMissing },
                fetched: { id in ChargeState(chargeID: id, status: .paid, amountCents: 990, reference: nil) })

            // MUT
            let applied = try await CommerceJobs.run(
                .reconcilePayments, abandonAfterMinutes: 60, providers: [provider], on: database, now: Self.now)

            // validate
            #expect(applied == 1)
            #expect(try await Checkout.find(due.requireID(), on: database)?.status == .paid)
            for checkout in others {
                #expect(try await Checkout.find(checkout.requireID(), on: database)?.status == .pending)
            }
        }
    }
}
