import Localization
import Plot
import Vapor

/// The areas of the admin panel, in sidebar order. An area appears here once it is built, never before.
enum AdminArea: CaseIterable, Sendable {
    case dashboard
    case revenue
    case users
    case creatorModels
    case whitelabel
    case offers
    case ads
    case checkouts
    case subscriptions
    case gateways
    case supportContacts
    case emails
    case settings

    var url: AdminURL {
        switch self {
        case .dashboard: .dashboard
        case .revenue: .revenue
        case .ads: .ads
        case .checkouts: .checkouts
        case .subscriptions: .subscriptions
        case .gateways: .gateways
        case .users: .users
        case .creatorModels: .creatorModels
        case .whitelabel: .whitelabel
        case .offers: .offers
        case .supportContacts: .supportContacts
        case .emails: .emails
        case .settings: .settings
        }
    }

    func title(_ copy: Copy) -> String {
        switch self {
        case .dashboard: copy.dashboard
        case .revenue: copy.revenue
        case .ads: copy.adsArea
        case .checkouts: copy.checkouts
        case .subscriptions: copy.subscriptionsArea
        case .gateways: copy.paymentGateways
        case .users: copy.users
        case .creatorModels: copy.creatorModels
        case .whitelabel: copy.whitelabel
        case .offers: copy.offers
        case .supportContacts: copy.supportContacts
        case .emails: copy.emailsArea
        case .settings: copy.settings
        }
    }
}

/// The admin panel's frame: the site header, a sidebar with every area, and the area's content.
enum AdminLayout {
    static func render(
        _ context: PageContext, area: AdminArea, title: String, status: HTTPResponseStatus = .ok,
        notice: String? = nil, refreshEverySeconds: Int? = nil, scripts: [String] = [],
        _ content: Node<HTML.BodyContext>...
    ) -> Response {
        let copy = context.copy
        let document = HTML(
            .attribute(named: "lang", value: context.language.htmlCode),
            SiteLayout.head(context, title: title, scripts: scripts, refreshEverySeconds: refreshEverySeconds),
            .body(
                .class("admin"),
                .a(.class("skip-link"), .href("#content"), .text(copy.skipToContent)),
                SiteLayout.header(context),
                .div(
                    .class("admin-frame"),
                    .nav(
                        .class("admin-sidebar"), .ariaLabel(copy.adminNavigation),
                        .ul(
                            .forEach(AdminArea.allCases) { item in
                                .li(
                                    .a(
                                        .href(item.url.path), .text(item.title(copy)),
                                        .if(item == area, .attribute(named: "aria-current", value: "page"))
                                    ))
                            }),
                        .a(.class("back-to-site"), .href(SiteURL.home.path), .text(copy.backToSite))
                    ),
                    .main(
                        .id("content"), .class("admin-main"), .h1(.text(title)),
                        .unwrap(notice) { .p(.class("notice"), .attribute(named: "role", value: "status"), .text($0)) },
                        .group(content))
                )
            )
        )
        return SiteLayout.htmlResponse(document, status: status)
    }
}
