import Commerce
import Localization
import Plot
import Schema

/// A plan's price as the plans page and the checkout show it: "R$ 29,90 por mês", "R$ 89,90 a cada 3 meses".
enum PlanPrice {
    static func paragraph(_ plan: Plan, _ copy: Copy) -> Node<HTML.BodyContext> {
        // A first-period offer leads, with what every later period costs after it.
        if let first = CheckoutPricing.firstPeriodPrice(of: plan) {
            return .p(
                .class("plan-price"), .text(Money(cents: first).formatted),
                .span(
                    .class("hint"),
                    .text(" " + copy.firstPeriodThen(Money(cents: plan.price).formatted + " " + per(plan, copy)))))
        }
        return .p(
            .class("plan-price"), .text(Money(cents: plan.price).formatted),
            .span(.class("hint"), .text(" " + per(plan, copy))))
    }

    /// "por mês", "a cada 3 meses", "por 30 dias".
    static func per(_ plan: Plan, _ copy: Copy) -> String {
        switch SubscriptionLifecycle.Length(of: plan) {
        case .period(.months(let months)): copy.perPeriod(months: months)
        case .period(.days(let days)): copy.perPeriod(days: days)
        case .days(let days): copy.perDuration(days)
        }
    }
}
