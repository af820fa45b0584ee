import FluentKit
import Foundation
import Localization
import Mail
import SMTP
import Schema
import Site

/// What a checkout's changes say by e-mail: the Pix waiting to be paid, the receipt once paid (and the operator's
/// sale notice), the notice of a refund or a chargeback. Each is queued in the transaction that changes the
/// checkout, under a key of that change, so a postback delivered twice mails once.
public struct CheckoutMailer: Sendable {
    /// The site's addresses the messages link to.
    public struct Links: Sendable {
        public var account: String
        public var paymentPage: @Sendable (Int) -> String
        public var adminCheckout: @Sendable (Int) -> String
        /// The plan's checkout form, filled in from an abandoned checkout (its id, and its plan's).
        public var resume: @Sendable (_ checkoutID: Int, _ planID: Int) -> String
        /// Where a subscriber renews: the plan's checkout, or the plans when it has none.
        public var renew: @Sendable (_ planID: Int?) -> String
        /// The one-click unsubscribe link of an account from a category of mail.
        public var unsubscribe: @Sendable (_ userID: Int, _ category: MailCategory) -> String

        public init(
            account: String, paymentPage: @escaping @Sendable (Int) -> String,
            adminCheckout: @escaping @Sendable (Int) -> String,
            resume: @escaping @Sendable (_ checkoutID: Int, _ planID: Int) -> String,
            renew: @escaping @Sendable (_ planID: Int?) -> String,
            unsubscribe: @escaping @Sendable (_ userID: Int, _ category: MailCategory) -> String
        ) {
            self.renew = renew
            self.unsubscribe = unsubscribe
            self.account = account
            self.paymentPage = paymentPage
            self.adminCheckout = adminCheckout
            self.resume = resume
        }
    }

    public var frame: MailFrame
    public var sender: Mailbox
    public var links: Links
    /// The language of a buyer who never chose one: the site's.
    public var siteLanguage: SiteLanguage

    public init(frame: MailFrame, sender: Mailbox, links: Links, siteLanguage: SiteLanguage) {
        self.frame = frame
        self.sender = sender
        self.links = links
        self.siteLanguage = siteLanguage
    }

    /// A Pix charge was opened: its code, amount, expiry and the payment page.
    public func pixWaiting(_ checkout: Checkout, on database: any Database, now: Date) async throws {
        guard checkout.paymentMethod == .pix, let code = checkout.paymentCode, let id = checkout.id,
            let recipient = try await recipient(of: checkout, on: database)
        else { return }
        try await Outbox.enqueue(
            PixWaitingMail(
                name: recipient.name, amount: Money(cents: checkout.totalAmount), pixCode: code,
                expiresAt: checkout.paymentExpiresAt, paymentPageLink: links.paymentPage(id)),
            to: recipient, frame: frame, from: sender, dedupeKey: "pix:checkout:\(id)", on: database, now: now)
    }

    /// The checkout was paid: the buyer's receipt, and the operator's notice when `sale_notification_email` is set.
    public func paid(checkoutID: Int, on database: any Database, now: Date) async throws {
        guard let checkout = try await Checkout.query(on: database).filter(\.$id == checkoutID).with(\.$plan).first()
        else { return }
        let planName = checkout.plan?.name ?? "—"
        if let recipient = try await recipient(of: checkout, on: database),
            let receipt = try await Receipt.of(checkout, on: database, now: now)
        {
            try await Outbox.enqueue(
                ReceiptMail(
                    name: recipient.name, siteName: frame.siteName, lines: receipt.lines, total: receipt.total,
                    paidAt: checkout.paidAt ?? now, maskedCPF: receipt.maskedCPF, checkoutID: checkoutID,
                    accountLink: links.account),
                to: recipient, frame: frame, from: sender, dedupeKey: "receipt:checkout:\(checkoutID)", on: database,
                now: now)
        }
        if let operatorAddress = try await AdminSetting.find(KnownSetting.saleNotificationEmail.rawValue, on: database)?
            .value.trimmingCharacters(in: .whitespaces), !operatorAddress.isEmpty
        {
            try await Outbox.enqueue(
                SaleNotificationMail(
                    buyer: checkout.customerEmail ?? checkout.customerName ?? "—", planName: planName,
                    total: Money(cents: checkout.totalAmount), checkoutLink: links.adminCheckout(checkoutID)),
                to: MailRecipient(userID: nil, address: operatorAddress, name: nil, language: siteLanguage),
                frame: frame, from: sender, dedupeKey: "sale:checkout:\(checkoutID)", on: database, now: now)
        }
    }

    /// A paid checkout was refunded or charged back: the access it opened has ended.
    public func refunded(checkoutID: Int, isChargeback: Bool, on database: any Database, now: Date) async throws {
        guard let checkout = try await Checkout.find(checkoutID, on: database),
            let recipient = try await recipient(of: checkout, on: database)
        else { return }
        try await Outbox.enqueue(
            RefundMail(
                name: recipient.name, siteName: frame.siteName, amount: Money(cents: checkout.totalAmount),
                checkoutID: checkoutID, isChargeback: isChargeback),
            to: recipient, frame: frame, from: sender, dedupeKey: "refund:checkout:\(checkoutID)", on: database,
            now: now)
    }

    /// A checkout was abandoned: one e-mail with the link that resumes it, while `recovery_emails` is on.
    public func abandoned(checkoutID: Int, on database: any Database, now: Date) async throws {
        guard try await SiteSettings.flag(.recoveryEmails, on: database),
            let checkout = try await Checkout.query(on: database).filter(\.$id == checkoutID).with(\.$plan).first(),
            let plan = checkout.plan, let planID = plan.id,
            let recipient = try await recipient(of: checkout, on: database), let userID = recipient.userID
        else { return }
        try await Outbox.enqueue(
            RecoveryMail(
                name: recipient.name, planName: plan.name, total: Money(cents: checkout.totalAmount),
                resumeLink: links.resume(checkoutID, planID)),
            to: recipient, frame: stoppable(.recovery, userID: userID), from: sender,
            dedupeKey: "recovery:checkout:\(checkoutID)", on: database,
            now: now)
    }

    /// A renewal was declined and the subscription is past due: one notice per cycle, with the link that pays
    /// by hand.
    public func renewalDeclined(
        _ subscription: Subscription, cycle: Int, amountCents: Int, accessUntil: Date, on database: any Database,
        now: Date
    ) async throws {
        guard let id = subscription.id, let userID = subscription.$user.id,
            let user = try await User.find(userID, on: database)
        else { return }
        try await Outbox.enqueue(
            RenewalDeclinedMail(
                name: user.name, planName: subscription.plan?.name ?? frame.siteName, amount: Money(cents: amountCents),
                accessUntil: accessUntil, payLink: links.renew(subscription.nextPlanID ?? subscription.$plan.id)),
            to: MailRecipient(user, siteLanguage: siteLanguage), frame: frame, from: sender,
            dedupeKey: "declined:subscription:\(id):\(cycle)", on: database, now: now)
    }

    /// The frame of mail a member may stop: with the link that stops it.
    func stoppable(_ category: MailCategory, userID: Int) -> MailFrame {
        var frame = frame
        frame.unsubscribeURL = links.unsubscribe(userID, category)
        return frame
    }

    /// Queues each reminder that is due: 7 days before a subscription ends, 1 day before, and on the São Paulo
    /// day it ends, each once per end date (an extension moves them). One that is bought late gets only the
    /// reminders still ahead. Returns how many were queued.
    @discardableResult
    public func queueRenewalReminders(on database: any Database, now: Date) async throws -> Int {
        var queued = 0
        var cursor = 0
        // A page at a time, by id: a week's endings on a big site would otherwise sit in memory at once.
        while true {
            let ending = try await Subscription.query(on: database).filter(\.$status == .active)
                .filter(\.$endDate > now).filter(\.$endDate <= now.addingTimeInterval(7 * 86_400))
                .filter(\.$id > cursor).sort(\.$id).limit(Self.reminderPage).with(\.$user).with(\.$plan).all()
            queued += try await queueReminders(for: ending, on: database, now: now)
            guard ending.count == Self.reminderPage, let last = ending.last?.id else { return queued }
            cursor = last
        }
    }

    /// Subscriptions read at once by `queueRenewalReminders`.
    public static let reminderPage = 500

    /// One page of `queueRenewalReminders`: the reminder each subscription is due, once.
    private func queueReminders(for ending: [Subscription], on database: any Database, now: Date) async throws
        -> Int
    {
        var queued = 0
        for subscription in ending {
            guard let end = subscription.endDate, let id = subscription.id, let user = subscription.user,
                let userID = user.id
            else { continue }
            // The stage keys the reminder; the days it names are the real ones (a late purchase with 3 left hears 3).
            let stage: Int
            if now >= SiteClock.startOfDay(of: end) {
                stage = 0
            } else if now >= end.addingTimeInterval(-86_400) {
                stage = 1
            } else {
                stage = 7
            }
            // One that renews by itself hears it once, a week ahead; the day before, the card is charged.
            let willRenew = AutomaticRenewals.renewsByItself(subscription)
            if willRenew, stage != 7 { continue }
            // A member who turned renewal off chose the end; the page says when it is, and mail doesn't nag.
            if subscription.cancelledAt != nil, !willRenew { continue }
            let daysLeft = stage == 7 ? Int((end.timeIntervalSince(now) / 86_400).rounded(.up)) : stage
            let outcome = try await Outbox.enqueue(
                RenewalReminderMail(
                    name: user.name, planName: subscription.plan?.name ?? frame.siteName, endsAt: end,
                    daysLeft: daysLeft, willRenew: willRenew,
                    renewLink: links.renew(subscription.nextPlanID ?? subscription.$plan.id)),
                to: MailRecipient(user, siteLanguage: siteLanguage),
                frame: stoppable(.renewalReminders, userID: userID), from: sender,
                dedupeKey: "reminder:subscription:\(id):\(Int(end.timeIntervalSince1970)):\(stage)", on: database,
                now: now)
            if case .queued = outcome { queued += 1 }
        }
        return queued
    }

    /// The buyer: the checkout's account, else the e-mail the checkout form was sent with.
    func recipient(of checkout: Checkout, on database: any Database) async throws -> MailRecipient? {
        if let userID = checkout.$user.id, let user = try await User.find(userID, on: database) {
            return MailRecipient(user, siteLanguage: siteLanguage)
        }
        guard let email = checkout.customerEmail else { return nil }
        return MailRecipient(userID: nil, address: email, name: checkout.customerName, language: siteLanguage)
    }
}
