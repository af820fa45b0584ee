import Accounts
import Vapor

/// A signed-in user is what Vapor's authenticators log in (`WebSession.Authenticator`, the bearer token).
extension SignedInUser: Authenticatable {}

/// Vapor's bcrypt hasher, which runs off the event loop, is what the accounts hash passwords with.
extension AsyncPasswordHasher: PasswordHashing {}

extension Request {
    /// The signed-in user, if the session cookie or bearer token named one.
    var signedInUser: SignedInUser? { auth.get(SignedInUser.self) }
}
