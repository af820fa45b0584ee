import Foundation

/// The rules every way into an account shares: sign-up, the admin panel and the `create-admin` command.
enum AccountRules {
    static let minimumPasswordLength = 8

    /// Trims and lower-cases an e-mail address, or returns nil when it can't be one.
    static func normalizedEmail(_ input: String) -> String? {
        let email = input.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.count <= 254, parts.count == 2, !parts[0].isEmpty,
            !email.contains(where: { $0.isWhitespace || $0.isNewline }),
            parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix(".")
        else { return nil }
        return email
    }

    static func isAcceptablePassword(_ password: String) -> Bool {
        password.count >= minimumPasswordLength
    }
}
