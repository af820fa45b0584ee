import Accounts
import Ads
import Creators
import Localization
import Plot
import Schema
import Vapor

/// The search page and the search form other pages show.
extension CreatorPages {
    static func search(_ context: PageContext, query: String, results: CreatorListings.ModelPage?, viewer: Viewer)
        -> Response
    {
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
                        components.queryItems = [
                            .init(name: "q", value: query), .init(name: "pagina", value: String(page)),
                        ]
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
            .input(
                .type(.search), .name("q"), .id("busca-q"),
                .attribute(named: "aria-label", value: context.copy.searchModels.htmlAttributeEscaped),
                .value((query ?? "").htmlAttributeEscaped),
                .placeholder(context.copy.searchPlaceholder), .attribute(named: "maxlength", value: "100")),
            .button(.type(.submit), .text(context.copy.search))
        )
    }
}
