import Vapor

/// Every path the application serves, in one place. Routes, links and tests all take their paths from here.
enum SiteURL: Sendable {
    case healthz

    var path: String {
        switch self {
        case .healthz: "/healthz"
        }
    }

    var pathComponents: [PathComponent] {
        path.split(separator: "/").map { PathComponent(stringLiteral: String($0)) }
    }
}
