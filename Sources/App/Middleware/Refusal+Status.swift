import Localization
import Vapor

extension Refusal.Kind {
    /// The one place a domain's kind of refusal becomes an HTTP status.
    var status: HTTPResponseStatus {
        switch self {
        case .invalid: .unprocessableEntity
        case .conflict: .conflict
        case .notFound: .notFound
        case .forbidden: .forbidden
        case .limited: .tooManyRequests
        case .unavailable: .serviceUnavailable
        }
    }
}

extension Refusal {
    var status: HTTPResponseStatus { kind.status }
}
