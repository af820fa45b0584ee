import Testing

@testable import SMTP

/// `SMTP_URL` as operators write it.
@Suite struct SMTPConfigurationTests {
    @Test func submissionIsStartTLSOn587WithTheCredentialsDecoded() throws {
        let configuration = try SMTPConfiguration(url: "smtp://ana%40loja.com:p%C3%A1ss%3Aword@smtp.example.com")

        #expect(configuration.host == "smtp.example.com")
        #expect(configuration.port == 587)
        #expect(configuration.security == .startTLS)
        #expect(configuration.username == "ana@loja.com")
        #expect(configuration.password == "páss:word")
    }

    @Test func smtpsIsTLSFromTheStartOn465() throws {
        let configuration = try SMTPConfiguration(url: "smtps://u:p@smtp.example.com")
        #expect(configuration.port == 465)
        #expect(configuration.security == .implicitTLS)
        #expect(try SMTPConfiguration(url: "smtp://u:p@smtp.example.com:2525").port == 2525)
    }

    @Test func startTLSIsOffOnlyWhenSaidAndThenWithoutAPassword() throws {
        #expect(try SMTPConfiguration(url: "smtp://localhost:25?starttls=off").security == .none)
        #expect(throws: SMTPConfiguration.Problem.authenticationWithoutTLS) {
            try SMTPConfiguration(url: "smtp://u:p@localhost:25?starttls=off")
        }
    }

    @Test(arguments: [
        ("http://smtp.example.com", SMTPConfiguration.Problem.unknownScheme("http")),
        ("smtp://", .noHost), ("smtp://h?tls=1", .unknownOption("tls=1")),
        ("smtps://h?starttls=off", .unknownOption("starttls=off")), ("just text", .notAURL),
    ])
    func aURLWeCantUseIsRefusedWithItsReason(_ url: String, _ problem: SMTPConfiguration.Problem) {
        #expect(throws: problem) { try SMTPConfiguration(url: url) }
    }
}
