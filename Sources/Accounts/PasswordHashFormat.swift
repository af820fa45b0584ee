/// The stored password hashes CreatorFlix can check: bcrypt in each prefix its family writes (`$2a$`, bcryptjs's
/// default and OpenBSD's older one; `$2b$`, today's and ours; `$2y$`, PHP's), at any cost. An account adopted
/// from the original app keeps its hash; the first sign-in that succeeds makes it again in ours.
public enum PasswordHashFormat {
    /// `$2?$NN$` and 53 characters of bcrypt's base64: 22 of salt, 31 of hash.
    public static func isReadable(_ digest: String) -> Bool {
        let bytes = Array(digest.utf8)
        guard bytes.count == 60, bytes[0] == UInt8(ascii: "$"), bytes[1] == UInt8(ascii: "2"),
            [UInt8(ascii: "a"), UInt8(ascii: "b"), UInt8(ascii: "y")].contains(bytes[2]),
            bytes[3] == UInt8(ascii: "$"), bytes[6] == UInt8(ascii: "$"), cost(of: digest) != nil
        else { return false }
        return bytes[7...].allSatisfy { byte in
            byte == UInt8(ascii: ".") || byte == UInt8(ascii: "/") || (48...57).contains(byte)
                || (65...90).contains(byte)
                || (97...122).contains(byte)
        }
    }

    /// The cost a bcrypt hash was made at (4 to 31), or nil.
    public static func cost(of digest: String) -> Int? {
        let bytes = Array(digest.utf8)
        guard bytes.count > 6, bytes[4...5].allSatisfy({ (48...57).contains($0) }),
            let cost = Int(String(decoding: bytes[4...5], as: UTF8.self)), (4...31).contains(cost)
        else { return nil }
        return cost
    }

    /// Whether a hash that just checked out should be made again: another prefix of the family, or another cost.
    public static func needsRehash(_ digest: String, cost: Int) -> Bool {
        !digest.hasPrefix("$2b$") || self.cost(of: digest) != cost
    }
}

/// Signing in found a stored hash CreatorFlix can't check (an account adopted from a stack before the original
/// app's): the member sets a new password through the e-mailed reset link.
public struct PasswordResetRequired: Error, Sendable {
    public let email: String
}
