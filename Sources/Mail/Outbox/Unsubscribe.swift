import Crypto
import Foundation

/// The one-click unsubscribe link's proof (RFC 8058): an HMAC of the account and the category under the app
/// secret, so the link works without signing in, never expires, and can't be made for someone else.
public enum Unsubscribe {
    public static func token(userID: Int, category: MailCategory, appSecret: String) -> String {
        let key = SymmetricKey(data: SHA256.hash(data: Data("unsubscribe:\(appSecret)".utf8)))
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(userID):\(category.rawValue)".utf8), using: key)
        return Data(mac).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    public static func isValid(_ token: String, userID: Int, category: MailCategory, appSecret: String) -> Bool {
        let expected = Array(self.token(userID: userID, category: category, appSecret: appSecret).utf8)
        let given = Array(token.utf8)
        guard expected.count == given.count else { return false }
        return zip(expected, given).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
