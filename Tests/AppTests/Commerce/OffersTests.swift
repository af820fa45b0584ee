import Commerce
import DatabaseTestBed
import Fluent
import Foundation
import Localization
import Schema
import Testing
import Vapor

@testable import App

@Suite struct OffersTests {
    static func input(
        name: String = "Mensal", price: Int = 2_990, duration: Int = 30, benefits: [String] = ["Tudo liberado"],
        checkoutURL: String = "", pix: Bool = true, card: Bool = true
    ) -> PlanAdministration.Input {
        .init(
            name: name, priceCents: price, durationDays: duration, benefits: benefits, ctaText: "Assinar",
            checkoutURL: checkoutURL,
            acceptsPix: pix, acceptsCard: card)
    }

    static func problems(_ input: PlanAdministration.Input, _ app: Application) async throws -> [String: OfferProblem] {
        do {
            try await PlanAdministration.save(input, into: Plan(), on: app.db)
            return [:]
        } catch let refused as Refusal {
            return refused.fields(as: OfferProblem.self)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aPlanIsRefusedFieldByField(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
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
                let problems = try await Self.problems(input, app)
                #expect(problems == expected)
            }
            #expect(try await Plan.query(on: app.db).count() == 1)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aPlanInUseIsKept(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let plan = Plan()
            try await PlanAdministration.save(Self.input(), into: plan, on: app.db)
            try await Checkout(userID: nil, planID: plan.id, paymentMethod: .pix, totalAmount: 2_990).create(on: app.db)
            let refusal = await #expect(throws: Refusal.self) { try await PlanAdministration.delete(plan, on: app.db) }
            #expect(refusal?.reason as? OfferProblem == .planInUse)
            #expect(try await Plan.find(plan.id, on: app.db) != nil)
        }
    }
}

@Suite struct OffersAdminTests {
    @Test(arguments: DatabaseKind.underTest)
    func anAdminCreatesAPlanWithAPriceInReaisAndABump(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            var admin = try await app.adminBrowser()
            let refused = try await admin.submit(
                AdminURL.planNew.path, ["name": "Mensal", "price": "vinte", "duration_days": "30"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("Informe um preço"))

            let created = try await admin.submit(
                AdminURL.planNew.path,
                [
                    "name": "Mensal", "price": "1.234,56", "duration_days": "30",
                    "benefits": "Tudo liberado\nNovidades", "accepts_pix": "true",
                ])
            #expect(created.status == .seeOther)
            let plan = try #require(try await Plan.query(on: app.db).first())
            #expect(plan.price == 123_456)
            #expect(plan.duration == 30)
            #expect(plan.acceptsPix)
            #expect(!plan.acceptsCard)
            #expect(plan.benefits?.value == ["Tudo liberado", "Novidades"])

            _ = try await admin.submit(
                AdminURL.orderBumpNew.path,
                ["name": "Pack extra", "price": "9,90", "display_order": "2", "is_active": "true"])
            let list = try await admin.get(AdminURL.offers.path).text
            #expect(list.contains("R$ 1.234,56"))
            #expect(list.contains("R$ 9,90"))
            #expect(list.contains("Pack extra"))
            let edit = try await admin.get(AdminURL.plan(plan.id).path).text
            #expect(edit.contains(#"value="1.234,56""#), "the price is shown as typed")
        }
    }
}
