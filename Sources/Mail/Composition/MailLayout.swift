import Localization

/// What every message carries around its content: the site's name and logo, a way back to the site, the support
/// contacts, and, on mail a member may stop, the way to stop it.
public struct MailFrame: Sendable, Equatable {
    public struct Contact: Sendable, Equatable {
        public let platform: String
        public let url: String

        public init(platform: String, url: String) {
            self.platform = platform
            self.url = url
        }
    }

    public var siteName: String
    /// An absolute https URL, or nil for none.
    public var logoURL: String?
    /// The site's public address, `https://…` with no trailing slash.
    public var siteAddress: String
    public var supportText: String?
    public var contacts: [Contact]
    /// Set on mail a member may stop (reminders, recovery); nil on transactional mail.
    public var unsubscribeURL: String?

    public init(
        siteName: String, logoURL: String?, siteAddress: String, supportText: String?, contacts: [Contact],
        unsubscribeURL: String? = nil
    ) {
        self.siteName = siteName
        self.logoURL = logoURL
        self.siteAddress = siteAddress
        self.supportText = supportText
        self.contacts = contacts
        self.unsubscribeURL = unsubscribeURL
    }
}

/// Draws a message's two parts from one `MailContent`. Every value is escaped in the HTML; links are the site's
/// own or the admin's, and only http(s) links are drawn as links.
public enum MailLayout {
    public static func text(_ content: MailContent, frame: MailFrame, copy: Copy) -> String {
        var lines = [content.heading, ""]
        for block in content.blocks {
            switch block {
            case .paragraph(let text): lines += [text, ""]
            case .button(let label, let url): lines += ["\(label):", url, ""]
            case .details(let details): lines += details.map { "\($0.label): \($0.value)" } + [""]
            case .code(let code): lines += [code, ""]
            }
        }
        lines.append("— \(frame.siteName)")
        lines.append(frame.siteAddress)
        if let support = frame.supportText { lines.append(support) }
        for contact in frame.contacts { lines.append("\(contact.platform): \(contact.url)") }
        if let unsubscribe = frame.unsubscribeURL {
            lines += ["", copy.mailUnsubscribeLine, unsubscribe]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func html(_ content: MailContent, frame: MailFrame, copy: Copy) -> String {
        var body = ""
        if let logo = frame.logoURL.flatMap(safeURL) {
            body +=
                #"<p style="margin:0 0 24px"><img src="\#(escape(logo))" alt="\#(escape(frame.siteName))" height="40" style="height:40px;border:0"></p>"#
        } else {
            body += #"<p style="margin:0 0 24px;font-size:20px;font-weight:bold">\#(escape(frame.siteName))</p>"#
        }
        body += #"<h1 style="margin:0 0 16px;font-size:22px;line-height:1.3">\#(escape(content.heading))</h1>"#
        for block in content.blocks {
            switch block {
            case .paragraph(let text):
                body += #"<p style="margin:0 0 16px;line-height:1.5">\#(escape(text))</p>"#
            case .button(let label, let url):
                guard let url = safeURL(url) else {
                    body += #"<p style="margin:0 0 16px">\#(escape(label))</p>"#
                    continue
                }
                body +=
                    #"<p style="margin:0 0 24px"><a href="\#(escape(url))" style="display:inline-block;padding:12px 20px;background:#6d28d9;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:bold">\#(escape(label))</a></p>"#
            case .details(let details):
                body += #"<table role="presentation" style="margin:0 0 16px;border-collapse:collapse">"#
                for detail in details {
                    body +=
                        #"<tr><td style="padding:4px 16px 4px 0;color:#555555">\#(escape(detail.label))</td><td style="padding:4px 0;font-weight:bold">\#(escape(detail.value))</td></tr>"#
                }
                body += "</table>"
            case .code(let code):
                body +=
                    #"<p style="margin:0 0 16px;padding:12px;background:#f3f4f6;font-family:monospace;word-break:break-all">\#(escape(code))</p>"#
            }
        }
        var footer = #"<a href="\#(escape(frame.siteAddress))" style="color:#555555">\#(escape(frame.siteName))</a>"#
        if let support = frame.supportText { footer += "<br>" + escape(support) }
        for contact in frame.contacts {
            let label = escape(contact.platform)
            footer +=
                "<br>"
                + (safeURL(contact.url).map { #"<a href="\#(escape($0))" style="color:#555555">\#(label)</a>"# }
                    ?? label)
        }
        if let unsubscribe = frame.unsubscribeURL.flatMap(safeURL) {
            footer +=
                #"<br><br>\#(escape(copy.mailUnsubscribeLine)) <a href="\#(escape(unsubscribe))" style="color:#555555">\#(escape(copy.mailUnsubscribe))</a>"#
        }
        return """
            <!DOCTYPE html>
            <html lang="\(copy.language.rawValue)"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>\(escape(content.subject))</title></head>
            <body style="margin:0;padding:0;background:#f5f5f7"><div style="max-width:560px;margin:0 auto;padding:32px 24px;background:#ffffff;font-family:Arial,Helvetica,sans-serif;font-size:16px;color:#111111">
            \(body)
            <p style="margin:32px 0 0;font-size:13px;color:#555555;line-height:1.5">\(footer)</p>
            </div></body></html>
            """
    }

    /// `&`, `<`, `>`, `"` and `'` as entities: nothing a name or a setting holds can open a tag or leave an
    /// attribute.
    public static func escape(_ text: String) -> String {
        // By scalar, not by Character: a quote followed by a combining mark is one Character, and must still go.
        var escaped = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped.append(contentsOf: "&amp;".unicodeScalars)
            case "<": escaped.append(contentsOf: "&lt;".unicodeScalars)
            case ">": escaped.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": escaped.append(contentsOf: "&quot;".unicodeScalars)
            case "'": escaped.append(contentsOf: "&#39;".unicodeScalars)
            default: escaped.append(scalar)
            }
        }
        return String(escaped)
    }

    /// The URL when it is http or https; a `javascript:` or other scheme is never drawn as a link.
    static func safeURL(_ url: String) -> String? {
        let lowered = url.lowercased()
        return lowered.hasPrefix("https://") || lowered.hasPrefix("http://") ? url : nil
    }
}
