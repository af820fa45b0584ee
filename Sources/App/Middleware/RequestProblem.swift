import Localization

/// What the site itself refuses in a request, before or beside any domain: a body it can't read, access the
/// requester lacks, a record its path names that isn't there. Thrown as a `Refusal`'s reason like the domains'
/// own, so the page and the API spell it from `Copy` in the reader's language.
enum RequestProblem: RefusalReason, Equatable {
    case bodyNotJSON
    case bodyMissing
    case bodyInvalidJSON
    case bodyUnreadable
    case fieldMissing(String)
    case fieldWrongType(String)
    case fieldNotValid(String)
    case notOneOf([String])
    case required
    case outOfRange(Int, Int)
    case trueOrFalse
    case pictureNotValid
    /// A sort order the listing doesn't know; the API calls it `bad_order`.
    case unknownOrder([String])
    /// A model that still has posts, deleted without `with_posts=true`; the API calls it `model_has_posts`.
    case modelHasPosts(Int)
    case wrongCredentials
    case tokenUnknown
    case signInFirst
    case adminsOnly
    case mediaLinkInvalid
    case unknown(Copy.Record)
    case gatewayNotReady(String)
    case sandboxTakesNoPostbacks
    case simulationNeedsSandbox
    case renewalSimulationNeedsSandbox
    case notAnEmailAddress
    case dayRangeNotValid(maximumDays: Int)

    func message(_ copy: Copy) -> String {
        switch self {
        case .bodyNotJSON: copy.requestBodyNotJSON
        case .bodyMissing: copy.requestBodyMissing
        case .bodyInvalidJSON: copy.requestBodyInvalidJSON
        case .bodyUnreadable: copy.requestBodyUnreadable
        case .fieldMissing(let path): copy.requestFieldMissing(path)
        case .fieldWrongType(let path): copy.requestFieldWrongType(path)
        case .fieldNotValid(let path): copy.requestFieldNotValid(path)
        case .notOneOf(let allowed): copy.apiNotOneOf(allowed)
        case .required: copy.apiRequired
        case .outOfRange(let lower, let upper): copy.apiOutOfRange(from: lower, to: upper)
        case .trueOrFalse: copy.apiMustBe(copy.apiTrueOrFalse)
        case .pictureNotValid: copy.pictureInvalid
        case .unknownOrder(let allowed): "order: " + copy.apiNotOneOf(allowed)
        case .modelHasPosts(let count): copy.modelHasPosts(count)
        case .wrongCredentials: copy.wrongCredentials
        case .tokenUnknown: copy.apiTokenUnknown
        case .signInFirst: copy.apiSignInFirst(loginPath: APIURL.login.path)
        case .adminsOnly: copy.adminsOnly
        case .mediaLinkInvalid: copy.mediaLinkInvalid
        case .unknown(let record): copy.unknownRecord(record)
        case .gatewayNotReady(let name): copy.gatewayNotReadyForPostbacks(name)
        case .sandboxTakesNoPostbacks: copy.sandboxTakesNoPostbacksInProduction
        case .simulationNeedsSandbox: copy.simulationNeedsSandbox
        case .renewalSimulationNeedsSandbox: copy.renewalSimulationNeedsSandbox
        case .notAnEmailAddress: copy.emailInvalid
        case .dayRangeNotValid(let maximumDays): copy.dayRangeNotValid(maximumDays: maximumDays)
        }
    }

    var code: String? {
        switch self {
        case .unknownOrder: "bad_order"
        case .modelHasPosts: "model_has_posts"
        default: nil
        }
    }
}

extension Refusal {
    /// A request refused by the site itself, of `kind`, for `problem`.
    static func request(_ kind: Kind, _ problem: RequestProblem) -> Refusal { Refusal(kind, reason: problem) }

    /// The path names a `record` that isn't there.
    static func unknown(_ record: Copy.Record) -> Refusal { Refusal(.notFound, reason: RequestProblem.unknown(record)) }
}
