import Commerce
import DatabaseTestBed
import Fluent
import Foundation
import Localization
import Schema
import Testing
import Vapor

@testable import App

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
