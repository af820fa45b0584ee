import Crypto
import Foundation

/// Seals gateway secrets for storage: AES-256-GCM under a key derived from `APP_SECRET` with HKDF-SHA256, so a
/// database dump alone doesn't reveal them. A stored value reads "v1:" and the base64 of nonce, ciphertext and
/// tag; the version prefix leaves room to rotate the scheme.
public struct SecretBox: Sendable {
    private let key: SymmetricKey

    public static let prefix = "v1:"

    public init(appSecret: String) {
        key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: Data(appSecret.utf8)), salt: Data("creatorflix".utf8),
            info: Data("payment gateway secrets v1".utf8), outputByteCount: 32)
    }

    public func seal(_ plaintext: String) throws -> String {
        let box = try AES.GCM.seal(Data(plaintext.utf8), using: key)
        guard let combined = box.combined else { throw SecretBoxError.cannotOpen }
        return Self.prefix + combined.base64EncodedString()
    }

    /// The plaintext, or `SecretBoxError.cannotOpen` when the value was tampered with or sealed under another
    /// `APP_SECRET`.
    public func open(_ stored: String) throws(SecretBoxError) -> String {
        guard stored.hasPrefix(Self.prefix),
            let data = Data(base64Encoded: String(stored.dropFirst(Self.prefix.count))),
            let box = try? AES.GCM.SealedBox(combined: data), let plain = try? AES.GCM.open(box, using: key)
        else { throw .cannotOpen }
        return String(decoding: plain, as: UTF8.self)
    }
}

public enum SecretBoxError: Error, Equatable, Sendable {
    case cannotOpen
}
