import Localization

/// Why account input was refused, per field. The web forms and the API show the same problems, each in the
/// reader's language.
public enum AccountProblem: String, RefusalReason {
    case nameMissing = "name_missing"
    case nameTooLong = "name_too_long"
    case emailInvalid = "email_invalid"
    case emailTaken = "email_taken"
    case passwordTooShort = "password_too_short"
    case passwordTooLong = "password_too_long"
    case wrongCurrentPassword = "wrong_current_password"
    case resetLinkInvalid = "reset_link_invalid"
    /// The stored hash can't be checked (an adopted account): a reset link was e-mailed.
    case passwordResetRequired = "password_reset_required"

    public func message(_ copy: Copy) -> String {
        switch self {
        case .nameMissing: copy.nameRequired
        case .nameTooLong: copy.nameTooLong
        case .emailInvalid: copy.emailInvalid
        case .emailTaken: copy.emailTaken
        case .passwordTooShort: copy.passwordTooShort(minimum: AccountRules.minimumPasswordLength)
        case .passwordTooLong: copy.passwordTooLong
        case .wrongCurrentPassword: copy.wrongCurrentPassword
        case .resetLinkInvalid: copy.resetLinkInvalid
        case .passwordResetRequired: copy.passwordResetRequired
        }
    }

    public init(_ problem: AccountRules.PasswordProblem) {
        switch problem {
        case .tooShort: self = .passwordTooShort
        case .tooLong: self = .passwordTooLong
        }
    }
}

extension Refusal {
    /// Account input refused field by field: a conflict when the e-mail is taken, else invalid.
    public static func account(_ problems: [String: AccountProblem]) -> Refusal {
        Refusal(problems.values.contains(.emailTaken) ? .conflict : .invalid, fields: problems)
    }
}
