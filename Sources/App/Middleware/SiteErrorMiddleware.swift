import Accounts
import Localization
import Plot
import Vapor

/// Turns every error into the answer its client can read: under `/api/` the one JSON error shape,
/// `{"error": {"code", "message", "fields"?}}`; everywhere else a styled page in the site's frame. A 500 never
/// shows internals (only a `Refusal`'s own sentence); it is logged with the request id, which the page shows as a
/// reference.
struct SiteErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let response: Response
            if request.url.path.hasPrefix(APIURL.anyVersionPrefix) {
                let failure = Failure(error, copy: Copy(APIError.language(of: request)))
                if failure.status.code >= 500 { request.logger.report(error: error) }
                response = APIError.response(
                    failure.status, code: failure.code, message: failure.publicMessage, fields: failure.fields)
                for (name, value) in failure.headers { response.headers.replaceOrAdd(name: name, value: value) }
                return response
            }
            let context = await request.pageContext()
            let failure = Failure(error, copy: context.copy)
            if failure.status.code >= 500 { request.logger.report(error: error) }
            response = ErrorPage.render(failure, context: context)
            for (name, value) in failure.headers { response.headers.replaceOrAdd(name: name, value: value) }
            return response
        }
    }

    /// An error, reduced to what may be said about it.
    struct Failure {
        let status: HTTPResponseStatus
        let reason: String
        let headers: HTTPHeaders
        let fields: [String: String]?
        /// The API's `error.code`, when the refusal names its own.
        let ownCode: String?
        let error: any Error

        /// The message a client may see: the reason for a 4xx, a fixed sentence for a 5xx.
        let publicMessage: String

        /// - Parameter copy: the reader's language, for every message.
        init(_ error: any Error, copy: Copy) {
            self.error = error
            ownCode = (error as? Refusal)?.code
            switch error {
            case let refusal as Refusal:
                status = refusal.status
                reason = refusal.message(copy)
                headers = refusal.headers
                fields = refusal.fields.isEmpty ? nil : refusal.messages(copy)
            // Before AbortError: Vapor makes DecodingError one, with a reason that shows Swift's types and names.
            case let decoding as DecodingError:
                status = .badRequest
                reason = Self.describe(decoding).message(copy)
                headers = [:]
                fields = nil
            case let abort as any AbortError:
                status = abort.status
                // An error that Copy spells (a constraint, an upload, an expired form) is said in the reader's language.
                reason = (abort as? any RefusalReason)?.message(copy) ?? Self.say(abort, copy)
                headers = abort.headers
                fields = nil
            default:
                status = .internalServerError
                reason = copy.apiServerError
                headers = [:]
                fields = nil
            }
            // A refusal's sentence is written for its reader (a provider that didn't confirm a cancel, a PSP that
            // didn't register the webhooks): shown at any status. Any other 5xx shows the fixed sentence only.
            publicMessage = status.code >= 500 && !(error is Refusal) ? copy.apiServerError : reason
        }

        var code: String { ownCode ?? APIError.code(for: status) }

        /// An `Abort` from Vapor or a library: its own words, but for the statuses the site has sentences for.
        static func say(_ abort: any AbortError, _ copy: Copy) -> String {
            guard abort.reason == abort.status.reasonPhrase else { return abort.reason }
            switch abort.status {
            case .notFound: return copy.notFoundMessage
            case .forbidden: return copy.forbiddenMessage
            default: return abort.reason
            }
        }

        static func describe(_ error: DecodingError) -> RequestProblem {
            switch error {
            case .keyNotFound(let key, let context): .fieldMissing(fieldPath(context.codingPath + [key]))
            case .typeMismatch(_, let context), .valueNotFound(_, let context):
                context.codingPath.isEmpty ? .bodyUnreadable : .fieldWrongType(fieldPath(context.codingPath))
            case .dataCorrupted(let context):
                context.codingPath.isEmpty ? .bodyUnreadable : .fieldNotValid(fieldPath(context.codingPath))
            @unknown default: .bodyUnreadable
            }
        }

        /// A coding path as the request wrote it: `customer.full_name`, `order_bump_ids[1]`, not Swift's camelCase.
        static func fieldPath(_ path: [any CodingKey]) -> String {
            path.reduce(into: "") { written, key in
                if let index = key.intValue { written += "[\(index)]"; return }
                let snake = key.stringValue.reduce(into: "") { name, character in
                    if character.isUppercase, !name.isEmpty { name += "_" }
                    name += character.lowercased()
                }
                written += written.isEmpty ? snake : "." + snake
            }
        }
    }
}

/// The API's one error shape.
enum APIError {
    struct Body: Content, Equatable {
        struct Detail: Content, Equatable {
            let code: String
            let message: String
            let fields: [String: String]?
        }
        let error: Detail
    }

    static func response(_ status: HTTPResponseStatus, code: String, message: String, fields: [String: String]? = nil)
        -> Response
    {
        let response = Response(status: status)
        try? response.content.encode(Body(error: .init(code: code, message: message, fields: fields)), as: .json)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    /// The API's language: the client's Accept-Language when it names one we speak, else English, which API
    /// clients have always read.
    static func language(of request: Request) -> SiteLanguage {
        request.headers.first(name: .acceptLanguage).flatMap(SiteLanguage.preferred(byAcceptLanguage:)) ?? .english
    }

    /// A stable, machine-readable name for each status the API answers with.
    static func code(for status: HTTPResponseStatus) -> String {
        switch status.code {
        case 400: "bad_request"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "not_found"
        case 405: "method_not_allowed"
        case 409: "conflict"
        case 413: "payload_too_large"
        case 415: "unsupported_media_type"
        case 422: "validation_failed"
        case 429: "too_many_requests"
        case 503: "service_unavailable"
        case 500...: "internal_error"
        default: "request_refused"
        }
    }
}

/// The styled error pages: 404, 403, 429, an expired form, other 4xx, and 500.
enum ErrorPage {
    static func render(_ failure: SiteErrorMiddleware.Failure, context: PageContext) -> Response {
        let copy = context.copy
        var (title, message): (String, String) =
            switch failure.status {
            case .notFound: (copy.notFoundTitle, copy.notFoundMessage)
            case .forbidden where failure.error is FormProtection.ExpiredForm:
                (copy.expiredFormTitle, copy.expiredFormMessage)
            case .forbidden: (copy.forbiddenTitle, copy.forbiddenMessage)
            case .tooManyRequests:
                (
                    copy.tooManyAttemptsTitle,
                    copy.tooManyAttempts(
                        retryAfterSeconds: (failure.error as? Refusal)?.retryAfterSeconds ?? Int(SignInThrottle.window))
                )
            case let status where status.code >= 500: (copy.serverErrorTitle, copy.serverErrorMessage)
            default: (copy.badRequestTitle, failure.reason)
            }
        // Refused fields, in the page's language, each by the name the form sent it under.
        if let refusal = failure.error as? Refusal, !refusal.fields.isEmpty {
            message =
                copy.fixTheFields + " "
                + refusal.messages(copy).sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
                .joined(separator: " ")
        }
        return SiteLayout.render(
            context, title: title, status: failure.status,
            .section(
                .class("card narrow error-page"),
                .p(.class("error-code"), .text(String(failure.status.code))),
                .h1(.text(title)),
                .p(.text(message)),
                .if(
                    failure.status.code >= 500,
                    .unwrap(context.requestID) { .p(.class("hint"), .text(copy.requestReference($0))) }),
                .a(.class("button"), .href(SiteURL.home.path), .text(copy.backToHome))
            )
        )
    }
}
