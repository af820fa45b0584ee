import Accounts
import Crypto
import Localization
import Vapor

/// Cross-site request forgery protection for the HTML forms, by double submission: every visitor gets a random
/// token in an HttpOnly cookie, every form carries it in a hidden field, and a state-changing request whose field
/// does not match its cookie is refused. A forged form on another site can't read the cookie to copy it, and the
/// SameSite=Lax cookies don't travel with its POST anyway. The JSON API takes bearer tokens, not cookies, so it
/// needs none of this.
struct FormProtection: AsyncMiddleware {
    static let cookieName = "cf_csrf"
    /// In production the cookie can only be set by this host over https, for the whole site: a sibling subdomain
    /// or a plain-http answer can't plant one.
    static let productionCookieName = "__Host-cf_csrf"
    static let fieldName = "_csrf"
    /// Paths whose links carry a token of their own, posted from outside any page of ours: the one-click
    /// unsubscribe (RFC 8058), which a mail program sends without cookies.
    static let carriesItsOwnProof: Set<String> = [SiteURL.emailUnsubscribe.path]

    static func cookieName(for app: Application) -> String {
        app.configuration.isProduction ? productionCookieName : cookieName
    }

    /// The token a form must carry: an HMAC under `APP_SECRET` of the browser's random (the cookie) and its
    /// session cookie. A pair of cookie and field a client chose itself doesn't pass, nor one made for another
    /// session.
    static func formToken(nonce: String, session: String?, appSecret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data("form:\(nonce):\(session ?? "")".utf8), using: SymmetricKey(data: Data(appSecret.utf8)))
        return TokenDigest.base64URL(Data(mac))
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let cookieName = Self.cookieName(for: request.application)
        // A random this middleware made: 43 characters of base64url. Anything else is replaced.
        let existing = request.cookies[cookieName].map(\.string).flatMap { Self.isWellFormed($0) ? $0 : nil }
        let nonce = existing ?? TokenDigest.newToken()
        let appSecret = request.application.configuration.appSecret
        let expected = Self.formToken(
            nonce: nonce, session: request.cookies[WebSession.cookieName]?.string, appSecret: appSecret)
        request.storage[TokenKey.self] = expected

        if Self.changesState(request.method), !Self.carriesItsOwnProof.contains(request.url.path) {
            let submitted: String
            if request.headers.contentType?.type == "multipart" {
                // Uploads stream straight to disk (UploadReceiver), so their token rides in the form's action URL
                // (`FormProtection.action(_:token:)`) rather than in a body this middleware would have to buffer.
                submitted = (try? request.query.get(String.self, at: Self.fieldName)) ?? ""
            } else {
                // Vapor collects a body only when the route's handler runs; a form still streaming in would read
                // as empty here, and a person's valid form would be refused.
                if request.body.data == nil {
                    _ = try await request.body.collect(max: request.application.routes.defaultMaxBodySize.value).get()
                }
                submitted = (try? request.content.get(String.self, at: Self.fieldName)) ?? ""
            }
            guard existing != nil, TokenDigest.constantTimeEquals(submitted, expected) else {
                throw ExpiredForm()
            }
        }

        let response = try await next.respond(to: request)
        if existing == nil {
            response.cookies[cookieName] = HTTPCookies.Value(
                string: nonce, path: "/", isSecure: request.application.environment != .development,
                isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }

    /// The action URL of an upload form (`multipart/form-data`): the token goes in its query string.
    static func action(_ path: String, token: String) -> String {
        path + (path.contains("?") ? "&" : "?") + fieldName + "=" + token
    }

    static func isWellFormed(_ token: String) -> Bool {
        token.utf8.count == 43
            && token.utf8.allSatisfy { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                    || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
                    || byte == UInt8(ascii: "_")
            }
    }

    static func changesState(_ method: HTTPMethod) -> Bool {
        ![.GET, .HEAD, .OPTIONS].contains(method)
    }

    struct TokenKey: StorageKey {
        typealias Value = String
    }

    /// The form did not carry this browser's token: it came from elsewhere, or the cookie expired.
    struct ExpiredForm: AbortError, RefusalReason {
        var status: HTTPResponseStatus { .forbidden }
        var reason: String { message(Copy(.english)) }
        func message(_ copy: Copy) -> String { copy.expiredFormMessage }
    }
}

extension Request {
    /// The token every form on this page must carry in `FormProtection.fieldName`.
    var formToken: String { storage[FormProtection.TokenKey.self] ?? "" }
}
