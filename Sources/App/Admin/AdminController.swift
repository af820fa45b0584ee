import APISchema
import Fluent
import Mail
import Plot
import Schema
import Vapor

/// The admin panel's pages. Every route registered here sits behind `AccessControl.RequireAdmin`.
enum AdminController {
    static func register(on routes: any RoutesBuilder) {
        routes.get(AdminURL.dashboard.pathComponents, use: dashboard)
    }

    /// The figures on the dashboard.
    struct DashboardCounts: Content, Equatable {
        let users: Int
        let activeSubscriptions: Int
        let pendingCheckouts: Int
        /// Messages given up in the last 24 hours.
        let failedEmails: Int

        static func query(on database: any Database, now: Date = Date()) async throws -> DashboardCounts {
            async let users = User.query(on: database).count()
            // Those letting a member in now, past due in their grace included: the rule the door applies.
            async let active = SubscriptionAccess.count(on: database, at: now)
            async let pending = Checkout.query(on: database).filter(\.$status == .pending).count()
            let failed = try await OutboxAdministration.failedCount(
                since: now.addingTimeInterval(-86_400), on: database)
            return DashboardCounts(
                users: try await users, activeSubscriptions: try await active, pendingCheckouts: try await pending,
                failedEmails: failed)
        }
    }

    @Sendable static func dashboard(req: Request) async throws -> Response {
        let counts = try await DashboardCounts.query(on: req.db, now: req.now)
        let context = await req.pageContext()
        let copy = context.copy
        return AdminLayout.render(
            context, area: .dashboard, title: copy.dashboard,
            .ul(
                .class("stat-cards"),
                .li(
                    .class("stat"), .span(.class("stat-value"), .text(String(counts.users))),
                    .span(.class("stat-label"), .text(copy.userCount))),
                .li(
                    .class("stat"), .span(.class("stat-value"), .text(String(counts.activeSubscriptions))),
                    .span(.class("stat-label"), .text(copy.activeSubscriptionCount))),
                .li(
                    .class("stat"), .span(.class("stat-value"), .text(String(counts.pendingCheckouts))),
                    .span(.class("stat-label"), .text(copy.pendingCheckoutCount))),
                .li(
                    .class(counts.failedEmails > 0 ? "stat warning" : "stat"),
                    .a(
                        .href(AdminURL.emails.path + "?status=failed"),
                        .span(.class("stat-value"), .text(String(counts.failedEmails))),
                        .span(.class("stat-label"), .text(copy.failedEmailsLastDay))))
            )
        )
    }
}

/// `/api/v1/admin/dashboard`: the dashboard's figures, as JSON.
enum DashboardAPI {
    static let operations: [APIRoute] = [
        APIRoute(
            method: .GET, url: .adminDashboard, summary: "Counts for the admin dashboard", tag: "admin",
            access: .admin,
            responses: [
                (
                    .ok, "The counts",
                    JSONSchema.object([
                        .init("users", .integer), .init("active_subscriptions", .integer),
                        .init("pending_checkouts", .integer), .init("failed_emails", .integer),
                    ])
                )
            ] + APIResponses.adminRefusals,
            handler: { req in
                try APICoding.response(try await AdminController.DashboardCounts.query(on: req.db, now: req.now))
            })
    ]
}
