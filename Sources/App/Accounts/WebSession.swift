import Accounts
import Schema
import Vapor

/// The browser session: an HttpOnly, SameSite=Lax cookie holding an `auth_tokens` session token.
enum WebSession {
    static let cookieName = "cf_session"

    /// Recognises the session cookie on every page, so views know who is signed in.
    struct Authenticator: AsyncMiddleware {
        func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
            if let token = request.cookies[WebSession.cookieName]?.string,
                let signedIn = try await AuthTokens.user(presenting: token, as: .session, on: request.db)
            {
                request.auth.login(signedIn)
            }
            return try await next.respond(to: request)
        }
    }

    /// Signs the user in on this browser: a new session token, whatever cookie came before, so a session id
    /// planted before sign-in is worth nothing after it.
    static func start(for user: User, on request: Request, response: Response) async throws {
        guard let userID = user.id else {
            throw Abort(.internalServerError, reason: "A user without an id can't sign in.")
        }
        if let previous = request.signedInUser, previous.tokenKind == .session {
            try await AuthTokens.revoke(tokenID: previous.tokenID, on: request.db)
        }
        let issued = try await AuthTokens.issue(.session, for: userID, on: request.db)
        response.cookies[cookieName] = cookie(issued.token, expires: issued.expiresAt, on: request)
    }

    static func end(on request: Request, response: Response) async throws {
        if let signedIn = request.signedInUser, signedIn.tokenKind == .session {
            try await AuthTokens.revoke(tokenID: signedIn.tokenID, on: request.db)
        }
        request.auth.logout(SignedInUser.self)
        response.cookies[cookieName] = cookie("", expires: Date(timeIntervalSince1970: 0), on: request)
    }

    static func cookie(_ value: String, expires: Date, on request: Request) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: value, expires: expires, path: "/",
            // Secure everywhere but development, where the site is plain http://127.0.0.1.
            isSecure: request.application.environment != .development,
            isHTTPOnly: true, sameSite: .lax)
    }
}
