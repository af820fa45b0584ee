import Accounts
import Fluent
import Localization
import Schema
import Site
import Vapor

/// What every page needs besides its own content: the language, the site's settings, who is signed in, the
/// form token and the footer's support contacts. Read once per request.
struct PageContext: Sendable {
    let copy: Copy
    let settings: SiteSettings
    let signedIn: SignedInUser?
    let formToken: String
    let supportContacts: [SupportContact]
    /// The request's path, to mark the current navigation item.
    let path: String
    let requestID: String?
    /// The site's public address without a trailing slash, for absolute links (canonical, Open Graph).
    let siteAddress: String
    /// When the page is drawn (`Request.now`): the footer's year, a countdown, what has expired.
    let now: Date
    /// The ads this page shows, by placement (`Request.pageContext(showingAds:)`); none unless a page asks.
    var ads = PageAds()

    var language: SiteLanguage { copy.language }

    /// Takes the settings and contacts from `SiteFrameCache`. When the database can't answer (an error page while it is down), the
    /// page still renders with the defaults rather than failing twice.
    static func load(for request: Request) async -> PageContext {
        let frame = try? await request.application.siteFrameCache.frame(on: request.db)
        let settings = frame?.settings ?? .defaults
        let contacts = frame?.contacts ?? []
        let language = settings.language.language(acceptLanguage: request.headers.first(name: .acceptLanguage))
        return PageContext(
            copy: Copy(language), settings: settings, signedIn: request.signedInUser, formToken: request.formToken,
            supportContacts: contacts, path: request.url.path,
            requestID: request.logger[metadataKey: "request-id"].map { "\($0)" }, siteAddress: request.siteAddress,
            now: request.now)
    }
}

extension Request {
    func pageContext() async -> PageContext { await PageContext.load(for: self) }

    /// `PUBLIC_URL` when set; else http(s) and the Host header this request came with.
    var siteAddress: String {
        if let configured = application.configuration.publicURL { return configured }
        let host = headers.first(name: .host).flatMap { $0.isEmpty ? nil : $0 } ?? "localhost"
        // A Host header is the client's word: only a plain host[:port] goes into our links.
        let safeHost =
            host.unicodeScalars.allSatisfy {
                CharacterSet.alphanumerics.contains($0) || ".-:[]".unicodeScalars.contains($0)
            }
            ? host : "localhost"
        return "http://" + safeHost
    }
}
