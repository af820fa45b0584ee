import APISchema
import Commerce
import Fluent
import Localization
import Payments
import Schema
import Vapor

/// `/api/v1/admin/revenue`: the revenue report over the last 30 days.
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
        let activeSubscribers: Int
        let expiringThisWeek: Int

        init(_ report: RevenueReport) {
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
        ])
    }

    static let operations: [APIRoute] = [
        APIRoute(
            method: .GET, url: .adminRevenue, summary: "The revenue report over the last 30 days", tag: "admin",
            access: .admin,
            responses: [(.ok, "The report", .reference("Revenue"))] + APIResponses.adminRefusals, handler: revenue)
    ]

    static let schemas: [String: JSONSchema] = [
        "Revenue": RevenueDTO.schema
    ]

    @Sendable static func revenue(req: Request) async throws -> Response {
        try APICoding.response(RevenueDTO(try await RevenueReport.load(on: req.db, now: req.now)))
    }
}
