import Localization
import Plot
import Vapor

/// The areas of the admin panel, in sidebar order. An area appears here once it is built, never before.
enum AdminArea: CaseIterable, Sendable {
    case dashboard

    var url: AdminURL {
        switch self {
        case .dashboard: .dashboard
        }
    }

    func title(_ copy: Copy) -> String {
        switch self {
        case .dashboard: copy.dashboard
        }
    }
}

/// The admin panel's frame: the site header, a sidebar with every area, and the area's content.
enum AdminLayout {
    static func render(
        _ context: PageContext, area: AdminArea, title: String, status: HTTPResponseStatus = .ok,
        _ content: Node<HTML.BodyContext>...
    ) -> Response {
        let copy = context.copy
        let document = HTML(
            .attribute(named: "lang", value: context.language.htmlCode),
            SiteLayout.head(context, title: title),
            .body(
                .class("admin"),
                .a(.class("skip-link"), .href("#content"), .text(copy.skipToContent)),
                SiteLayout.header(context),
                .div(
                    .class("admin-frame"),
                    .nav(
                        .class("admin-sidebar"), .ariaLabel(copy.adminNavigation),
                        .ul(.forEach(AdminArea.allCases) { item in
                            .li(.a(
                                .href(item.url.path), .text(item.title(copy)),
                                .if(item == area, .attribute(named: "aria-current", value: "page"))
                            ))
                        }),
                        .a(.class("back-to-site"), .href(SiteURL.home.path), .text(copy.backToSite))
                    ),
                    .main(.id("content"), .class("admin-main"), .h1(.text(title)), .group(content))
                )
            )
        )
        return SiteLayout.htmlResponse(document, status: status)
    }
}
