import Localization
import Schema
import Vapor

/// Input refused field by field. The admin pages show each message next to its field; the API sends them in
/// `error.fields`.
protocol RefusedInput: Error {
    func messages(_ copy: Copy) -> [String: String]
    var status: HTTPResponseStatus { get }
}

extension RefusedInput {
    var status: HTTPResponseStatus { .unprocessableEntity }
}

extension AccountInputRefused: RefusedInput {
    func messages(_ copy: Copy) -> [String: String] { problems.mapValues { $0.message(copy) } }
    var status: HTTPResponseStatus { problems.values.contains(.emailTaken) ? .conflict : .unprocessableEntity }
}

extension SettingsRefused: RefusedInput {
    func messages(_ copy: Copy) -> [String: String] { problems.mapValues { $0.message(copy) } }
}

extension SupportContactRefused: RefusedInput {
    func messages(_ copy: Copy) -> [String: String] { problems.mapValues { $0.message(copy) } }
}

extension SettingProblem {
    func message(_ copy: Copy) -> String {
        switch self {
        case .required: copy.settingRequired
        case .tooLong: copy.settingTooLong
        case .notAURL: copy.settingNotAURL
        case .unknownLanguage: copy.settingUnknownLanguage
        case .badKey: copy.settingBadKey
        case .knownKey: copy.settingKnownKey
        case .notAMinuteCount: copy.settingNotAMinuteCount
        case .notAnAbandonMinuteCount: copy.settingNotAnAbandonMinuteCount
        case .notAMegabyteCount: copy.settingNotAMegabyteCount
        case .notADayCount: copy.settingNotADayCount
        case .notALimit: copy.settingNotALimit
        }
    }
}

extension SupportContactProblem {
    func message(_ copy: Copy) -> String {
        switch self {
        case .platformMissing: copy.platformMissing
        case .platformTooLong: copy.platformTooLong
        case .urlInvalid: copy.contactURLInvalid
        }
    }
}

/// A forbidden admin action is a 409: the request is well formed, but the site's state doesn't allow it.
extension UserAdministrationRefusal: AbortError {
    var status: HTTPResponseStatus { .conflict }
    var reason: String { message(Copy(.english)) }

    func message(_ copy: Copy) -> String {
        switch self {
        case .lastAdmin: copy.lastAdminRefused
        case .cannotDeleteYourself: copy.cannotDeleteYourself
        case .hasPurchaseHistory: copy.hasPurchaseHistory
        }
    }
}
