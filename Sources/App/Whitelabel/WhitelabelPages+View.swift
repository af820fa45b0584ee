import Localization
import Plot
import Schema
import Vapor
import Whitelabel

/// The catalogue's pages. Media URLs are only ever rendered for viewers who may open them.
enum WhitelabelPages {
    static func list(
        _ context: PageContext, page: WhitelabelCatalogue.ModelPage, order: WhitelabelCatalogue.ModelOrder,
        canView: Bool,
        links: MediaLinks
    ) -> Response {
        let copy = context.copy
        func link(order: WhitelabelCatalogue.ModelOrder, page: Int) -> String {
            "\(SiteURL.whitelabel.path)?ordem=\(order == .mostPosts ? "populares" : "recentes")&pagina=\(page)"
        }
        return SiteLayout.render(
            context, title: copy.catalogue,
            .h1(.text(copy.catalogue)),
            .nav(
                .class("tabs"),
                .a(
                    .href(link(order: .newest, page: 1)), .text(copy.newest),
                    .if(order == .newest, .attribute(named: "aria-current", value: "page"))),
                .a(
                    .href(link(order: .mostPosts, page: 1)), .text(copy.mostPosts),
                    .if(order == .mostPosts, .attribute(named: "aria-current", value: "page")))
            ),
            .if(page.models.isEmpty, .p(.text(copy.noModelsYet))),
            .ul(
                .class("catalogue-grid"),
                .forEach(page.models) { card in
                    .li(
                        .a(
                            .class("model-card"), .href(SiteURL.whitelabelModel(card.id).path),
                            thumbnail(card, canView: canView, links: links),
                            .span(.class("model-name"), .text(card.folderName)),
                            .span(.class("hint"), .text(copy.postCount(card.postCount)))
                        ))
                }
            ),
            .nav(
                .class("pagination"),
                .if(
                    page.page > 1, .a(.href(link(order: order, page: page.page - 1)), .text(copy.previousPage)),
                    else: .span()),
                .span(.text(copy.pageNumber(page.page))),
                .if(
                    page.hasNextPage, .a(.href(link(order: order, page: page.page + 1)), .text(copy.nextPage)),
                    else: .span())
            )
        )
    }

    /// The model's own thumbnail or icon for everyone; the first image of its newest post only for viewers.
    static func thumbnail(_ card: WhitelabelCatalogue.ModelCard, canView: Bool, links: MediaLinks) -> Node<
        HTML.AnchorContext
    > {
        let picture = card.thumbnailURL ?? card.iconURL ?? (canView ? card.firstImageKey : nil)
        if let picture, let url = links.url(for: picture) {
            return .img(.src(url.htmlAttributeEscaped), .decorative, .class("model-thumbnail"))
        }
        return .span(.class("model-thumbnail locked-preview"), .attribute(named: "aria-hidden", value: "true"))
    }

    static func model(
        _ context: PageContext, model: WhitelabelModel, posts: WhitelabelCatalogue.PostPage, canView: Bool,
        links: MediaLinks
    ) -> Response {
        let copy = context.copy
        let modelID = model.id ?? 0
        return SiteLayout.render(
            context, title: model.folderName,
            .header(
                .class("model-header"),
                .unwrap(model.bannerURL.flatMap { links.url(for: $0) }) {
                    .img(.src($0.htmlAttributeEscaped), .decorative, .class("model-banner"))
                },
                .div(
                    .class("model-title"),
                    .unwrap(model.iconURL.flatMap { links.url(for: $0) }) {
                        .img(.src($0.htmlAttributeEscaped), .decorative, .class("model-icon"))
                    },
                    .h1(.text(model.folderName)),
                    .span(.class("hint"), .text(copy.postCount(model.postCount)))
                )
            ),
            .if(!canView, CreatorPages.lockedCall(context)),
            .if(posts.posts.isEmpty, .p(.text(copy.noPostsYet))),
            .forEach(posts.posts) { post in
                .section(
                    .class("post"),
                    .h2(.text(post.title ?? post.folderName)),
                    .p(.class("hint"), .text(copy.mediaCount(post.media.count))),
                    .ul(
                        .class("media-grid"),
                        .forEach(Array(post.media.enumerated())) { index, media in
                            .li(
                                mediaTile(
                                    media, canView: canView, links: links, copy: copy,
                                    description: "\(post.title ?? post.folderName): \(copy.photo) \(index + 1)"))
                        }
                    )
                )
            },
            .unwrap(posts.nextCursor) { cursor in
                .a(
                    .class("button secondary"), .href("\(SiteURL.whitelabelModel(modelID).path)?antes=\(cursor)"),
                    .text(copy.morePosts))
            }
        )
    }

    /// - Parameter description: what a screen reader says for a picture: the post's title and its place in it.
    static func mediaTile(
        _ media: WhitelabelCatalogue.PostWithMedia.Media, canView: Bool, links: MediaLinks, copy: Copy,
        description: String
    ) -> Node<HTML.BodyContext> {
        guard canView, let url = links.url(for: media.url ?? media.key) else {
            // A locked tile carries no URL at all, only what kind of file waits behind it.
            return .div(
                .class("media-tile locked-preview"),
                .span(.class("media-kind"), .text(media.type == .video ? copy.video : copy.photo)))
        }
        switch media.type {
        case .image:
            return .img(
                .src(url.htmlAttributeEscaped), .alt(description.htmlAttributeEscaped), .class("media-tile"),
                .attribute(named: "loading", value: "lazy"))
        case .video:
            return .element(
                named: "video",
                nodes: [
                    .attribute(named: "src", value: url.htmlAttributeEscaped), .attribute(named: "controls"),
                    .attribute(named: "preload", value: "metadata"), .class("media-tile"),
                ])
        }
    }
}
