import Accounts
import Ads
import Creators
import Localization
import Plot
import Schema
import Vapor

/// The public catalogue's pages: home, a creator's profile and feed, a post, and search. A post's media URL is
/// rendered only for viewers who may open it (`MediaAccess`); everyone else gets a locked tile with no URL.
enum CreatorPages {
    struct Viewer: Sendable {
        let canView: Bool
        let links: MediaLinks
    }

    static let feedScript = "/scripts/feed.js"

    // MARK: Home

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
                .if(!viewer.canView, .div(
                    .class("actions"),
                    .a(.class("button"), .href(SiteURL.subscribeCallToAction), .text(copy.subscribe))
                ))
            ),
            AdViews.slot(context.ads[.homeTop], copy, class: "ad-home-top"),
            .if(!home.featured.isEmpty, .section(
                .class("featured"), .ariaLabel(copy.featuredModels),
                .h2(.text(copy.featuredModels)),
                .ul(
                    .class("featured-strip"),
                    .forEach(home.featured) { model in
                        .li(modelCard(
                            CreatorListings.ModelEntry(
                                source: .own, id: model.id ?? 0, name: model.name, picture: model.iconURL,
                                postCount: model.postCount, isAdvertiser: model.isAdvertiser),
                            copy: copy, links: viewer.links))
                    }
                )
            )),
            .if(!home.newestPosts.isEmpty, .section(
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
                        .a(.href(gridLink(order: order, page: 1)), .text(order == .newest ? copy.newest : copy.mostPosts),
                           .if(order == home.order, .attribute(named: "aria-current", value: "page")))
                    }
                ),
                .if(home.grid.entries.isEmpty, .p(.text(copy.noModelsYet))),
                AdViews.slot(context.ads[.modelsGrid], copy, class: "ad-models-grid"),
                modelGrid(home.grid.entries, copy: copy, links: viewer.links),
                pagination(page: home.grid.page, hasNext: home.grid.hasNextPage, copy: copy) { gridLink(order: home.order, page: $0) }
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

    // MARK: A creator

    static func model(
        _ context: PageContext, model: CreatorModel, feed: CreatorListings.Feed, viewer: Viewer
    ) -> Response {
        let copy = context.copy
        let modelID = model.id ?? 0
        let icon = model.iconURL.flatMap { viewer.links.url(for: $0) }
        // Escaped once: every locked tile of the feed shows it.
        let escapedIcon = icon?.htmlAttributeEscaped
        return SiteLayout.render(
            context, title: model.name,
            meta: PageMeta(
                description: model.bio ?? copy.modelPageDescription(name: model.name, posts: model.postCount),
                canonicalPath: SiteURL.creatorModel(modelID).path,
                image: model.bannerURL.flatMap { viewer.links.url(for: $0) } ?? icon, type: "profile"),
            scripts: [feedScript],
            .header(
                .class("model-header"),
                .unwrap(model.bannerURL.flatMap { viewer.links.url(for: $0) }) {
                    .img(.src($0.htmlAttributeEscaped), .decorative, .class("model-banner"))
                },
                .div(
                    .class("model-title"),
                    .unwrap(icon) { .img(.src($0.htmlAttributeEscaped), .decorative, .class("model-icon")) },
                    .h1(.text(model.name)),
                    .if(model.isAdvertiser, partnerBadge(copy)),
                    .span(.class("hint"), .text(copy.postCount(model.postCount)))
                ),
                .unwrap(model.bio) { .p(.class("model-bio"), .text($0)) }
            ),
            AdViews.slot(context.ads[.modelProfile], copy, class: "ad-model-profile"),
            .if(!viewer.canView, lockedCall(context)),
            .if(feed.posts.isEmpty, .p(.text(copy.noPostsYet))),
            .ol(
                .class("post-grid feed"), .id("feed"),
                .raw(feedTiles(feed.posts, diamonds: context.ads[.feedModel], escapedIcon: escapedIcon, copy: copy, viewer: viewer))
            ),
            .unwrap(feed.nextCursor) { cursor in
                // Without script this is a link to the next page; feed.js loads that page in place instead.
                .a(.class("button secondary feed-more"), .id("feed-more"),
                   .href("\(SiteURL.creatorModel(modelID).path)?antes=\(cursor)#feed"), .text(copy.morePosts))
            },
            AdViews.slot(context.ads[.modelSidebar], copy, class: "ad-model-sidebar")
        )
    }

    /// The feed's tiles with a diamond ad after every `postsPerDiamond` posts, while there are diamonds.
    static let postsPerDiamond = 6

    static func feedTiles(
        _ posts: [CreatorListings.PostSummary], diamonds: [ServedAd], escapedIcon: String?, copy: Copy, viewer: Viewer
    ) -> String {
        var html = ""
        for (index, start) in stride(from: 0, to: posts.count, by: postsPerDiamond).enumerated() {
            let chunk = Array(posts[start..<min(start + postsPerDiamond, posts.count)])
            html += postTiles(chunk, caption: \.title, lockedBackdrop: { _ in escapedIcon }, copy: copy, viewer: viewer)
            if chunk.count == postsPerDiamond, index < diamonds.count { html += AdViews.feedTile(diamonds[index], copy) }
        }
        return html
    }

    // MARK: A post

    static func post(_ context: PageContext, post: CreatorPost, model: CreatorModel, viewer: Viewer) -> Response {
        let copy = context.copy
        let postID = post.id ?? 0
        let modelID = model.id ?? 0
        let kind = post.type == .video ? copy.video : copy.photo
        let title = post.title ?? copy.postTitle(kind: kind, model: model.name)
        let mediaURL = viewer.canView ? viewer.links.url(for: post.contentURL) : nil
        return SiteLayout.render(
            context, title: title,
            meta: PageMeta(
                description: copy.postPageDescription(kind: kind, model: model.name),
                canonicalPath: SiteURL.creatorPost(postID).path,
                // The preview picture is the creator's public icon, never the locked media.
                image: model.iconURL.flatMap { viewer.links.url(for: $0) }, type: "article"),
            .article(
                .class("post-view"),
                .p(.class("post-model"), .a(
                    .href(SiteURL.creatorModel(modelID).path),
                    .unwrap(model.iconURL.flatMap { viewer.links.url(for: $0) }) {
                        .img(.src($0.htmlAttributeEscaped), .decorative, .class("model-icon small"))
                    },
                    .span(.text(model.name))
                )),
                .h1(.text(title)),
                .unwrap(mediaURL, { url in
                    post.type == .video
                        ? .element(named: "video", nodes: [
                            .attribute(named: "src", value: url.htmlAttributeEscaped), .attribute(named: "controls"),
                            .attribute(named: "playsinline"), .attribute(named: "preload", value: "metadata"),
                            .class("post-media"),
                        ])
                        : .img(.src(url.htmlAttributeEscaped), .alt(title.htmlAttributeEscaped), .class("post-media"))
                }, else: .group(
                    lockedTile(kind: kind, backdrop: model.iconURL.flatMap { viewer.links.url(for: $0)?.htmlAttributeEscaped }, large: true),
                    lockedCall(context)
                )),
                .p(.class("hint"), .text(copy.publishedOn(post.createdAt ?? context.now)))
            ),
            AdViews.slot(context.ads[.postDetail], copy, class: "ad-post-detail")
        )
    }

    // MARK: Search

    static func search(_ context: PageContext, query: String, results: CreatorListings.ModelPage?, viewer: Viewer) -> Response {
        let copy = context.copy
        return SiteLayout.render(
            context, title: query.isEmpty ? copy.search : copy.searchResultsTitle(query),
            meta: PageMeta(description: copy.searchDescription, canonicalPath: SiteURL.search.path),
            .h1(.text(copy.search)),
            searchForm(context, query: query, inline: true),
            .unwrap(results) { results in
                .group(
                    .if(results.entries.isEmpty, .p(.text(copy.noSearchResults(query)))),
                    modelGrid(results.entries, copy: copy, links: viewer.links),
                    pagination(page: results.page, hasNext: results.hasNextPage, copy: copy) { page in
                        var components = URLComponents()
                        components.path = SiteURL.search.path
                        components.queryItems = [.init(name: "q", value: query), .init(name: "pagina", value: String(page))]
                        return components.string ?? SiteURL.search.path
                    }
                )
            },
            AdViews.slot(context.ads[.sidebar], copy, class: "ad-sidebar")
        )
    }

    /// - Parameter inline: aligned with the page's heading (the search page), else centred (the hero).
    static func searchForm(_ context: PageContext, query: String?, inline: Bool = false) -> Node<HTML.BodyContext> {
        .form(
            .class(inline ? "search-form inline" : "search-form"), .action(SiteURL.search.path), .method(.get),
            .attribute(named: "role", value: "search"),
            // Named by aria-label rather than a label hidden off screen, which auditors (axe-core) count as hidden.
            .input(.type(.search), .name("q"), .id("busca-q"), .attribute(named: "aria-label", value: context.copy.searchModels.htmlAttributeEscaped),
                   .value((query ?? "").htmlAttributeEscaped),
                   .placeholder(context.copy.searchPlaceholder), .attribute(named: "maxlength", value: "100")),
            .button(.type(.submit), .text(context.copy.search))
        )
    }

    // MARK: Parts

    static func modelGrid(_ entries: [CreatorListings.ModelEntry], copy: Copy, links: MediaLinks) -> Node<HTML.BodyContext> {
        .ul(
            .class("catalogue-grid"),
            .forEach(entries) { .li(modelCard($0, copy: copy, links: links)) }
        )
    }

    /// A model of either catalogue. Pictures of models are public; they are not the paid media.
    static func modelCard(_ entry: CreatorListings.ModelEntry, copy: Copy, links: MediaLinks) -> Node<HTML.BodyContext> {
        link(to: entry.path, class: "model-card", [
            .unwrap(entry.picture.flatMap { links.url(for: $0) }, {
                .img(.src($0.htmlAttributeEscaped), .decorative, .class("model-thumbnail"), .attribute(named: "loading", value: "lazy"))
            }, else: .span(.class("model-thumbnail placeholder"), .attribute(named: "aria-hidden", value: "true"))),
            .span(.class("model-name"), .text(entry.name)),
            .if(entry.isAdvertiser, partnerBadge(copy)),
            .span(.class("hint"), .text(copy.postCount(entry.postCount))),
        ])
    }

    /// A link around block content (cards, tiles), which Plot's typed `a` does not take.
    static func link(to path: String, class className: String, _ content: [Node<HTML.BodyContext>]) -> Node<HTML.BodyContext> {
        .element(named: "a", nodes: [.attribute(named: "class", value: className), .attribute(named: "href", value: path.htmlAttributeEscaped)] + content)
    }

    static func partnerBadge(_ copy: Copy) -> Node<HTML.BodyContext> {
        .span(.class("badge partner"), .text(copy.partner))
    }

    /// Posts in a grid or feed, as `<li>` items: the media for viewers who may open it, else a locked tile (the
    /// creator's icon, blurred) that carries no media URL. Written straight to a string rather than built as
    /// Plot nodes: a feed page is mostly tiles, and as nodes they cost a quarter of a model page's time
    /// (bench/catalog). Every value is escaped here.
    /// - Parameter lockedBackdrop: a post's creator's icon URL, already attribute-escaped.
    static func postTiles(
        _ posts: [CreatorListings.PostSummary], caption: (CreatorListings.PostSummary) -> String?,
        lockedBackdrop: (CreatorListings.PostSummary) -> String?, copy: Copy, viewer: Viewer
    ) -> String {
        let photo = copy.photo.htmlAttributeEscaped, video = copy.video.htmlAttributeEscaped
        var html = ""
        html.reserveCapacity(posts.count * 320)
        for post in posts {
            let kind = post.type == .video ? video : photo
            html += #"<li><a class="post-tile" href="\#(SiteURL.creatorPost(post.id).path)">"#
            if viewer.canView, let url = viewer.links.url(for: post.contentURL)?.htmlAttributeEscaped {
                html += post.type == .video
                    ? #"<video src="\#(url)" muted playsinline preload="metadata" class="media-tile"></video><span class="media-kind">\#(kind)</span>"#
                    : #"<img src="\#(url)" alt="" class="media-tile" loading="lazy"/>"#
            } else {
                html += #"<div class="media-tile locked-preview" role="img" aria-label="\#(kind)">"#
                if let backdrop = lockedBackdrop(post) { html += #"<img src="\#(backdrop)" alt="" class="locked-backdrop"/>"# }
                html += #"<span class="media-kind">\#(kind)</span></div>"#
            }
            if let caption = caption(post) { html += #"<span class="post-caption">\#(caption.htmlAttributeEscaped)</span>"# }
            html += "</a></li>"
        }
        return html
    }

    /// - Parameter backdrop: the URL of the creator's icon, already attribute-escaped, shown blurred behind the padlock.
    static func lockedTile(kind: String, backdrop: String?, large: Bool) -> Node<HTML.BodyContext> {
        .div(
            .class(large ? "media-tile locked-preview post-media" : "media-tile locked-preview"),
            .attribute(named: "role", value: "img"), .ariaLabel(kind),
            .unwrap(backdrop) { .img(.src($0), .decorative, .class("locked-backdrop")) },
            .span(.class("media-kind"), .text(kind))
        )
    }

    static func lockedCall(_ context: PageContext) -> Node<HTML.BodyContext> {
        let copy = context.copy
        return .section(
            .class("card locked-call"),
            .h2(.text(copy.lockedTitle)),
            .p(.text(copy.lockedCall)),
            .a(.class("button"), .href(SiteURL.subscribeCallToAction), .text(copy.subscribe))
        )
    }

    static func pagination(
        page: Int, hasNext: Bool, copy: Copy, link: (Int) -> String
    ) -> Node<HTML.BodyContext> {
        .if(page > 1 || hasNext, .nav(
            .class("pagination"), .ariaLabel(copy.pages),
            .if(page > 1, .a(.href(link(page - 1).htmlAttributeEscaped), .attribute(named: "rel", value: "prev"), .text(copy.previousPage)), else: .span()),
            .span(.text(copy.pageNumber(page))),
            .if(hasNext, .a(.href(link(page + 1).htmlAttributeEscaped), .attribute(named: "rel", value: "next"), .text(copy.nextPage)), else: .span())
        ))
    }
}
