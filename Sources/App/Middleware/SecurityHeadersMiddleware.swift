import Vapor

/// Headers that make the browser refuse what the site never does: scripts from elsewhere or inline, being framed,
/// guessing content types, and leaking full URLs to other sites.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    /// Images may come from any https host (models' pictures and ads live in buckets and CDNs); everything else is
    /// our own. No 'unsafe-inline' anywhere: the pages have no inline scripts or styles.
    static let contentSecurityPolicy = [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: https:",
        "media-src 'self' https:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ].joined(separator: "; ")

    /// A year, subdomains included: in production the site is https only, and browsers should not try plain http.
    static let strictTransportSecurity = "max-age=31536000; includeSubDomains"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        Self.apply(to: &response.headers)
        if request.application.configuration.isProduction {
            response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: Self.strictTransportSecurity)
        }
        return response
    }

    /// What a message's HTML is served with, for the admin's preview frame: no script, no request but images,
    /// its own inline styles, a unique origin (sandbox), and framed only by our own pages.
    static let mailPreviewPolicy =
        "default-src 'none'; img-src https: data:; style-src 'unsafe-inline'; sandbox; frame-ancestors 'self'"

    static func apply(to headers: inout HTTPHeaders) {
        // A response that set a policy of its own keeps it: the mail preview's, which is stricter, not looser.
        if headers.first(name: "Content-Security-Policy") == SecurityHeadersMiddleware.mailPreviewPolicy {
            headers.replaceOrAdd(name: "X-Frame-Options", value: "SAMEORIGIN")
            headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
            headers.replaceOrAdd(name: "Referrer-Policy", value: "no-referrer")
            return
        }
        headers.replaceOrAdd(name: "Content-Security-Policy", value: contentSecurityPolicy)
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        headers.replaceOrAdd(name: "Referrer-Policy", value: "strict-origin-when-cross-origin")
        headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
    }
}
