import Vapor

extension Request {
    /// The `:id` of a route, or 404 when it is not a number.
    func recordID() throws -> Int {
        guard let id = parameters.get("id", as: Int.self) else { throw Abort(.notFound) }
        return id
    }
}
