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

/// Recurring plans in the admin, the API and the plans page.
@Suite struct RecurringOffersTests {
    @Test(arguments: DatabaseKind.underTest)
    func anAdminMakesAMonthlyAndAnEvery15DaysPlanAndVisitorsSeeTheirTerms(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            var admin = try await app.adminBrowser()
            let monthly = try await admin.submit(
                AdminURL.planNew.path,
                ["name": "Mensal", "price": "29,90", "billing_period": "P1M", "accepts_pix": "true"])
            let fortnightly = try await admin.submit(
                AdminURL.planNew.path,
                [
                    "name": "Quinzenal", "price": "15,90", "billing_period": "days", "duration_days": "15",
                    "accepts_pix": "true",
                ])

            #expect(monthly.status == .seeOther)
            #expect(fortnightly.status == .seeOther)
            let plans = try await Plan.query(on: app.db).sort(\.$price).all()
            #expect(plans.map(\.billingPeriod) == ["P15D", "P1M"])
            #expect(plans.map(\.billing) == [.recurring, .recurring])
            var visitor = TestBrowser(app)
            let page = try await visitor.get(SiteURL.plans.path).text
            #expect(page.contains("R$ 29,90"))
            #expect(page.contains("por mês"))
            #expect(page.contains("a cada 15 dias"))
            let edit = try await admin.get(AdminURL.plan(plans[0].id).path).text
            #expect(edit.contains(#"<option value="days" label="Recorrente: a cada N dias (a duração)" selected"#))
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aRecurringPlanWithoutAPeriodIsRefusedOnTheForm(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            var admin = try await app.adminBrowser()
            let refused = try await admin.submit(
                AdminURL.planNew.path,
                ["name": "Mensal", "price": "29,90", "billing_period": "P13M", "accepts_pix": "true"])

            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("Escolha o período da recorrência"))
            #expect(try await Plan.query(on: app.db).count() == 0)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func theAPIMakesAQuarterlyPlanAndListsItsTerms(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let token = try await APIClient.adminToken(app)
            let (created, _) = try await APIClient.send(
                app, .POST, APIURL.adminPlans.path, token: token,
                body: ["name": "Trimestral", "price": 8_990, "billing": "recurring", "billing_period": "P3M"])
            let (refused, refusal) = try await APIClient.send(
                app, .POST, APIURL.adminPlans.path, token: token,
                body: ["name": "Sem período", "price": 8_990, "billing": "recurring"])
            let (listed, plans) = try await APIClient.send(app, .GET, APIURL.plans.path, token: token)

            #expect(created.status == .created)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("billing_period"), "\(String(describing: refusal))")
            #expect(listed.status == .ok)
            guard case .array(let items)? = plans, case .object(let plan)? = items.first else {
                Issue.record("no plan listed: \(String(describing: plans))")
                return
            }
            #expect(APIClient.string(plan["billing"]) == "recurring")
            #expect(APIClient.string(plan["billing_period"]) == "P3M")
            #expect(APIClient.int(plan["duration_days"]) == 90)
        }
    }
}
