import Foundation
import Schema
import Testing

@testable import Accounts

/// Where an account's subscription stands, as the account page and `GET /api/v1/me` say it.
@Suite struct AccountStandingTests {
    @Test func aSubscriptionPastItsEndIsNotShownAsActive() {
        let now = Date()
        let standing = AccountSummary.standing(
            summaryCode: .active,
            subscriptions: [
                .init(planName: "Mensal", status: .active, startDate: nil, endDate: now.addingTimeInterval(-60))
            ],
            now: now)
        #expect(standing == .expired(on: now.addingTimeInterval(-60)))
    }
}
