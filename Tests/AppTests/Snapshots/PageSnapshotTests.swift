import Commerce
import DatabaseTestBed
import Demo
import Fluent
import Foundation
import SQLKit
import Schema
import SnapshotTesting
import Testing
import Vapor
import VaporTesting

@testable import App

/// The HTML of the main pages, byte for byte, on the demo data at a fixed moment. A restructuring is done when these
/// are unchanged; a change that means to alter a page re-records its snapshot (`SNAPSHOT_TESTING_RECORD=all`) and
/// shows the difference in review. Both databases must draw the same bytes, so they share one snapshot.
@Suite struct PageSnapshotTests {
    @Test(arguments: DatabaseKind.underTest)
    func visitorHomePage(_ kind: DatabaseKind) async throws {
        try await withDemoSite(kind) { app in
            var visitor = TestBrowser(app)
            try await assertPage(visitor.get(SiteURL.home.path), of: visitor, named: "home")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func creatorModelPage(_ kind: DatabaseKind) async throws {
        try await withDemoSite(kind) { app in
            var visitor = TestBrowser(app)
            try await assertPage(visitor.get(SiteURL.creatorModel(1).path), of: visitor, named: "model")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func postPageForASubscriber(_ kind: DatabaseKind) async throws {
        try await withDemoSite(kind) { app in
            var subscriber = TestBrowser(app)
            try await subscriber.signIn(DemoData.subscriber.email, DemoData.subscriber.password)
            try await assertPage(subscriber.get(SiteURL.creatorPost(1).path), of: subscriber, named: "post")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func checkoutPage(_ kind: DatabaseKind) async throws {
        try await withDemoSite(kind) { app in
            var visitor = TestBrowser(app)
            try await assertPage(visitor.get(SiteURL.checkout(planID: 1).path), of: visitor, named: "checkout")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func pixPaymentPage(_ kind: DatabaseKind) async throws {
        try await withDemoSite(kind) { app in
            var visitor = TestBrowser(app)
            let paymentPage = try await startPixCheckout(as: &visitor, on: app)
            try await assertPage(visitor.get(paymentPage), of: visitor, named: "pix-payment")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func accountPage(_ kind: DatabaseKind) async throws {
        try await withDemoSite(kind) { app in
            var subscriber = TestBrowser(app)
            try await subscriber.signIn(DemoData.subscriber.email, DemoData.subscriber.password)
            try await assertPage(subscriber.get(SiteURL.account.path), of: subscriber, named: "account")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func adminDashboard(_ kind: DatabaseKind) async throws {
        try await withDemoSite(kind) { app in
            var admin = TestBrowser(app)
            try await admin.signIn(DemoData.admin.email, DemoData.admin.password)
            try await assertPage(admin.get(AdminURL.dashboard.path), of: admin, named: "admin-dashboard")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func adminRevenuePage(_ kind: DatabaseKind) async throws {
        try await withDemoSite(kind) { app in
            var visitor = TestBrowser(app)
            _ = try await startPixCheckout(as: &visitor, on: app)
            let checkout = try #require(
                try await Checkout.query(on: app.db).filter(\.$customerEmail == "nova@example.com").first())
            let outcome = try await SubscriptionLifecycle.markPaid(
                checkoutID: checkout.requireID(), on: app.db, now: Self.moment)
            #expect(outcome == .applied)
            var admin = TestBrowser(app)
            try await admin.signIn(DemoData.admin.email, DemoData.admin.password)
            try await assertPage(admin.get(AdminURL.revenue.path), of: admin, named: "admin-revenue")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func adminAdsList(_ kind: DatabaseKind) async throws {
        try await withDemoSite(kind) { app in
            var admin = TestBrowser(app)
            try await admin.signIn(DemoData.admin.email, DemoData.admin.password)
            try await assertPage(admin.get(AdminURL.ads.path), of: admin, named: "admin-ads")
        }
    }
}

extension PageSnapshotTests {
    /// 25 November 2026, 12:00 in São Paulo: the moment every snapshot is drawn at.
    static let moment = Date(timeIntervalSince1970: 1_795_618_800)

    /// A fixed secret, so that the payment page's status token is the same on every run.
    static let appSecret = String(repeating: "5a", count: 32)

    /// An application on the demo data, its clock stopped at `moment` and every row's creation time fixed.
    func withDemoSite(_ kind: DatabaseKind, _ body: (Application) async throws -> Void) async throws {
        try await withApp(
            kind,
            configuration: { configuration in
                configuration.clock = { Self.moment }
                configuration.appSecret = Self.appSecret
            }
        ) { app in
            _ = try await DemoData.load(
                on: app.db, hasher: app.password.async, appSecret: app.configuration.appSecret, now: Self.moment)
            try await fixTimestamps(on: app)
            try await body(app)
        }
    }

    /// A visitor's Pix checkout of the monthly plan and the first bump; returns its payment page.
    func startPixCheckout(as visitor: inout TestBrowser, on app: Application) async throws -> String {
        let started = try await visitor.submitRaw(
            SiteURL.checkout(planID: 1).path,
            body: "name=Nova+Cliente&email=nova%40example.com&cpf=529.982.247-25&phone=%2811%29+91234-5678"
                + "&password=senha-da-nova-1&method=pix&bump_ids[]=1")
        let paymentPage = try #require(started.location, "the checkout answered \(started.status)")
        try await fixTimestamps(on: app)
        return paymentPage
    }

    /// Fluent stamps `created_at` and `updated_at` with the system's clock: each row's becomes an hour before the
    /// next one's, ending at `moment`, so that the order the demo data was written in is kept.
    func fixTimestamps(on app: Application) async throws {
        let stamped: [(table: String, columns: [String])] = [
            (User.schema, ["created_at"]), (Plan.schema, []), (OrderBump.schema, ["created_at"]),
            (CreatorModel.schema, ["created_at"]), (CreatorPost.schema, ["created_at"]),
            (Ad.schema, ["created_at", "updated_at"]),
            (SupportContact.schema, ["updated_at"]), (Subscription.schema, ["created_at"]),
            (Checkout.schema, ["created_at", "updated_at"]), (SubscriptionAudit.schema, ["created_at"]),
        ]
        let sql = try app.sql
        for (table, columns) in stamped where !columns.isEmpty {
            let ids = try await sql.select().column("id").from(table).orderBy("id", .descending).all()
                .map { try $0.decode(column: "id", as: Int.self) }
            for (offset, id) in ids.enumerated() {
                let stamp = Self.moment.addingTimeInterval(-3600 * Double(offset + 1))
                var update = sql.update(table)
                for column in columns { update = update.set(SQLIdentifier(column), to: SQLBind(stamp)) }
                try await update.where("id", .equal, id).run()
            }
        }
    }

    /// Compares a page with its snapshot. The form token is the one random thing on a page: it is replaced by a
    /// placeholder. Pages are written on one line, so a line break goes between tags, for a readable difference.
    func assertPage(
        _ response: TestingHTTPResponse, of browser: TestBrowser, named name: String,
        filePath: StaticString = #filePath, testName: String = #function, line: UInt = #line
    ) {
        #expect(response.status == .ok, "\(name) answered \(response.status)")
        let html = response.text.replacingOccurrences(of: browser.formToken, with: "FORM-TOKEN")
            .replacingOccurrences(of: "><", with: ">\n<")
        assertSnapshot(of: html, as: .lines, named: name, file: filePath, testName: testName, line: line)
    }
}
