import Localization
import Vapor

/// Who may open what. Signed-out visitors of a page are sent to sign in and brought back; the API answers
/// 401 instead. A signed-in user without the right role gets 403 either way.
enum AccessControl {
    struct RequireSignIn: AsyncMiddleware {
        func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
            guard request.signedInUser != nil else { return try AccessControl.refuseSignedOut(request) }
            return try await next.respond(to: request)
        }
    }

    struct RequireAdmin: AsyncMiddleware {
        func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
            guard let signedIn = request.signedInUser else { return try AccessControl.refuseSignedOut(request) }
            guard signedIn.isAdmin else { throw Refusal.request(.forbidden, .adminsOnly) }
            return try await next.respond(to: request)
        }
    }

    static func refuseSignedOut(_ request: Request) throws -> Response {
        if request.url.path.hasPrefix(APIURL.anyVersionPrefix) {
            throw Refusal.request(.unauthenticated, .signInFirst)
        }
        var destination = request.url.path
        if let query = request.url.query, !query.isEmpty { destination += "?" + query }
        return request.redirect(to: SiteURL.signIn(returningTo: destination))
    }
}
