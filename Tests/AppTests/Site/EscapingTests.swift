import Accounts
import DatabaseTestBed
import Fluent
import Schema
import Testing
import Vapor
import VaporTesting

@testable import App

/// Whatever people type is shown as text, never as markup: in text and in attribute values alike.
@Suite struct EscapingTests {
    static let hostile = #""><b id=injected>x</b><input name=role value=admin x=""#

    @Test(arguments: DatabaseKind.underTest)
    func hostileTextIsEscapedInEveryPageThatShowsIt(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let user = try await app.makeUser("vitima@example.com", name: Self.hostile)
            try await SupportContact(platform: Self.hostile, url: "https://example.com/?a=\"><b id=injected>").create(
                on: app.db)
            try await AdminSetting(key: "logo_url", value: "/logo.svg\"><b id=injected>").create(on: app.db)
            var admin = try await app.adminBrowser()

            for path in [
                SiteURL.home.path, AdminURL.user(user.id).path,
                AdminURL.users.path + "?q=" + Self.hostile.addingPercentEncoding(
                    withAllowedCharacters: .alphanumerics)!,
                AdminURL.supportContacts.path, AdminURL.supportContact(1).path, AdminURL.settings.path,
                SiteURL.signIn.path + "?next=/%22%3E%3Cb%20id=injected%3E",
            ] {
                let page = try await admin.get(path).text
                #expect(!page.contains("<b id=injected>"), "\(path) renders injected markup")
                #expect(!page.contains("<input name=role"), "\(path) renders injected markup")
            }
        }
    }

    @Test func anEmailWithMarkupCharactersIsNotAnEmail() {
        #expect(AccountRules.normalizedEmail(#"a"><b>@example.com"#) == nil)
        #expect(AccountRules.normalizedEmail("o'brien@example.com") == "o'brien@example.com")
    }
}

@Suite struct AttributeEscapingTests {
    @Test func aQuoteFollowedByACombiningMarkIsStillEscaped() {
        let hostile = "x\"\u{301} autofocus onfocus=alert(1) y=\"\u{301}"
        let escaped = hostile.htmlAttributeEscaped
        #expect(!escaped.unicodeScalars.contains("\""))
        #expect(escaped.contains("&quot;\u{301}"))
    }
}
