import Fluent
import Localization
import Mail
import Plot
import Schema
import Vapor

/// The one-click unsubscribe of mail a member may stop (RFC 8058): a mail program POSTs to the link in
/// `List-Unsubscribe`; a person who opens it gets a page with the one button. No sign-in: the link's token
/// proves it is theirs.
enum UnsubscribeController {
    static func register(on routes: any RoutesBuilder) {
        routes.get(SiteURL.emailUnsubscribe.pathComponents, use: show)
        routes.post(SiteURL.emailUnsubscribe.pathComponents, use: unsubscribe)
    }

    struct Link {
        let user: User
        let category: MailCategory
    }

    /// The account and category the link names, when its token proves them; else nil.
    static func link(_ req: Request) async throws -> Link? {
        guard let userID = try? req.query.get(Int.self, at: "u"),
            let category = (try? req.query.get(String.self, at: "c")).flatMap(MailCategory.init(rawValue:)),
            let token = try? req.query.get(String.self, at: "t"),
            Unsubscribe.isValid(
                token, userID: userID, category: category, appSecret: req.application.configuration.appSecret),
            let user = try await User.find(userID, on: req.db)
        else { return nil }
        return Link(user: user, category: category)
    }

    @Sendable static func show(req: Request) async throws -> Response {
        guard let link = try await link(req) else { throw Abort(.notFound) }
        let action = SiteURL.unsubscribe(
            userID: try link.user.requireID(), category: link.category,
            appSecret: req.application.configuration.appSecret)
        return UnsubscribePages.confirm(await req.pageContext(), category: link.category, action: action)
    }

    @Sendable static func unsubscribe(req: Request) async throws -> Response {
        guard let link = try await link(req) else { throw Abort(.notFound) }
        try await MailConsent.set(link.category, to: false, for: link.user, on: req.db)
        return UnsubscribePages.done(await req.pageContext(), category: link.category)
    }
}

/// Which mail an account takes: the switches of the account page and of the unsubscribe link.
enum MailConsent {
    static func set(_ category: MailCategory, to wanted: Bool, for user: User, on database: any Database) async throws {
        switch category {
        case .renewalReminders: user.wantsRenewalReminders = wanted
        case .recovery: user.wantsRecoveryEmails = wanted
        }
        try await user.save(on: database)
    }

    static func wants(_ category: MailCategory, _ user: User) -> Bool {
        switch category {
        case .renewalReminders: user.wantsRenewalReminders ?? true
        case .recovery: user.wantsRecoveryEmails ?? true
        }
    }
}

enum UnsubscribePages {
    static func confirm(_ context: PageContext, category: MailCategory, action: String) -> Response {
        let copy = context.copy
        return SiteLayout.render(
            context, title: copy.mailUnsubscribe, status: .ok,
            .section(
                .class("card narrow"),
                .h1(.text(copy.mailUnsubscribe)),
                .p(.text(copy.unsubscribeQuestion(copy.mailCategory(category)))),
                // No form token: the link's own token is the proof, and a mail program posts without a page.
                .form(
                    .action(action.htmlAttributeEscaped), .method(.post),
                    .input(.type(.hidden), .name("List-Unsubscribe"), .value("One-Click")),
                    .button(.type(.submit), .class("button wide"), .text(copy.mailUnsubscribe))
                )
            )
        )
    }

    static func done(_ context: PageContext, category: MailCategory) -> Response {
        let copy = context.copy
        return SiteLayout.render(
            context, title: copy.mailUnsubscribe, status: .ok,
            .section(
                .class("card narrow"),
                .h1(.text(copy.unsubscribed)),
                .p(
                    .attribute(named: "role", value: "status"),
                    .text(copy.unsubscribedFrom(copy.mailCategory(category)))),
                .a(.href(SiteURL.account.path), .text(copy.manageEmailsInAccount))
            )
        )
    }
}
