import DatabaseTestBed
import FluentKit
import Foundation
import Localization
import Schema
import Testing

@testable import Commerce

/// Plans as admins manage them: refused field by field, and kept while anything refers to them.
@Suite struct PlanAdministrationTests {
    static func input(
        name: String = "Mensal", price: Int = 2_990, duration: Int = 30, benefits: [String] = ["Tudo liberado"],
        checkoutURL: String = "", pix: Bool = true, card: Bool = true
    ) -> PlanAdministration.Input {
        .init(
            name: name, priceCents: price, durationDays: duration, benefits: benefits, ctaText: "Assinar",
            checkoutURL: checkoutURL,
            acceptsPix: pix, acceptsCard: card)
    }

    static func problems(_ input: PlanAdministration.Input, _ database: any Database) async throws -> [String:
        OfferProblem]
    {
        do {
            try await PlanAdministration.save(input, into: Plan(), on: database)
            return [:]
        } catch let refused as Refusal {
            return refused.fields(as: OfferProblem.self)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aPlanIsRefusedFieldByField(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let cases: [(PlanAdministration.Input, [String: OfferProblem])] = [
                (Self.input(name: " "), ["name": .planNameRequired]),
                (Self.input(price: 0), ["price": .priceInvalid]),
                (Self.input(duration: 0), ["duration_days": .durationInvalid]),
                (Self.input(benefits: [String(repeating: "x", count: 121)]), ["benefits": .benefitsInvalid]),
                (Self.input(checkoutURL: "http://pague.example.com"), ["checkout_url": .checkoutURLInvalid]),
                (Self.input(pix: false, card: false), ["accepts_pix": .paymentMethodRequired]),
                // An external checkout needs no payment method of ours.
                (Self.input(checkoutURL: "https://pague.example.com/x", pix: false, card: false), [:]),
            ]
            for (input, expected) in cases {
                let problems = try await Self.problems(input, database)
                #expect(problems == expected)
            }
            #expect(try await Plan.query(on: database).count() == 1)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aPlanInUseIsKept(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let plan = Plan()
            try await PlanAdministration.save(Self.input(), into: plan, on: database)
            try await Checkout(userID: nil, planID: plan.id, paymentMethod: .pix, totalAmount: 2_990).create(
                on: database)
            let refusal = await #expect(throws: Refusal.self) {
                try await PlanAdministration.delete(plan, on: database)
            }
            #expect(refusal?.reason as? OfferProblem == .planInUse)
            #expect(try await Plan.find(plan.id, on: database) != nil)
        }
    }
}

/// Recurring plans: a period of 1 to 12 months or 1 to 3,650 days, an optional first-period price, our checkout.
@Suite struct RecurringPlanAdministrationTests {
    static func recurring(
        period: String = "P1M", firstPrice: Int? = nil, checkoutURL: String = "", billing: String = "recurring"
    ) -> PlanAdministration.Input {
        .init(
            name: "Mensal recorrente", priceCents: 2_990, durationDays: 0, benefits: [], ctaText: "",
            checkoutURL: checkoutURL, acceptsPix: true, acceptsCard: true, billing: billing, billingPeriod: period,
            firstPeriodPriceCents: firstPrice)
    }

    @Test(arguments: DatabaseKind.underTest)
    func aRecurringPlanKeepsItsPeriodAndFirstPrice(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let plan = Plan()
            try await PlanAdministration.save(Self.recurring(period: "P3M", firstPrice: 990), into: plan, on: database)

            let stored = try #require(try await Plan.find(plan.id, on: database))
            #expect(stored.billing == .recurring)
            #expect(stored.billingPeriod == "P3M")
            #expect(stored.firstPeriodPrice == 990)
            #expect(stored.duration == 90, "one period at its nominal length, for what counts days")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func turningARecurringPlanOneTimeClearsItsPeriod(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let plan = Plan()
            try await PlanAdministration.save(Self.recurring(firstPrice: 990), into: plan, on: database)
            try await PlanAdministration.save(
                PlanAdministrationTests.input(duration: 45), into: plan, on: database)

            let stored = try #require(try await Plan.find(plan.id, on: database))
            #expect(stored.billing == .oneTime)
            #expect(stored.billingPeriod == nil)
            #expect(stored.firstPeriodPrice == nil)
            #expect(stored.duration == 45)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aRecurringPlanIsRefusedFieldByField(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let cases: [(PlanAdministration.Input, [String: OfferProblem])] = [
                (Self.recurring(period: ""), ["billing_period": .billingPeriodInvalid]),
                (Self.recurring(period: "P13M"), ["billing_period": .billingPeriodInvalid]),
                (Self.recurring(period: "mensal"), ["billing_period": .billingPeriodInvalid]),
                (Self.recurring(firstPrice: 0), ["first_period_price": .firstPeriodPriceInvalid]),
                (
                    Self.recurring(checkoutURL: "https://pague.example.com"),
                    ["checkout_url": .recurringNeedsOurCheckout]
                ),
                (Self.recurring(billing: "anual"), ["billing": .billingInvalid]),
                // A one-time plan has no first period; its duration is what counts.
                (
                    .init(
                        name: "Único", priceCents: 990, durationDays: 30, benefits: [], ctaText: "", checkoutURL: "",
                        acceptsPix: true, acceptsCard: true, firstPeriodPriceCents: 490),
                    ["first_period_price": .firstPeriodPriceInvalid]
                ),
            ]
            for (input, expected) in cases {
                let problems = try await PlanAdministrationTests.problems(input, database)
                #expect(problems == expected)
            }
            let saved = try await Plan.query(on: database).count()
            #expect(saved == 0)
        }
    }
}
