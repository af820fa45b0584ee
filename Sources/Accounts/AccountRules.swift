import Foundation

/// The rules every way into an account shares: sign-up, the admin panel, the API and the `create-admin` command.
public enum AccountRules {
    public static let minimumPasswordLength = 8
    /// bcrypt reads only the first 72 bytes; a longer password would silently match its own prefix.
    public static let maximumPasswordBytes = 72
    public static let maximumNameLength = 100

    /// Trims and lower-cases an e-mail address, or returns nil when it can't be one.
    public static func normalizedEmail(_ input: String) -> String? {
        let email = input.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        // Printable characters only, and none that HTML or mail headers treat specially: addresses that need them
        // are legal but vanishingly rare, and refusing them keeps every page and e-mail that shows one simple.
        guard email.count <= 254, parts.count == 2, !parts[0].isEmpty,
            !email.contains(where: { $0.isWhitespace || $0.isNewline || "\"<>()[]\\,;:`".contains($0) }),
            email.unicodeScalars.allSatisfy({ $0.value >= 0x21 && $0.value != 0x7F }),
            parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix(".")
        else { return nil }
        return email
    }

    public enum PasswordProblem: Equatable {
        case tooShort
        case tooLong
    }

    public static func passwordProblem(_ password: String) -> PasswordProblem? {
        if password.count < minimumPasswordLength { return .tooShort }
        if password.utf8.count > maximumPasswordBytes { return .tooLong }
        return nil
    }

    /// A display name, trimmed; nil when empty.
    public static func normalizedName(_ input: String?) -> String? {
        guard let name = input?.trimmingCharacters(in: .whitespacesAndNewlines), !name.isEmpty else { return nil }
        return name
    }
}
