/// A request the domain won't carry out, as a value: what kind of refusal it is, which fields are wrong and why,
/// and, for a refusal of the whole, its reason. A domain never names an HTTP status: `App`'s error middleware maps
/// the kind to one, and the page and the API both read the messages from `Copy`, in the reader's language.
public struct Refusal: Error, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        /// The input breaks a rule (422).
        case invalid
        /// The request can't be read at all: no body, not JSON, a field of the wrong type (400; 415 for a body of
        /// another media type).
        case unreadable
        /// Who is asking isn't known: no credentials, or ones that open nothing (401).
        case unauthenticated
        /// The input is fine, but the site's state doesn't allow it: a taken e-mail, the last admin (409).
        case conflict
        /// What the request names isn't there (404).
        case notFound
        /// The requester may not do this (403).
        case forbidden
        /// Too many attempts for now; try again later (429).
        case limited
        /// Something the request needs isn't set up or can't be reached now (503).
        case unavailable
    }

    public var kind: Kind
    /// Field name, as the form or the API body sent it → why it was refused.
    public var fields: [String: any RefusalReason]
    /// Why the whole was refused, when it isn't one field's fault.
    public var reason: (any RefusalReason)?
    /// For `limited`: when to try again.
    public var retryAfterSeconds: Int?

    public init(
        _ kind: Kind, fields: [String: any RefusalReason] = [:], reason: (any RefusalReason)? = nil,
        retryAfterSeconds: Int? = nil
    ) {
        self.kind = kind
        self.fields = fields
        self.reason = reason
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// Input refused field by field.
    public static func invalid(_ fields: [String: any RefusalReason]) -> Refusal { Refusal(.invalid, fields: fields) }

    /// Each refused field's message, in the reader's language.
    public func messages(_ copy: Copy) -> [String: String] { fields.mapValues { $0.message(copy) } }

    /// The sentence for the whole: the reason's, or one that names the refused fields.
    public func message(_ copy: Copy) -> String {
        if let reason { return reason.message(copy) }
        return copy.fieldsNotValid(fields.keys.sorted())
    }

    /// The API's machine-readable code, when the refusal has one of its own (`model_has_posts`).
    public var code: String? { reason?.code }

    /// The reason a field was refused for, as the domain's own type.
    public func reason<Reason: RefusalReason>(of field: String, as type: Reason.Type) -> Reason? {
        fields[field] as? Reason
    }

    /// The refused fields whose reasons are of one domain type.
    public func fields<Reason: RefusalReason>(as type: Reason.Type) -> [String: Reason] {
        fields.compactMapValues { $0 as? Reason }
    }
}

/// Why something was refused: a message key that `Copy` spells in each language.
public protocol RefusalReason: Sendable {
    func message(_ copy: Copy) -> String
    /// A stable name the API sends as `error.code` when this is the reason for the whole; nil leaves the API to
    /// name the kind.
    var code: String? { get }
}

extension RefusalReason {
    public var code: String? { nil }
}

extension Copy {
    public func fieldsNotValid(_ names: [String]) -> String {
        let list = names.joined(separator: ", ")
        return text("Alguns campos não são válidos: \(list).", "Some fields are not valid: \(list).")
    }
}

/// Too many attempts for now: the sign-in throttle, the sign-up limit, the open-checkout limit.
public struct TooManyAttempts: RefusalReason, Equatable {
    public let retryAfterSeconds: Int

    public init(retryAfterSeconds: Int) { self.retryAfterSeconds = retryAfterSeconds }

    public func message(_ copy: Copy) -> String { copy.tooManyAttempts(retryAfterSeconds: retryAfterSeconds) }
}

extension Refusal {
    /// Refused for now: try again in `seconds`.
    public static func tooManyAttempts(retryAfterSeconds seconds: Int) -> Refusal {
        Refusal(.limited, reason: TooManyAttempts(retryAfterSeconds: seconds), retryAfterSeconds: seconds)
    }
}
