import Localization
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

    public var reason: String { message(Copy(.english)) }
}

/// Spelled in the reader's language by the error middleware.
extension DatabaseConstraintViolation: RefusalReason {
    public func message(_ copy: Copy) -> String {
        switch kind {
        case .unique: copy.valueTaken(constraint)
        case .foreignKey: copy.recordReferenceBroken
        case .notNull: copy.valueMissing(constraint)
        case .check: copy.valueNotAllowed(constraint)
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
