import Vapor

/// Every path of the admin panel. Everything under `/admin` needs an admin.
enum AdminURL: Sendable, Equatable {
    case dashboard

    static let prefix = "/admin"

    var path: String {
        switch self {
        case .dashboard: Self.prefix
        }
    }

    var pathComponents: [PathComponent] {
        path.split(separator: "/").map { PathComponent(stringLiteral: String($0)) }
    }
}
