import Accounts
import Ads
import Creators
import Localization
import Plot
import Schema
import Vapor

/// A creator's page: her profile and her feed of posts, paged by keyset.
extension CreatorPages {
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
                .raw(
                    feedTiles(
                        feed.posts, diamonds: context.ads[.feedModel], escapedIcon: escapedIcon, copy: copy,
                        viewer: viewer))
            ),
            .unwrap(feed.nextCursor) { cursor in
                // Without script this is a link to the next page; feed.js loads that page in place instead.
                .a(
                    .class("button secondary feed-more"), .id("feed-more"),
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
            if chunk.count == postsPerDiamond, index < diamonds.count {
                html += AdViews.feedTile(diamonds[index], copy)
            }
        }
        return html
    }
}
