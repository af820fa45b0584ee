import APISchema
import Commerce
import Fluent
import Localization
import Payments
import Schema
import Vapor

/// `/api/v1/admin/revenue`: the revenue report over the last 30 days, and recurring revenue over 12 months.
enum RevenueAPI {
    struct RevenueDTO: Content {
        struct Day: Content {
            let day: String
            let revenue: Int
            let paidCount: Int
        }
        struct Conversion: Content {
            let method: PaymentMethod
            let created: Int
            let paid: Int
            let rate: Double
        }
        struct BumpTake: Content {
            let orderBumpId: Int
            let name: String
            let taken: Int
            let checkouts: Int
            let rate: Double
        }
        let days: [Day]
        let totalRevenue: Int
        let conversions: [Conversion]
        let orderBumps: [BumpTake]
        struct Month: Content {
            let month: String
            let mrr: Int
            let renewals: Int
            let renewalRevenue: Int
            let failedRenewals: Int
            let cancellations: Int
            let expiries: Int
        }
        struct PastDue: Content {
            let subscriptionId: Int
            let userEmail: String
            let planName: String?
            let graceEndsAt: Date?
            let renewalPrice: Int?
        }
        let activeSubscribers: Int
        let expiringThisWeek: Int
        let mrr: Int
        let months: [Month]
        let pastDueCount: Int
        let pastDue: [PastDue]

        init(_ report: RevenueReport, recurring: RecurringRevenueReport) {
            mrr = recurring.mrrCents
            months = recurring.months.map {
                Month(
                    month: $0.month, mrr: $0.mrrCents, renewals: $0.renewals, renewalRevenue: $0.renewalRevenueCents,
                    failedRenewals: $0.failedRenewals, cancellations: $0.cancellations, expiries: $0.expiries)
            }
            pastDueCount = recurring.pastDueCount
            pastDue = recurring.pastDue.map {
                PastDue(
                    subscriptionId: $0.subscriptionID, userEmail: $0.userEmail, planName: $0.planName,
                    graceEndsAt: $0.graceEndsAt, renewalPrice: $0.amountCents)
            }
            days = report.days.map { Day(day: $0.day, revenue: $0.revenueCents, paidCount: $0.paidCount) }
            totalRevenue = report.totalRevenueCents
            conversions = report.conversions.map {
                Conversion(method: $0.method, created: $0.created, paid: $0.paid, rate: $0.rate)
            }
            orderBumps = report.bumpTakes.map {
                BumpTake(orderBumpId: $0.bumpID, name: $0.name, taken: $0.taken, checkouts: $0.checkouts, rate: $0.rate)
            }
            activeSubscribers = report.activeSubscribers
            expiringThisWeek = report.expiringThisWeek.count
        }

        static let schema = JSONSchema.object([
            .init(
                "days",
                .array(
                    .object([
                        .init("day", .string(format: "date")), .init("revenue", .integer(description: "Cents.")),
                        .init("paid_count", .integer),
                    ]))),
            .init("total_revenue", .integer(description: "Cents, over the 30 days.")),
            .init(
                "conversions",
                .array(
                    .object([
                        .init("method", .enumeration(PaymentMethod.self)), .init("created", .integer),
                        .init("paid", .integer), .init("rate", .number),
                    ]))),
            .init(
                "order_bumps",
                .array(
                    .object([
                        .init("order_bump_id", .integer), .init("name", .string), .init("taken", .integer),
                        .init("checkouts", .integer),
                        .init("rate", .number),
                    ]))),
            .init("active_subscribers", .integer), .init("expiring_this_week", .integer),
            .init("mrr", .integer(description: "Monthly recurring revenue now, in cents.")),
            .init(
                "months",
                .array(
                    .object([
                        .init("month", .string(description: "yyyy-MM in São Paulo; the last 12, oldest first.")),
                        .init("mrr", .integer(description: "Cents, at the month's end (now for this month).")),
                        .init("renewals", .integer), .init("renewal_revenue", .integer(description: "Cents.")),
                        .init("failed_renewals", .integer), .init("cancellations", .integer),
                        .init("expiries", .integer),
                    ]))),
            .init("past_due_count", .integer),
            .init(
                "past_due",
                .array(
                    .object([
                        .init("subscription_id", .integer), .init("user_email", .string),
                        .init("plan_name", .nullable(.string)), .init("grace_ends_at", .nullable(.dateTime)),
                        .init("renewal_price", .nullable(.integer(description: "Cents."))),
                    ]))),
        ])
    }

    static let operations: [APIRoute] = [
        APIRoute(
            method: .GET, url: .adminRevenue,
            summary: "The revenue report over the last 30 days, and recurring revenue by month over 12", tag: "admin",
            access: .admin,
            responses: [(.ok, "The report", .reference("Revenue"))] + APIResponses.adminRefusals, handler: revenue)
    ]

    static let schemas: [String: JSONSchema] = [
        "Revenue": RevenueDTO.schema
    ]

    @Sendable static func revenue(req: Request) async throws -> Response {
        try APICoding.response(
            RevenueDTO(
                try await RevenueReport.load(on: req.db, now: req.now),
                recurring: try await RecurringRevenueReport.load(on: req.db, now: req.now)))
    }
}
