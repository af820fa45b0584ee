import Foundation
import Localization
import Schema

/// "Esqueci minha senha": the single-use link to choose a new password.
public struct PasswordResetMail: MailTemplate {
    public static let kind = MailKind.passwordReset
    public var name: String?
    public var siteName: String
    public var link: String

    public init(name: String?, siteName: String, link: String) {
        self.name = name
        self.siteName = siteName
        self.link = link
    }

    public func content(_ copy: Copy) -> MailContent {
        MailContent(
            subject: copy.mailResetSubject(site: siteName), heading: copy.mailResetHeading,
            blocks: [
                .paragraph(copy.mailGreeting(name)), .paragraph(copy.mailResetBody),
                .button(label: copy.mailResetButton, url: link), .paragraph(copy.mailResetIgnore),
            ])
    }

    public static func sample(siteAddress: String) -> Self {
        Self(name: "Ana Souza", siteName: "CreatorFlix", link: siteAddress + "/redefinir-senha?token=exemplo")
    }
}

/// A new account's welcome, with the link that confirms its address.
public struct WelcomeMail: MailTemplate {
    public static let kind = MailKind.welcome
    public var name: String?
    public var siteName: String
    public var confirmationLink: String

    public init(name: String?, siteName: String, confirmationLink: String) {
        self.name = name
        self.siteName = siteName
        self.confirmationLink = confirmationLink
    }

    public func content(_ copy: Copy) -> MailContent {
        MailContent(
            subject: copy.mailWelcomeSubject(site: siteName), heading: copy.mailWelcomeHeading,
            blocks: [
                .paragraph(copy.mailGreeting(name)), .paragraph(copy.mailWelcomeBody),
                .button(label: copy.mailWelcomeButton, url: confirmationLink),
            ])
    }

    public static func sample(siteAddress: String) -> Self {
        Self(
            name: "Ana Souza", siteName: "CreatorFlix", confirmationLink: siteAddress + "/confirmar-email?token=exemplo"
        )
    }
}

/// A test message an admin sends to check the configuration.
public struct TestMail: MailTemplate {
    public static let kind = MailKind.test
    public var siteName: String

    public init(siteName: String) { self.siteName = siteName }

    public func content(_ copy: Copy) -> MailContent {
        MailContent(
            subject: copy.mailTestSubject(site: siteName), heading: copy.mailTestHeading,
            blocks: [.paragraph(copy.mailTestBody)])
    }

    public static func sample(siteAddress: String) -> Self { Self(siteName: "CreatorFlix") }
}
