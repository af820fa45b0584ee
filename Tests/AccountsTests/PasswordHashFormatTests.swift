import Testing

@testable import Accounts

/// Which stored hashes sign in as they are, and which are made again at ours.
@Suite struct PasswordHashFormatTests {
    // Made with libxcrypt (Python's crypt module), as the fixture of the original app's database is.
    static let bcryptjsDefault = "$2a$10$j0MvPu6UqXh66X0oaIKhguL.MfLINic0Gqekobk0sf5E8yoLG14my"
    static let php = "$2y$10$ru4hf4Rh5.wX5lVuNMGnS.9hH7XMQwANLpoQgUb4.hJW9R6xC3DO2"
    static let ours = "$2b$12$3dbxoJP03UWymGuzxHMifO17UkwmddYUMoDtvb/HwA7NflzoGEecO"

    @Test func everyPrefixOfTheBcryptFamilyAtAnyCostIsReadable() {
        #expect(PasswordHashFormat.isReadable(Self.bcryptjsDefault))
        #expect(PasswordHashFormat.isReadable(Self.php))
        #expect(PasswordHashFormat.isReadable(Self.ours))
        #expect(PasswordHashFormat.cost(of: Self.bcryptjsDefault) == 10)
    }

    @Test(arguments: [
        "pbkdf2_sha256$260000$c2FsdGluaG8$kVn3O1qk8rK1V1nJxv6cQ1uZr3mF1yq3H0r9T1c2a3E=", "", "senha-em-texto",
        "$2x$10$j0MvPu6UqXh66X0oaIKhguL.MfLINic0Gqekobk0sf5E8yoLG14my",
        "$2a$99$j0MvPu6UqXh66X0oaIKhguL.MfLINic0Gqekobk0sf5E8yoLG14my",
        "$2a$10$j0MvPu6UqXh66X0oaIKhguL.MfLINic0Gqekobk0sf5E8yoLG14m!",
        "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA",
    ])
    func anythingElseIsNot(_ digest: String) {
        #expect(!PasswordHashFormat.isReadable(digest))
    }

    @Test func anotherPrefixOrCostIsMadeAgainAndOursIsLeft() {
        #expect(PasswordHashFormat.needsRehash(Self.bcryptjsDefault, cost: 12))
        #expect(PasswordHashFormat.needsRehash(Self.php, cost: 10), "the same cost, another prefix")
        #expect(PasswordHashFormat.needsRehash(Self.ours, cost: 10), "our prefix, another cost")
        #expect(!PasswordHashFormat.needsRehash(Self.ours, cost: 12))
    }
}
