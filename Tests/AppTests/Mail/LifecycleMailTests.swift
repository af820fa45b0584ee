import Commerce
import DatabaseTestBed
import Fluent
import Foundation
import Localization
import Mail
import Schema
import Site
import Testing
import Vapor
import VaporTesting

@testable import App

/// The member's lifecycle by e-mail, driven by the jobs at chosen clock times: a recovery e-mail for each
/// abandoned checkout, reminders 7 days and 1 day before a subscription ends and on its last day, and the
/// one-click way to stop them.
@Suite struct LifecycleMailTests {
    static let day: TimeInterval = 86_400

    static func outbox(_ app: Application, kind: MailKind) async throws -> [OutboxMessage] {
        try await OutboxMessage.query(on: app.db).filter(\.$kind == kind).sort(\.$id).all()
    }

    /// A subscriber of the monthly plan whose access ends at `end`.
    static func subscriber(_ app: Application, endingAt end: Date) async throws -> (User, Subscription) {
        let user = try await app.makeUser("assinante@example.com")
        let plan = Plan(name: "Mensal", price: 2_990, duration: 30)
        try await plan.create(on: app.db)
        let subscription = Subscription(
            userID: user.id, planID: plan.id, startDate: end.addingTimeInterval(-30 * day), endDate: end,
            status: .active)
        try await subscription.create(on: app.db)
        return (user, subscription)
    }

    @Test(arguments: DatabaseKind.underTest)
    func remindersGoSevenDaysAndOneDayBeforeAndOnTheLastDayEachOnce(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            // setup: access ends 25/11/2026 at 18:00 in São Paulo (21:00 UTC)
            let end = try #require(ISO8601DateFormatter().date(from: "2026-11-25T21:00:00Z"))
            _ = try await Self.subscriber(app, endingAt: end)
            let mailer = try await app.checkoutMailer()

            // MUT: the job at chosen moments
            var queuedAt: [String: Int] = [:]
            for (label, moment) in [
                ("8 days before", end - 8 * Self.day), ("7 days before, the next quarter", end - 7 * Self.day + 900),
                ("again", end - 7 * Self.day + 1_800), ("23 hours before", end - 23 * 3_600),
                ("that morning", end - 9 * 3_600), ("after the end", end + 60),
            ] {
                queuedAt[label] = try await mailer.queueRenewalReminders(on: app.db, now: moment)
            }

            // validate
            #expect(
                queuedAt == [
                    "8 days before": 0, "7 days before, the next quarter": 1, "again": 0, "23 hours before": 1,
                    "that morning": 1,
                    "after the end": 0,
                ])
            let subjects = try await Self.outbox(app, kind: .renewalReminder).map(\.subject)
            #expect(
                subjects == [
                    "Sua assinatura Mensal termina em 7 dias", "Sua assinatura Mensal termina amanhã",
                    "Sua assinatura Mensal termina hoje",
                ])
            let first = try #require(try await Self.outbox(app, kind: .renewalReminder).first)
            #expect(first.unsubscribeURL?.contains(SiteURL.emailUnsubscribe.path) == true)
            #expect(first.textBody.contains("Renovar agora:\nhttp"), "the link to renew the plan")
            #expect(first.textBody.contains("/assinar/"))
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func subscribersPastTheFirstPageAreRemindedOnceEach(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            // setup: one more subscription ending in three days than the job reads at once
            let count = CheckoutMailer.reminderPage + 1
            let plan = Plan(name: "Mensal", price: 2_990, duration: 30)
            try await plan.create(on: app.db)
            try await (0..<count).map {
                User(name: "Assinante \($0)", email: "lote-\($0)@example.com", passwordHash: "x")
            }
            .create(on: app.db)
            let now = Date(), end = now.addingTimeInterval(3 * Self.day)
            try await User.query(on: app.db).all().map {
                Subscription(userID: $0.id, planID: plan.id, startDate: now, endDate: end, status: .active)
            }.create(on: app.db)
            let mailer = try await app.checkoutMailer()

            // MUT
            let first = try await mailer.queueRenewalReminders(on: app.db, now: now)
            let again = try await mailer.queueRenewalReminders(on: app.db, now: now)

            // validate
            #expect((first, again) == (count, 0))
            let recipients = Set(try await Self.outbox(app, kind: .renewalReminder).map(\.toAddress))
            #expect(recipients.count == count)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aSubscriptionBoughtLateHearsTheRealDaysLeft(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let now = Date()
            _ = try await Self.subscriber(app, endingAt: now.addingTimeInterval(3 * Self.day - 60))

            try await app.checkoutMailer().queueRenewalReminders(on: app.db, now: now)

            #expect(
                try await Self.outbox(app, kind: .renewalReminder).map(\.subject) == [
                    "Sua assinatura Mensal termina em 3 dias"
                ])
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aMemberStopsRemindersInOneClickAndGetsNoMore(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let end = Date().addingTimeInterval(3 * Self.day)
            let (user, subscription) = try await Self.subscriber(app, endingAt: end)
            let mailer = try await app.checkoutMailer()
            try await mailer.queueRenewalReminders(on: app.db, now: end - 6 * Self.day)
            let link = try #require(try await Self.outbox(app, kind: .renewalReminder).first?.unsubscribeURL)
            let path = try #require(URLComponents(string: link).map { $0.path + "?" + ($0.query ?? "") })

            // MUT: a mail program's one-click POST (RFC 8058): no cookie, no form token
            let page = try await app.testing().sendRequest(.GET, path)
            let posted = try await app.testing().sendRequest(
                .POST, path, headers: ["Content-Type": "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "List-Unsubscribe=One-Click"))
            subscription.endDate = end.addingTimeInterval(Self.day)
            try await subscription.save(on: app.db)
            try await mailer.queueRenewalReminders(on: app.db, now: end - 6 * Self.day + Self.day)

            // validate
            #expect(page.status == .ok)
            #expect(page.text.contains("Parar de receber lembretes de renovação?"))
            #expect(posted.status == .ok)
            #expect(posted.text.contains("Inscrição cancelada"))
            #expect(try await User.find(user.id, on: app.db)?.wantsRenewalReminders == false)
            let statuses = try await Self.outbox(app, kind: .renewalReminder).map(\.status)
            #expect(statuses == [.pending, .suppressed], "the next reminder is recorded, not sent")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aForgedUnsubscribeLinkIsNotFoundAndChangesNothing(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let user = try await app.makeUser("ana@example.com")
            let id = try user.requireID()

            let forged = try await app.testing().sendRequest(
                .POST, SiteURL.emailUnsubscribe.path + "?u=\(id)&c=renewal_reminders&t=abc")
            let otherCategory = try await app.testing().sendRequest(
                .POST,
                SiteURL.unsubscribe(userID: id, category: .recovery, appSecret: app.configuration.appSecret)
                    .replacingOccurrences(of: "c=recovery", with: "c=renewal_reminders"))

            #expect(forged.status == .notFound)
            #expect(otherCategory.status == .notFound)
            #expect(try await User.find(id, on: app.db)?.wantsRenewalReminders != false)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func theAccountPageSwitchesTheMailAMemberMayStop(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let user = try await app.makeUser("ana@example.com", password: "senha-da-ana-1")
            var browser = TestBrowser(app)
            try await browser.signIn("ana@example.com", "senha-da-ana-1")

            let saved = try await browser.submit(SiteURL.accountEmails.path, ["recovery": "true"])

            #expect(saved.status == .seeOther)
            let stored = try #require(try await User.find(user.id, on: app.db))
            #expect(stored.wantsRenewalReminders == false, "an unticked box means no")
            #expect(stored.wantsRecoveryEmails == true)
            let page = try await browser.get(SiteURL.account.path + "?aviso=emails-salvos")
            #expect(page.text.contains("Preferências salvas."))
            #expect(page.text.contains(#"name="renewal_reminders" id="renewal_reminders" value="true"/>"#))
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func anAbandonedCheckoutGetsOneRecoveryEmailWhoseLinkFillsTheFormAgain(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            // setup: a Pix checkout with the photos bump, an hour and a half old
            let shop = try await CommerceFixtures.shop(app)
            let (response, json) = try await CommerceFixtures.startCheckout(
                app,
                CommerceFixtures.checkoutBody(
                    planID: try shop.plan.requireID(), bumps: [try shop.bumps[0].requireID()],
                    email: "nova@example.com"))
            #expect(response.status == .created)
            #expect(APIClient.int(json["id"]) != nil)
            let later = Date().addingTimeInterval(90 * 60)

            // MUT: the abandon job, twice
            let first = try await CommerceScheduler.run(.abandonCheckouts, on: app, now: later)
            let second = try await CommerceScheduler.run(.abandonCheckouts, on: app, now: later + 600)

            // validate
            #expect(first == 1)
            #expect(second == 0)
            let recovery = try await Self.outbox(app, kind: .recovery)
            #expect(recovery.count == 1)
            let line = try #require(recovery.first?.textBody.split(separator: "\n").first { $0.contains("retomar=") })
            let url = try #require(URLComponents(string: String(line)))
            var visitor = TestBrowser(app)
            let form = try await visitor.get(url.path + "?" + (url.query ?? ""))
            #expect(form.text.contains(#"value="nova@example.com""#))
            #expect(form.text.contains(#"value="\#(try shop.bumps[0].requireID())" checked"#))
            #expect(!form.text.contains("529.982.247-25"), "a link never carries the CPF")
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func noRecoveryEmailGoesWhenTheSettingIsOff(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            try await AdminSetting(key: KnownSetting.recoveryEmails.rawValue, value: "false").create(on: app.db)
            let shop = try await CommerceFixtures.shop(app)
            _ = try await CommerceFixtures.startCheckout(
                app, CommerceFixtures.checkoutBody(planID: try shop.plan.requireID(), email: "nova@example.com"))

            let abandoned = try await CommerceScheduler.run(
                .abandonCheckouts, on: app, now: Date().addingTimeInterval(90 * 60))

            #expect(abandoned == 1)
            #expect(try await Self.outbox(app, kind: .recovery).isEmpty)
        }
    }
}
