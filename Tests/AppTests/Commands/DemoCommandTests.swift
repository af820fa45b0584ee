import DatabaseTestBed
import Demo
import Fluent
import Foundation
import Schema
import Testing

@testable import App

/// `creatorflix demo` fills an empty database once; a second run adds nothing.
@Suite struct DemoCommandTests {
    @Test(arguments: DatabaseKind.underTest)
    func demoFillsAnEmptyDatabase(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            try await app.runCommand("demo")

            #expect(try await Plan.query(on: app.db).count() == DemoData.plans.count)
            #expect(try await OrderBump.query(on: app.db).count() == DemoData.orderBumps.count)
            #expect(try await CreatorModel.query(on: app.db).count() == DemoData.creators.count)
            #expect(
                try await CreatorPost.query(on: app.db).count()
                    == DemoData.creators.map(\.postTitles.count).reduce(0, +))
            let placements = Set(try await Ad.query(on: app.db).all().map(\.placement))
            #expect(placements.count >= 4)
            #expect(try await SupportContact.query(on: app.db).count() == DemoData.supportContacts.count)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func runningDemoTwiceAddsNothingTheSecondTime(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let first = try await DemoData.load(on: app.db, hasher: app.password.async)
            let countsAfterFirst = try await rowCounts(app.db)

            let second = try await DemoData.load(on: app.db, hasher: app.password.async)

            #expect(first.totalAdded > 0)
            #expect(second.totalAdded == 0)
            #expect(try await rowCounts(app.db) == countsAfterFirst)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func demoAccountsSignInWithThePrintedPasswords(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            try await app.runCommand("demo")

            let admin = try #require(try await User.query(on: app.db).filter(\.$email == DemoData.admin.email).first())
            #expect(admin.role == .admin)
            #expect(try await app.password.async.verify(DemoData.admin.password, created: admin.passwordHash))

            let subscriber = try #require(
                try await User.query(on: app.db).filter(\.$email == DemoData.subscriber.email).first())
            #expect(subscriber.role == .user)
            #expect(subscriber.subscriptionStatus == .active)
            #expect(try await app.password.async.verify(DemoData.subscriber.password, created: subscriber.passwordHash))
            let subscription = try #require(try await subscriber.$subscriptions.get(on: app.db).first)
            #expect(subscription.status == .active)
            #expect(try #require(subscription.endDate) > Date())
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func demoPlanBenefitsRoundTripAsJSON(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            try await app.runCommand("demo")

            let monthly = try #require(try await Plan.query(on: app.db).filter(\.$name == "Mensal").first())
            #expect(monthly.benefits?.value == DemoData.plans.first?.benefits?.value)
            #expect(monthly.price == 2990)
            #expect(monthly.billing == .recurring && monthly.billingPeriod == "P1M", "the demo shows a renewal")
            let subscription = try #require(try await Subscription.query(on: app.db).first())
            #expect(subscription.billingPeriod == "P1M" && subscription.cyclesPaid == 1)
            #expect(subscription.renewalPrice == 2990)
        }
    }

    /// Rows per table, by the table's name.
    private func rowCounts(_ database: any Database) async throws -> [String: Int] {
        [
            Plan.schema: try await Plan.query(on: database).count(),
            OrderBump.schema: try await OrderBump.query(on: database).count(),
            CreatorModel.schema: try await CreatorModel.query(on: database).count(),
            CreatorPost.schema: try await CreatorPost.query(on: database).count(),
            Ad.schema: try await Ad.query(on: database).count(),
            SupportContact.schema: try await SupportContact.query(on: database).count(),
            AdminSetting.schema: try await AdminSetting.query(on: database).count(),
            User.schema: try await User.query(on: database).count(),
            Subscription.schema: try await Subscription.query(on: database).count(),
            Checkout.schema: try await Checkout.query(on: database).count(),
        ]
    }
}
