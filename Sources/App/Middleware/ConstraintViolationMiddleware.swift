import Schema
import Vapor

/// A constraint violation that reaches the error middleware answers 409 with a sentence, never a driver dump.
extension DatabaseConstraintViolation: AbortError {
    public var status: HTTPResponseStatus {
        switch kind {
        case .unique: .conflict
        case .foreignKey, .notNull, .check: .unprocessableEntity
        }
    }

    public var reason: String {
        switch kind {
        case .unique: "That value is already taken\(constraint.map { " (\($0))" } ?? "")."
        case .foreignKey:
            "The record refers to something that does not exist, or is still referred to by other records."
        case .notNull: "A required value is missing\(constraint.map { " (\($0))" } ?? "")."
        case .check: "A value is not one of the allowed values\(constraint.map { " (\($0))" } ?? "")."
        }
    }
}

/// Turns a driver's constraint error into a `DatabaseConstraintViolation` on its way to the error middleware.
struct ConstraintViolationMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            throw DatabaseConstraintViolation(error) ?? error
        }
    }
}
