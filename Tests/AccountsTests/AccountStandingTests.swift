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

    @Test func aPastDueSubscriptionLetsItsMemberInUntilItsGraceEnds() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let ended = now.addingTimeInterval(-86_400)
        let grace = now.addingTimeInterval(2 * 86_400)
        let row = AccountSummary.SubscriptionRow(
            planName: "Mensal", status: .pastDue, startDate: nil, endDate: ended, graceEndsAt: grace)

        #expect(AccountSummary.standing(summaryCode: .active, subscriptions: [row], now: now) == .active(until: grace))
        #expect(
            AccountSummary.standing(summaryCode: .active, subscriptions: [row], now: grace)
                == .expired(on: ended), "the grace is over")
    }
}
