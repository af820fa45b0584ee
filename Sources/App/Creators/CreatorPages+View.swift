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

    // MARK: Parts the pages share

    static func modelGrid(_ entries: [CreatorListings.ModelEntry], copy: Copy, links: MediaLinks) -> Node<
        HTML.BodyContext
    > {
        .ul(
            .class("catalogue-grid"),
            .forEach(entries) { .li(modelCard($0, copy: copy, links: links)) }
        )
    }

    /// A model of either catalogue. Pictures of models are public; they are not the paid media.
    static func modelCard(_ entry: CreatorListings.ModelEntry, copy: Copy, links: MediaLinks) -> Node<HTML.BodyContext>
    {
        link(
            to: entry.path, class: "model-card",
            [
                .unwrap(
                    entry.picture.flatMap { links.url(for: $0) },
                    {
                        .img(
                            .src($0.htmlAttributeEscaped), .decorative, .class("model-thumbnail"),
                            .attribute(named: "loading", value: "lazy"))
                    },
                    else: .span(.class("model-thumbnail placeholder"), .attribute(named: "aria-hidden", value: "true"))),
                .span(.class("model-name"), .text(entry.name)),
                .if(entry.isAdvertiser, partnerBadge(copy)),
                .span(.class("hint"), .text(copy.postCount(entry.postCount))),
            ])
    }

    /// A link around block content (cards, tiles), which Plot's typed `a` does not take.
    static func link(to path: String, class className: String, _ content: [Node<HTML.BodyContext>]) -> Node<
        HTML.BodyContext
    > {
        .element(
            named: "a",
            nodes: [
                .attribute(named: "class", value: className),
                .attribute(named: "href", value: path.htmlAttributeEscaped),
            ] + content)
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
                html +=
                    post.type == .video
                    ? #"<video src="\#(url)" muted playsinline preload="metadata" class="media-tile"></video><span class="media-kind">\#(kind)</span>"#
                    : #"<img src="\#(url)" alt="" class="media-tile" loading="lazy"/>"#
            } else {
                html += #"<div class="media-tile locked-preview" role="img" aria-label="\#(kind)">"#
                if let backdrop = lockedBackdrop(post) {
                    html += #"<img src="\#(backdrop)" alt="" class="locked-backdrop"/>"#
                }
                html += #"<span class="media-kind">\#(kind)</span></div>"#
            }
            if let caption = caption(post) {
                html += #"<span class="post-caption">\#(caption.htmlAttributeEscaped)</span>"#
            }
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
        .if(
            page > 1 || hasNext,
            .nav(
                .class("pagination"), .ariaLabel(copy.pages),
                .if(
                    page > 1,
                    .a(
                        .href(link(page - 1).htmlAttributeEscaped), .attribute(named: "rel", value: "prev"),
                        .text(copy.previousPage)), else: .span()),
                .span(.text(copy.pageNumber(page))),
                .if(
                    hasNext,
                    .a(
                        .href(link(page + 1).htmlAttributeEscaped), .attribute(named: "rel", value: "next"),
                        .text(copy.nextPage)), else: .span())
            ))
    }
}
