import Commerce
import DatabaseTestBed
import Fluent
import Foundation
import SQLKit
import Schema
import Site
import Testing
import Vapor

@testable import App

@Suite struct CommerceJobsTests {
    @Test(arguments: DatabaseKind.underTest)
    func theScheduledJobsExpireAndAbandonOnTheirSettings(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            // setup: a subscription that ended, and a checkout pending for 45 minutes, with abandonment at 30
            let user = try await app.makeUser("ana@example.com")
            let now = Date()
            try await Subscription(
                userID: user.id, planID: nil, startDate: now.addingTimeInterval(-31 * 86_400),
                endDate: now.addingTimeInterval(-60), status: .active
            ).create(on: app.db)
            let checkout = Checkout(userID: user.id, planID: nil, paymentMethod: .pix, totalAmount: 990)
            try await checkout.create(on: app.db)
            try await (app.db as! any SQLDatabase).raw(
                "UPDATE checkouts SET created_at = \(bind: now.addingTimeInterval(-45 * 60)) WHERE id = \(bind: checkout.requireID())"
            ).run()
            try await AdminSetting(key: KnownSetting.checkoutAbandonMinutes.rawValue, value: "30").create(on: app.db)

            // MUT
            let expired = try await CommerceScheduler.run(.expireSubscriptions, on: app, now: now)
            let abandoned = try await CommerceScheduler.run(.abandonCheckouts, on: app, now: now)

            // validate
            #expect(expired == 1)
            #expect(abandoned == 1)
            #expect(try await Subscription.query(on: app.db).first()?.status == .expired)
            #expect(try await Checkout.find(checkout.id, on: app.db)?.status == .abandoned)
        }
    }
}
