import Localization
import Vapor

extension Refusal.Kind {
    /// The one place a kind of refusal becomes an HTTP status.
    var status: HTTPResponseStatus {
        switch self {
        case .invalid: .unprocessableEntity
        case .unreadable: .badRequest
        case .unauthenticated: .unauthorized
        case .conflict: .conflict
        case .notFound: .notFound
        case .forbidden: .forbidden
        case .limited: .tooManyRequests
        case .unavailable: .serviceUnavailable
        }
    }
}

extension Refusal {
    var status: HTTPResponseStatus {
        // HTTP has a status of its own for a body sent as another media type.
        if case .bodyNotJSON? = reason as? RequestProblem { return .unsupportedMediaType }
        return kind.status
    }

    /// The headers the status calls for: when to try again, and how to authenticate.
    var headers: HTTPHeaders {
        var headers: HTTPHeaders = [:]
        if let retryAfterSeconds { headers.add(name: .retryAfter, value: String(retryAfterSeconds)) }
        if kind == .unauthenticated {
            let invalidToken = (reason as? RequestProblem) == .tokenUnknown
            headers.add(name: .wwwAuthenticate, value: invalidToken ? #"Bearer error="invalid_token""# : "Bearer")
        }
        return headers
    }
}
