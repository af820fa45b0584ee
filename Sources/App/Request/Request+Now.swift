import Foundation
import Vapor

extension Request {
    /// The site's current time (`AppConfiguration.clock`): what pages, checkouts and ads read as now.
    var now: Date { application.configuration.clock() }
}
