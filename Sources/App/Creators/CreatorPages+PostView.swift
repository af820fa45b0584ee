import Accounts
import Ads
import Creators
import Localization
import Plot
import Schema
import Vapor

/// One post: its media for viewers who may open it, else a locked tile.
extension CreatorPages {
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
                .p(
                    .class("post-model"),
                    .a(
                        .href(SiteURL.creatorModel(modelID).path),
                        .unwrap(model.iconURL.flatMap { viewer.links.url(for: $0) }) {
                            .img(.src($0.htmlAttributeEscaped), .decorative, .class("model-icon small"))
                        },
                        .span(.text(model.name))
                    )),
                .h1(.text(title)),
                .unwrap(
                    mediaURL,
                    { url in
                        post.type == .video
                            ? .element(
                                named: "video",
                                nodes: [
                                    .attribute(named: "src", value: url.htmlAttributeEscaped),
                                    .attribute(named: "controls"),
                                    .attribute(named: "playsinline"), .attribute(named: "preload", value: "metadata"),
                                    .class("post-media"),
                                ])
                            : .img(
                                .src(url.htmlAttributeEscaped), .alt(title.htmlAttributeEscaped), .class("post-media"))
                    },
                    else: .group(
                        lockedTile(
                            kind: kind,
                            backdrop: model.iconURL.flatMap { viewer.links.url(for: $0)?.htmlAttributeEscaped },
                            large: true),
                        lockedCall(context)
                    )),
                .p(.class("hint"), .text(copy.publishedOn(post.createdAt ?? context.now)))
            ),
            AdViews.slot(context.ads[.postDetail], copy, class: "ad-post-detail")
        )
    }
}
