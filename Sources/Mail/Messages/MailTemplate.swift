import Foundation
import Localization
import Schema

/// The mail a member may stop, by its switch on the account page and its one-click unsubscribe link.
public enum MailCategory: String, Sendable, CaseIterable {
    case renewalReminders = "renewal_reminders"
    case recovery
}

/// One message's source: its typed data, and the words it says in either language. The layout draws its text
/// and HTML parts from `content`; the admin previews it with `sample`.
public protocol MailTemplate: Sendable {
    static var kind: MailKind { get }
    /// The switch that stops it, or nil for transactional mail (a reset, a receipt, a refund), which always goes.
    static var category: MailCategory? { get }
    func content(_ copy: Copy) -> MailContent
    /// The message with believable data, for the admin's preview.
    static func sample(siteAddress: String) -> Self
}

extension MailTemplate {
    public static var category: MailCategory? { nil }
}

/// Every template, for the admin's previews.
public enum MailTemplates {
    public static let all: [any MailTemplate.Type] = [
        PasswordResetMail.self, WelcomeMail.self, PixWaitingMail.self, ReceiptMail.self, RefundMail.self,
        RecoveryMail.self, RenewalReminderMail.self, RenewalDeclinedMail.self, SaleNotificationMail.self,
        TestMail.self,
    ]

    public static func template(for kind: MailKind) -> (any MailTemplate.Type)? { all.first { $0.kind == kind } }
}
