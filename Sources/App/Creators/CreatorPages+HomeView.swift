import Accounts
import Ads
import Creators
import Localization
import Plot
import Schema
import Vapor

/// The home page: the featured strip, the newest posts, and the grid of models of both catalogues.
extension CreatorPages {
    struct Home: Sendable {
        let featured: [CreatorModel]
        let newestPosts: [CreatorListings.PostCard]
        let grid: CreatorListings.ModelPage
        let order: CreatorListings.GridOrder
    }

    static func home(_ context: PageContext, _ home: Home, viewer: Viewer) -> Response {
        let copy = context.copy
        let settings = context.settings
        let description = settings.tagline ?? copy.defaultTagline
        return SiteLayout.render(
            context, title: settings.siteName,
            meta: PageMeta(description: description, canonicalPath: SiteURL.home.path, image: settings.logoURL),
            .section(
                .class("hero home-hero"),
                .h1(.text(settings.siteName)),
                .p(.class("tagline"), .text(description)),
                searchForm(context, query: nil),
                // Signing in is in the header already; the hero offers only the next step.
                .if(
                    !viewer.canView,
                    .div(
                        .class("actions"),
                        .a(.class("button"), .href(SiteURL.subscribeCallToAction), .text(copy.subscribe))
                    ))
            ),
            AdViews.slot(context.ads[.homeTop], copy, class: "ad-home-top"),
            .if(
                !home.featured.isEmpty,
                .section(
                    .class("featured"), .ariaLabel(copy.featuredModels),
                    .h2(.text(copy.featuredModels)),
                    .ul(
                        .class("featured-strip"),
                        .forEach(home.featured) { model in
                            .li(
                                modelCard(
                                    CreatorListings.ModelEntry(
                                        source: .own, id: model.id ?? 0, name: model.name, picture: model.iconURL,
                                        postCount: model.postCount, isAdvertiser: model.isAdvertiser),
                                    copy: copy, links: viewer.links))
                        }
                    )
                )),
            .if(
                !home.newestPosts.isEmpty,
                .section(
                    .class("newest-posts"),
                    .h2(.text(copy.newestPosts)),
                    .ul(.class("post-grid"), .raw(newestPostTiles(home.newestPosts, copy: copy, viewer: viewer)))
                )),
            AdViews.slot(context.ads[.homeMiddle], copy, class: "ad-home-middle"),
            .section(
                .class("models"), .id("modelos"),
                .h2(.text(copy.models)),
                .nav(
                    .class("tabs"),
                    .forEach(CreatorListings.GridOrder.allCases) { order in
                        .a(
                            .href(gridLink(order: order, page: 1)),
                            .text(order == .newest ? copy.newest : copy.mostPosts),
                            .if(order == home.order, .attribute(named: "aria-current", value: "page")))
                    }
                ),
                .if(home.grid.entries.isEmpty, .p(.text(copy.noModelsYet))),
                AdViews.slot(context.ads[.modelsGrid], copy, class: "ad-models-grid"),
                modelGrid(home.grid.entries, copy: copy, links: viewer.links),
                pagination(page: home.grid.page, hasNext: home.grid.hasNextPage, copy: copy) {
                    gridLink(order: home.order, page: $0)
                }
            ),
            AdViews.slot(context.ads[.homeBottom], copy, class: "ad-home-bottom")
        )
    }

    static func newestPostTiles(_ cards: [CreatorListings.PostCard], copy: Copy, viewer: Viewer) -> String {
        let byPost = Dictionary(cards.map { ($0.post.id, $0) }, uniquingKeysWith: { first, _ in first })
        return postTiles(
            cards.map(\.post), caption: { byPost[$0.id]?.modelName },
            lockedBackdrop: { byPost[$0.id]?.modelIcon.flatMap { viewer.links.url(for: $0)?.htmlAttributeEscaped } },
            copy: copy, viewer: viewer)
    }

    static func gridLink(order: CreatorListings.GridOrder, page: Int) -> String {
        "\(SiteURL.home.path)?ordem=\(order.rawValue)&pagina=\(page)#modelos"
    }
}
