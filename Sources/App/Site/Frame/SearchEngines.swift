import Fluent
import Plot
import SQLKit
import Schema
import Vapor

/// What a page tells search engines and link previews: its description, canonical address and Open Graph tags.
struct PageMeta: Sendable {
    /// Meta description; cut to a length search results show.
    var description: String
    /// The page's own path, made absolute with the site's address.
    var canonicalPath: String
    /// An absolute URL, or a path on this site, of the preview picture.
    var image: String? = nil
    /// `website` for the home page, `profile` for a creator, `article` for a post.
    var type: String = "website"

    static let descriptionLength = 160

    func tags(_ context: PageContext, title: String) -> Node<HTML.HeadContext> {
        let description = Self.shortened(description)
        let url = context.siteAddress + canonicalPath
        let imageURL = image.map { $0.hasPrefix("/") ? context.siteAddress + $0 : $0 }
        return .group(
            .meta(.name("description"), .content(description.htmlAttributeEscaped)),
            .link(.rel(.canonical), .href(url.htmlAttributeEscaped)),
            property("og:site_name", context.settings.siteName),
            property("og:title", title),
            property("og:description", description),
            property("og:type", type),
            property("og:url", url),
            property("og:locale", context.language == .portuguese ? "pt_BR" : "en_US"),
            .unwrap(imageURL) { property("og:image", $0) },
            .meta(.name("twitter:card"), .content(imageURL == nil ? "summary" : "summary_large_image"))
        )
    }

    private func property(_ name: String, _ value: String) -> Node<HTML.HeadContext> {
        .meta(.attribute(named: "property", value: name), .content(value.htmlAttributeEscaped))
    }

    /// Whitespace collapsed, and cut at a word before `descriptionLength` characters with an ellipsis.
    static func shortened(_ text: String) -> String {
        let collapsed = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard collapsed.count > descriptionLength else { return collapsed }
        let cut = collapsed.prefix(descriptionLength - 1)
        let atWord = cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut
        return atWord + "…"
    }
}

/// `robots.txt` and `sitemap.xml`.
enum SearchEngines {
    static func register(on routes: any RoutesBuilder) {
        routes.get(SiteURL.robots.pathComponents, use: robots)
        routes.get(SiteURL.sitemap.pathComponents, use: sitemap)
    }

    /// Private areas and API answers aren't for indexes; media links are signed and expire.
    static let disallowed = [
        AdminURL.dashboard.path, APIURL.anyVersionPrefix, SiteURL.account.path, SiteURL.mediaPrefix + "/",
        SiteURL.signOut.path,
    ]

    @Sendable static func robots(req: Request) async throws -> Response {
        let lines =
            ["User-agent: *"] + disallowed.map { "Disallow: \($0)" } + [
                "", "Sitemap: \(req.siteAddress)\(SiteURL.sitemap.path)", "",
            ]
        let response = Response(status: .ok, body: .init(string: lines.joined(separator: "\n")))
        response.headers.contentType = .plainText
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        return response
    }

    /// The sitemap protocol's limit for one file.
    static let sitemapLimit = 50_000

    /// The public pages: home, catalogue, search, and every model of both catalogues (the active whitelabel ones),
    /// newest first, up to the protocol's limit.
    @Sendable static func sitemap(req: Request) async throws -> Response {
        let address = req.siteAddress
        var entries: [(path: String, modified: Date?)] = [(SiteURL.home.path, nil), (SiteURL.whitelabel.path, nil)]
        let room = sitemapLimit - entries.count
        let rows = try await req.sql.raw(
            """
            SELECT * FROM (SELECT 'own' AS source, id, created_at FROM models ORDER BY id DESC LIMIT \(unsafeRaw: String(room))) AS own_side
            UNION ALL
            SELECT * FROM (SELECT 'whitelabel' AS source, id, COALESCE(last_synced_at, created_at) AS created_at
              FROM whitelabel_models WHERE status = 'active' ORDER BY id DESC LIMIT \(unsafeRaw: String(room))) AS whitelabel_side
            """
        ).all()
        for row in rows.prefix(room) {
            let id = try row.decode(column: "id", as: Int.self)
            let source = try row.decode(column: "source", as: String.self)
            let path = source == "own" ? SiteURL.creatorModel(id).path : SiteURL.whitelabelModel(id).path
            entries.append((path, try row.decode(column: "created_at", as: Date?.self)))
        }
        let dateFormat = Date.ISO8601FormatStyle().year().month().day()
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        xml += #"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">"# + "\n"
        for entry in entries {
            xml += "<url><loc>\((address + entry.path).xmlEscaped)</loc>"
            if let modified = entry.modified { xml += "<lastmod>\(modified.formatted(dateFormat))</lastmod>" }
            xml += "</url>\n"
        }
        xml += "</urlset>\n"
        let response = Response(status: .ok, body: .init(string: xml))
        response.headers.contentType = .xml
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        return response
    }
}

extension String {
    var xmlEscaped: String {
        replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
