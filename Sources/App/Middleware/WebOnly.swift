import Vapor

/// Runs a middleware for the site's pages only, not for the JSON API (which has bearer tokens and no forms)
/// nor for `/healthz` (which load balancers poll without cookies).
struct WebOnly<Wrapped: AsyncMiddleware>: AsyncMiddleware {
    let wrapped: Wrapped

    init(_ wrapped: Wrapped) { self.wrapped = wrapped }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let path = request.url.path
        if path.hasPrefix(APIURL.anyVersionPrefix) || path == SiteURL.healthz.path {
            return try await next.respond(to: request)
        }
        return try await wrapped.respond(to: request, chainingTo: next)
    }
}
