import Testing

@testable import SMTP

/// Only a plain `local@domain` reaches a command or a header: nothing typed can add a line.
@Suite struct MailAddressTests {
    @Test(arguments: ["ana@example.com", "ana.souza+news@mail.example.com.br", "joão@exemplo.com.br", " ana@x.io "])
    func anAddressIsTakenAndTrimmed(_ text: String) throws {
        #expect(try MailAddress(text).text == text.trimmingWhitespace)
    }

    @Test(arguments: [
        "ana@example.com\r\nBcc: all@example.com", "ana@example.com\nX: y", "ana\t@example.com\u{0}",
    ])
    func aLineBreakOrControlCharacterIsRefused(_ text: String) {
        #expect(throws: MailAddress.Problem.controlCharacter) { try MailAddress(text) }
    }

    @Test func aThreeHundredCharacterAddressIsTooLong() {
        let address = String(repeating: "a", count: 60) + "@" + String(repeating: "b", count: 235) + ".com"
        #expect(address.count > 254)
        #expect(throws: MailAddress.Problem.tooLong) { try MailAddress(address) }
        #expect(throws: MailAddress.Problem.tooLong) { try MailAddress(String(repeating: "a", count: 65) + "@x.com") }
    }

    @Test(arguments: [
        "ana", "@example.com", "ana@", "ana@@example.com", "ana@example", "a b@example.com", "\"ana\"@example.com",
        "ana@exa_mple.com", "<ana@example.com>", "ana@example.com>", "ana..souza@example.com", "ana@-x.com",
        "ana@example.123", "ana,bia@example.com",
    ])
    func whatIsNotOneAddressIsRefused(_ text: String) {
        #expect(throws: MailAddress.Problem.notAnAddress) { try MailAddress(text) }
    }

    @Test func anEmptyAddressIsRefused() {
        #expect(throws: MailAddress.Problem.empty) { try MailAddress("   ") }
    }

    @Test func anInternationalAddressIsKnownAsOne() throws {
        #expect(try MailAddress("joão@exemplo.com.br").isInternational)
        #expect(try !MailAddress("joao@exemplo.com.br").isInternational)
    }

    @Test func aMailboxIsReadAsMailFromIsWritten() throws {
        let named = try Mailbox(parsing: "CreatorFlix <no-reply@example.com.br>")
        #expect(named.name == "CreatorFlix")
        #expect(named.address.text == "no-reply@example.com.br")
        #expect(try Mailbox(parsing: "\"Loja da Ana\" <loja@example.com>").name == "Loja da Ana")
        #expect(try Mailbox(parsing: "no-reply@example.com").name == nil)
        #expect(throws: MailAddress.Problem.notAnAddress) { try Mailbox(parsing: "CreatorFlix <no-reply@x.com") }
    }

    @Test func aNameWithALineBreakIsRefused() throws {
        let address = try MailAddress("ana@example.com")
        #expect(throws: MailAddress.Problem.controlCharacter) {
            try Mailbox(name: "Ana\r\nBcc: all@example.com", address: address)
        }
    }
}
