import Foundation
import Localization
import Schema

/// A Pix checkout opened and not yet paid: the copia-e-cola, the amount, the expiry and the payment page.
public struct PixWaitingMail: MailTemplate {
    public static let kind = MailKind.pixWaiting
    public var name: String?
    public var amount: Money
    public var pixCode: String
    public var expiresAt: Date?
    public var paymentPageLink: String

    public init(name: String?, amount: Money, pixCode: String, expiresAt: Date?, paymentPageLink: String) {
        self.name = name
        self.amount = amount
        self.pixCode = pixCode
        self.expiresAt = expiresAt
        self.paymentPageLink = paymentPageLink
    }

    public func content(_ copy: Copy) -> MailContent {
        var details = [MailContent.Detail(copy.mailAmount, amount.formatted)]
        if let expiresAt { details.append(.init(copy.mailValidUntil, SiteClock.moment(expiresAt, in: copy.language))) }
        return MailContent(
            subject: copy.mailPixWaitingSubject(amount: amount.formatted), heading: copy.mailPixWaitingHeading,
            blocks: [
                .paragraph(copy.mailGreeting(name)),
                .paragraph(
                    copy.mailPixWaitingBody(
                        expires: expiresAt.map { SiteClock.moment($0, in: copy.language) } ?? "—")),
                .code(pixCode), .details(details), .button(label: copy.mailPixWaitingButton, url: paymentPageLink),
            ])
    }

    public static func sample(siteAddress: String) -> Self {
        Self(
            name: "Ana Souza", amount: Money(cents: 3_980),
            pixCode:
                "00020126360014br.gov.bcb.pix0114+5511912345678520400005303986540539.805802BR5911CreatorFlix6009Sao Paulo62070503***6304ABCD",
            expiresAt: Date(timeIntervalSince1970: 1_795_622_400),
            paymentPageLink: siteAddress + "/pagamento/1?token=exemplo")
    }
}

/// The receipt once a checkout is paid: what was bought, for how much, when, by whom (the CPF masked) and its id.
public struct ReceiptMail: MailTemplate {
    public static let kind = MailKind.receipt
    public struct Line: Sendable, Equatable {
        public let name: String
        public let amount: Money

        public init(name: String, amount: Money) {
            self.name = name
            self.amount = amount
        }
    }

    public var name: String?
    public var siteName: String
    public var lines: [Line]
    public var total: Money
    public var paidAt: Date
    /// `***.456.789-**`, or nil when the checkout has no CPF.
    public var maskedCPF: String?
    public var checkoutID: Int
    public var accountLink: String

    public init(
        name: String?, siteName: String, lines: [Line], total: Money, paidAt: Date, maskedCPF: String?,
        checkoutID: Int, accountLink: String
    ) {
        self.name = name
        self.siteName = siteName
        self.lines = lines
        self.total = total
        self.paidAt = paidAt
        self.maskedCPF = maskedCPF
        self.checkoutID = checkoutID
        self.accountLink = accountLink
    }

    public func content(_ copy: Copy) -> MailContent {
        var details = lines.map { MailContent.Detail($0.name, $0.amount.formatted) }
        details.append(.init(copy.mailReceiptTotal, total.formatted))
        details.append(.init(copy.mailReceiptDate, SiteClock.moment(paidAt, in: copy.language)))
        if let maskedCPF { details.append(.init(copy.mailReceiptCPF, maskedCPF)) }
        details.append(.init(copy.mailReceiptOrder, "#\(checkoutID)"))
        return MailContent(
            subject: copy.mailReceiptSubject(site: siteName), heading: copy.mailReceiptHeading,
            blocks: [
                .paragraph(copy.mailGreeting(name)), .paragraph(copy.mailReceiptBody), .details(details),
                .button(label: copy.mailOpenAccount, url: accountLink),
            ])
    }

    public static func sample(siteAddress: String) -> Self {
        Self(
            name: "Ana Souza", siteName: "CreatorFlix",
            lines: [
                .init(name: "Mensal", amount: Money(cents: 2_990)),
                .init(name: "Pack de fotos", amount: Money(cents: 990)),
            ],
            total: Money(cents: 3_980), paidAt: Date(timeIntervalSince1970: 1_795_618_800), maskedCPF: "***.982.247-**",
            checkoutID: 1_234, accountLink: siteAddress + "/conta")
    }

    /// `529.982.247-25` as `***.982.247-**`: enough for the buyer to recognise it, not enough to use it.
    public static func mask(cpf digits: String) -> String? {
        let digits = digits.filter(\.isNumber)
        guard digits.count == 11 else { return nil }
        let characters = Array(digits)
        return "***.\(String(characters[3..<6])).\(String(characters[6..<9]))-**"
    }
}

/// A paid checkout refunded or charged back: the access it opened has ended.
public struct RefundMail: MailTemplate {
    public static let kind = MailKind.refund
    public var name: String?
    public var siteName: String
    public var amount: Money
    public var checkoutID: Int
    public var isChargeback: Bool

    public init(name: String?, siteName: String, amount: Money, checkoutID: Int, isChargeback: Bool) {
        self.name = name
        self.siteName = siteName
        self.amount = amount
        self.checkoutID = checkoutID
        self.isChargeback = isChargeback
    }

    public func content(_ copy: Copy) -> MailContent {
        MailContent(
            subject: copy.mailRefundSubject(site: siteName, chargeback: isChargeback),
            heading: copy.mailRefundHeading(chargeback: isChargeback),
            blocks: [
                .paragraph(copy.mailGreeting(name)),
                .paragraph(copy.mailRefundBody(amount: amount.formatted, chargeback: isChargeback)),
                .details([.init(copy.mailReceiptOrder, "#\(checkoutID)")]),
            ])
    }

    public static func sample(siteAddress: String) -> Self {
        Self(
            name: "Ana Souza", siteName: "CreatorFlix", amount: Money(cents: 3_980), checkoutID: 1_234,
            isChargeback: false)
    }
}

/// An abandoned checkout, once: the link that resumes it.
public struct RecoveryMail: MailTemplate {
    public static let kind = MailKind.recovery
    public static let category: MailCategory? = .recovery
    public var name: String?
    public var planName: String
    public var total: Money
    public var resumeLink: String

    public init(name: String?, planName: String, total: Money, resumeLink: String) {
        self.name = name
        self.planName = planName
        self.total = total
        self.resumeLink = resumeLink
    }

    public func content(_ copy: Copy) -> MailContent {
        MailContent(
            subject: copy.mailRecoverySubject(plan: planName), heading: copy.mailRecoveryHeading,
            blocks: [
                .paragraph(copy.mailGreeting(name)), .paragraph(copy.mailRecoveryBody),
                .details([.init(copy.mailReceiptPlan, planName), .init(copy.mailReceiptTotal, total.formatted)]),
                .button(label: copy.mailRecoveryButton, url: resumeLink),
            ])
    }

    public static func sample(siteAddress: String) -> Self {
        Self(name: "Ana Souza", planName: "Mensal", total: Money(cents: 3_980), resumeLink: siteAddress + "/checkout/1")
    }
}

/// 7 days and 1 day before a subscription ends, and on the day: the link to renew. One that renews by itself
/// gets `willRenew` instead.
public struct RenewalReminderMail: MailTemplate {
    public static let kind = MailKind.renewalReminder
    public static let category: MailCategory? = .renewalReminders
    public var name: String?
    public var planName: String
    public var endsAt: Date
    /// 7, 1 or 0.
    public var daysLeft: Int
    public var willRenew: Bool
    public var renewLink: String

    public init(name: String?, planName: String, endsAt: Date, daysLeft: Int, willRenew: Bool, renewLink: String) {
        self.name = name
        self.planName = planName
        self.endsAt = endsAt
        self.daysLeft = daysLeft
        self.willRenew = willRenew
        self.renewLink = renewLink
    }

    public func content(_ copy: Copy) -> MailContent {
        let ends = SiteClock.moment(endsAt, in: copy.language)
        if willRenew {
            return MailContent(
                subject: copy.mailWillRenewSubject(plan: planName), heading: copy.mailWillRenewSubject(plan: planName),
                blocks: [
                    .paragraph(copy.mailGreeting(name)),
                    .paragraph(copy.mailWillRenewBody(on: SiteClock.day(endsAt, in: copy.language))),
                ])
        }
        return MailContent(
            subject: copy.mailReminderSubject(plan: planName, daysLeft: daysLeft),
            heading: copy.mailReminderHeading(daysLeft: daysLeft),
            blocks: [
                .paragraph(copy.mailGreeting(name)), .paragraph(copy.mailReminderBody(ends: ends)),
                .button(label: copy.mailReminderButton, url: renewLink),
            ])
    }

    public static func sample(siteAddress: String) -> Self {
        Self(
            name: "Ana Souza", planName: "Mensal", endsAt: Date(timeIntervalSince1970: 1_796_223_600), daysLeft: 7,
            willRenew: false, renewLink: siteAddress + "/planos")
    }
}

/// A renewal's charge was declined: access runs on until the grace ends, the charge is tried again meanwhile,
/// and the button pays by hand (Pix or another card). Transactional: it is about money and access, so it goes to
/// members who stopped reminders too.
public struct RenewalDeclinedMail: MailTemplate {
    public static let kind = MailKind.renewalDeclined
    public var name: String?
    public var planName: String
    public var amount: Money
    /// When access stops unless a payment comes first.
    public var accessUntil: Date
    public var payLink: String

    public init(name: String?, planName: String, amount: Money, accessUntil: Date, payLink: String) {
        self.name = name
        self.planName = planName
        self.amount = amount
        self.accessUntil = accessUntil
        self.payLink = payLink
    }

    public func content(_ copy: Copy) -> MailContent {
        MailContent(
            subject: copy.mailDeclinedSubject(plan: planName), heading: copy.mailDeclinedHeading,
            blocks: [
                .paragraph(copy.mailGreeting(name)),
                .paragraph(
                    copy.mailDeclinedBody(
                        amount: amount.formatted, until: SiteClock.moment(accessUntil, in: copy.language))),
                .button(label: copy.mailDeclinedButton, url: payLink),
            ])
    }

    public static func sample(siteAddress: String) -> Self {
        Self(
            name: "Ana Souza", planName: "Mensal", amount: Money(cents: 2_990),
            accessUntil: Date(timeIntervalSince1970: 1_796_223_600), payLink: siteAddress + "/planos")
    }
}

/// To the operator, for each sale, when `sale_notification_email` is set.
public struct SaleNotificationMail: MailTemplate {
    public static let kind = MailKind.saleNotification
    public var buyer: String
    public var planName: String
    public var total: Money
    public var checkoutLink: String

    public init(buyer: String, planName: String, total: Money, checkoutLink: String) {
        self.buyer = buyer
        self.planName = planName
        self.total = total
        self.checkoutLink = checkoutLink
    }

    public func content(_ copy: Copy) -> MailContent {
        MailContent(
            subject: copy.mailSaleSubject(amount: total.formatted), heading: copy.mailSaleHeading,
            blocks: [
                .details([
                    .init(copy.mailSaleBuyer, buyer), .init(copy.mailReceiptPlan, planName),
                    .init(copy.mailReceiptTotal, total.formatted),
                ]),
                .button(label: copy.mailSaleButton, url: checkoutLink),
            ])
    }

    public static func sample(siteAddress: String) -> Self {
        Self(
            buyer: "ana@example.com", planName: "Mensal", total: Money(cents: 3_980),
            checkoutLink: siteAddress + "/admin/checkouts/1")
    }
}
