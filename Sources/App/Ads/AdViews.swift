import Ads
import Localization
import Plot
import Schema

/// How each type of ad looks on the site. Every ad says it is one ("Publicidade"), and links through its click
/// route with `rel="sponsored"`, so search engines don't follow it as an editorial link.
enum AdViews {
    /// A placement's ads, each drawn by its type: heroes together as one carousel, the others one by one.
    static func slot(_ ads: [ServedAd], _ copy: Copy, class extraClass: String = "") -> Node<HTML.BodyContext> {
        let heroes = ads.filter { $0.type == .hero }
        return .if(
            !ads.isEmpty,
            .div(
                .class(("ad-slot " + extraClass).trimmingCharacters(in: .whitespaces)),
                .if(!heroes.isEmpty, heroCarousel(heroes, copy)),
                .forEach(ads.filter { $0.type != .hero }) { card($0, copy) }
            ))
    }

    /// The home page's carousel: slides side by side, scrolled by swipe or by the scrollbar; no script.
    static func heroCarousel(_ ads: [ServedAd], _ copy: Copy) -> Node<HTML.BodyContext> {
        .section(
            .class("ad-hero"), .ariaLabel(copy.advertising),
            .ul(
                .class("ad-carousel"),
                .forEach(ads) { ad in
                    .li(
                        .class("ad-hero-slide"),
                        link(
                            ad,
                            [
                                .unwrap(ad.imageURL) {
                                    .img(
                                        .src($0.htmlAttributeEscaped), .decorative,
                                        .attribute(named: "loading", value: "lazy"))
                                },
                                .div(
                                    .class("ad-hero-text"),
                                    .span(.class("ad-label"), .text(copy.advertising)),
                                    .strong(.text(ad.title)),
                                    .unwrap(ad.subtitle) { .span(.text($0)) },
                                    .unwrap(ad.ctaText) { .span(.class("button"), .text($0)) }
                                ),
                            ]))
                })
        )
    }

    /// A banner, a native block, a spot or a diamond: a card whose class carries its type for the stylesheet.
    static func card(_ ad: ServedAd, _ copy: Copy) -> Node<HTML.BodyContext> {
        .aside(
            .class("ad ad-\(ad.type.rawValue.replacingOccurrences(of: "_", with: "-"))"), .ariaLabel(copy.advertising),
            link(
                ad,
                [
                    .unwrap(ad.imageURL) {
                        .img(.src($0.htmlAttributeEscaped), .decorative, .attribute(named: "loading", value: "lazy"))
                    },
                    .div(
                        .class("ad-text"),
                        .span(.class("ad-label"), .text(copy.advertising)),
                        .strong(.text(ad.title)),
                        .unwrap(ad.subtitle) { .span(.class("ad-subtitle"), .text($0)) },
                        .unwrap(ad.ctaText) { .span(.class("ad-cta"), .text($0)) }
                    ),
                ])
        )
    }

    static func link(_ ad: ServedAd, _ content: [Node<HTML.BodyContext>]) -> Node<HTML.BodyContext> {
        // A block link (the whole card is the target), which Plot's anchor context doesn't model.
        .element(
            named: "a",
            nodes: [
                .attribute(named: "href", value: SiteURL.adClick(ad.id, placement: ad.placement.rawValue).path),
                .attribute(named: "rel", value: "sponsored noopener"),
            ] + content)
    }

    /// A diamond as a tile of the feed's list, for the feed's raw HTML.
    static func feedTile(_ ad: ServedAd, _ copy: Copy) -> String {
        "<li class=\"post-tile ad-tile\">" + card(ad, copy).render() + "</li>"
    }
}
