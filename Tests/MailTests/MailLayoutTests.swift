import Localization
import Testing

@testable import Mail

/// Both parts come from one content; nothing a name, a setting or a link holds can open a tag in the HTML.
@Suite struct MailLayoutTests {
    static let frame = MailFrame(
        siteName: "Loja <da> Ana", logoURL: nil, siteAddress: "https://loja.example",
        supportText: "Fale com a gente", contacts: [.init(platform: "WhatsApp", url: "https://wa.me/5511912345678")])

    static let content = MailContent(
        subject: "Assunto", heading: "Olá <b>",
        blocks: [
            .paragraph("Um \"parágrafo\" & <script>alert(1)</script>"),
            .button(label: "Abrir", url: "https://loja.example/x?a=1&b=2"),
            .details([.init("Total", "R$ 39,80")]), .code("0002012636<>"),
        ])

    @Test func theHTMLEscapesEveryValue() {
        let html = MailLayout.html(Self.content, frame: Self.frame, copy: Copy(.portuguese))

        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("Um &quot;parágrafo&quot; &amp;"))
        #expect(html.contains("Olá &lt;b&gt;"))
        #expect(html.contains("Loja &lt;da&gt; Ana"))
        #expect(html.contains(#"href="https://loja.example/x?a=1&amp;b=2""#))
        #expect(html.contains("0002012636&lt;&gt;"))
    }

    @Test func aQuoteFollowedByACombiningMarkIsStillEscaped() {
        #expect(MailLayout.escape("\"\u{301}<") == "&quot;\u{301}&lt;")
    }

    @Test func theTextSaysWhatTheHTMLSays() {
        let text = MailLayout.text(Self.content, frame: Self.frame, copy: Copy(.portuguese))

        #expect(text.hasPrefix("Olá <b>\n\nUm \"parágrafo\" & <script>alert(1)</script>\n"))
        #expect(text.contains("Abrir:\nhttps://loja.example/x?a=1&b=2\n"))
        #expect(text.contains("Total: R$ 39,80\n"))
        #expect(text.contains("0002012636<>\n"))
        #expect(text.contains("WhatsApp: https://wa.me/5511912345678"))
        #expect(!text.contains("Cancelar inscrição"), "transactional mail has no unsubscribe line")
    }

    @Test func aLinkThatIsNotHTTPIsNeverDrawnAsOne() {
        var content = Self.content
        content.blocks = [.button(label: "Clique", url: "javascript:alert(1)")]
        var frame = Self.frame
        frame.contacts = [.init(platform: "Site", url: "javascript:alert(2)")]

        let html = MailLayout.html(content, frame: frame, copy: Copy(.english))

        #expect(!html.contains("javascript:"))
        #expect(html.contains("Clique"))
    }

    @Test func mailAMemberMayStopSaysHowInBothParts() {
        var frame = Self.frame
        frame.unsubscribeURL = "https://loja.example/e-mails/sair?t=abc"

        let text = MailLayout.text(Self.content, frame: frame, copy: Copy(.portuguese))
        let html = MailLayout.html(Self.content, frame: frame, copy: Copy(.english))

        #expect(text.hasSuffix("Não quer mais receber e-mails como este?\nhttps://loja.example/e-mails/sair?t=abc\n"))
        #expect(
            html.contains(#"<a href="https://loja.example/e-mails/sair?t=abc" style="color:#555555">Unsubscribe</a>"#))
    }
}
