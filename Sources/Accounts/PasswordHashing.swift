/// Hashes and checks passwords. The site hands in Vapor's bcrypt hasher, which runs off the event loop; tests may
/// hand in a cheaper one.
public protocol PasswordHashing: Sendable {
    func hash(_ password: String) async throws -> String
    func verify(_ password: String, created digest: String) async throws -> Bool
}
