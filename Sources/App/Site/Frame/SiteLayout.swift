import Localization
import Plot
import Schema
import Vapor

/// The frame every visitor page sits in: header with the site's name, logo, navigation and account menu; the
/// page's content; a footer with the active support contacts. Mobile-first, no script needed.
enum SiteLayout {
    static let stylesheet = "/styles/site.css"

    static func render(
        _ context: PageContext, title: String, meta: PageMeta? = nil, status: HTTPResponseStatus = .ok,
        scripts: [String] = [], redirectTo destination: String? = nil, _ content: Node<HTML.BodyContext>...
    ) -> Response {
        let document = HTML(
            .attribute(named: "lang", value: context.language.htmlCode),
            head(context, title: title, meta: meta, scripts: scripts, redirectTo: destination),
            .body(
                .a(.class("skip-link"), .href("#content"), .text(context.copy.skipToContent)),
                header(context),
                .main(.id("content"), .class("site-main"), .group(content)),
                footer(context)
            )
        )
        return htmlResponse(document, status: status)
    }

    /// - Parameter refreshEverySeconds: reloads the page, for live progress without script.
    /// - Parameter destination: goes there at once, as a navigation of the browser's own.
    static func head(
        _ context: PageContext, title: String, meta: PageMeta? = nil, scripts: [String] = [],
        refreshEverySeconds: Int? = nil,
        redirectTo destination: String? = nil
    ) -> Node<HTML.DocumentContext> {
        let fullTitle = title == context.settings.siteName ? title : "\(title) · \(context.settings.siteName)"
        return .head(
            .unwrap(refreshEverySeconds) { seconds in
                .meta(.attribute(named: "http-equiv", value: "refresh"), .content(String(seconds)))
            },
            .unwrap(destination) { destination in
                .meta(
                    .attribute(named: "http-equiv", value: "refresh"),
                    .content("0;url=" + destination.htmlAttributeEscaped))
            },
            .meta(.charset(.utf8)),
            .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
            .meta(.name("color-scheme"), .content("dark")),
            .element(named: "title", text: fullTitle),
            .unwrap(meta) { $0.tags(context, title: fullTitle) },
            .link(.rel(.stylesheet), .href(stylesheet)),
            .forEach(scripts) { .script(.src($0), .attribute(named: "defer")) },
            .link(.rel(.icon), .href((context.settings.logoURL ?? "/favicon.svg").htmlAttributeEscaped))
        )
    }

    static func header(_ context: PageContext) -> Node<HTML.BodyContext> {
        let copy = context.copy
        return .header(
            .class("site-header"),
            .a(
                .class("brand"), .href(SiteURL.home.path),
                .unwrap(context.settings.logoURL) {
                    .img(.src($0.htmlAttributeEscaped), .decorative, .class("brand-logo"))
                },
                .span(.text(context.settings.siteName))
            ),
            .nav(
                .class("site-nav"), .ariaLabel(copy.mainNavigation),
                .ul(
                    .li(navLink(copy.catalogue, to: SiteURL.whitelabel.path, context)),
                    .if(
                        context.signedIn?.isAdmin == true,
                        .li(navLink(copy.adminPanel, to: AdminURL.dashboard.path, context))),
                    .unwrap(
                        context.signedIn,
                        { _ in
                            .group(
                                .li(navLink(copy.myAccount, to: SiteURL.account.path, context)),
                                .li(postButton(copy.signOut, to: SiteURL.signOut.path, context, style: "link-button"))
                            )
                        },
                        else: .group(
                            .li(navLink(copy.signIn, to: SiteURL.signIn.path, context)),
                            .li(.a(.class("button small"), .href(SiteURL.signUp.path), .text(copy.signUp)))
                        ))
                )
            )
        )
    }

    static func footer(_ context: PageContext) -> Node<HTML.BodyContext> {
        let copy = context.copy
        let year =
            Calendar(identifier: .gregorian).dateComponents(in: SiteClock.timeZone, from: context.now).year ?? 2026
        return .footer(
            .class("site-footer"),
            .if(
                !context.supportContacts.isEmpty || context.settings.supportText != nil,
                .section(
                    .class("support"),
                    .h2(.text(copy.support)),
                    .unwrap(context.settings.supportText) { .p(.text($0)) },
                    .ul(
                        .class("support-contacts"),
                        .forEach(context.supportContacts) { contact in
                            .li(
                                .a(
                                    .href(contact.url.htmlAttributeEscaped),
                                    .attribute(named: "rel", value: "noopener"), .text(contact.platform)))
                        }
                    )
                )),
            AdViews.slot(context.ads[.footer], copy, class: "ad-footer"),
            .p(.class("copyright"), .text(copy.copyright(year: year, siteName: context.settings.siteName)))
        )
    }

    static func navLink(_ label: String, to path: String, _ context: PageContext) -> Node<HTML.BodyContext> {
        .a(
            .href(path.htmlAttributeEscaped), .text(label),
            .if(context.path == path, .attribute(named: "aria-current", value: "page"))
        )
    }

    /// A button that POSTs (sign out, delete): state changes never ride on a GET link.
    static func postButton(
        _ label: String, to path: String, _ context: PageContext, style: String = "button"
    ) -> Node<HTML.BodyContext> {
        .form(
            .class("inline-form"), .action(path), .method(.post),
            formTokenField(context),
            .button(.type(.submit), .class(style), .text(label))
        )
    }

    static func formTokenField(_ context: PageContext) -> Node<HTML.FormContext> {
        .input(.type(.hidden), .name(FormProtection.fieldName), .value(context.formToken.htmlAttributeEscaped))
    }

    static func htmlResponse(_ document: HTML, status: HTTPResponseStatus) -> Response {
        let response = Response(status: status, body: .init(string: document.render()))
        response.headers.contentType = .html
        // Pages show who is signed in; no shared cache may keep them.
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}
