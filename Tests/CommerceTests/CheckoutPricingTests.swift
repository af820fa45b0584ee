import Schema
import Testing

@testable import Commerce

/// The server prices a checkout: the plan plus the ticked bumps that are on sale, each once.
@Suite struct CheckoutPricingTests {
    @Test func theTotalIsThePlanPlusTheSelectedActiveBumpsOnce() throws {
        let plan = Plan(id: 1, name: "Mensal", price: 2_990, duration: 30)
        let bumps = [
            OrderBump(id: 7, name: "Pack de fotos", price: 990, isActive: true, displayOrder: 2),
            OrderBump(id: 8, name: "Chamada de vídeo", price: 4_990, isActive: true, displayOrder: 1),
            OrderBump(id: 9, name: "Desligado", price: 100, isActive: false, displayOrder: 3),
        ]
        let priced = try CheckoutPricing.price(plan: plan, selectedBumpIDs: [7, 8, 7], bumps: bumps)
        #expect(priced.totalAmount == 2_990 + 990 + 4_990)
        #expect(priced.bumpIDs == [8, 7], "display order, each once")
        #expect(try CheckoutPricing.price(plan: plan, selectedBumpIDs: [], bumps: bumps).totalAmount == 2_990)
        #expect(throws: CheckoutPricing.Problem.bumpUnavailable(id: 9)) {
            try CheckoutPricing.price(plan: plan, selectedBumpIDs: [9], bumps: bumps)
        }
        #expect(throws: CheckoutPricing.Problem.bumpUnavailable(id: 99)) {
            try CheckoutPricing.price(plan: plan, selectedBumpIDs: [99], bumps: bumps)
        }
    }

    @Test func aFirstPeriodOfferPricesOnlyARecurringPlansFirstPeriod() throws {
        let plan = Plan(id: 1, name: "Mensal", price: 2_990, duration: 30, billing: .recurring, billingPeriod: "P1M")
        plan.firstPeriodPrice = 990
        let bump = OrderBump(id: 7, name: "Pack de fotos", price: 500, isActive: true, displayOrder: 1)
        #expect(
            try CheckoutPricing.price(plan: plan, selectedBumpIDs: [7], bumps: [bump], firstPeriod: true).totalAmount
                == 1_490)
        #expect(try CheckoutPricing.price(plan: plan, selectedBumpIDs: [7], bumps: [bump]).totalAmount == 3_490)
        plan.billing = .oneTime
        #expect(
            try CheckoutPricing.price(plan: plan, selectedBumpIDs: [], bumps: [], firstPeriod: true).totalAmount
                == 2_990,
            "a one-time plan has no first period")
    }
}
