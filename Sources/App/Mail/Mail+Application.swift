import Fluent
import Foundation
import Localization
import Mail
import SMTP
import Schema
import ServiceLifecycle
import Site
import Vapor

extension Application {
    private struct MailSenderKey: StorageKey {
        typealias Value = MailSender
    }

    /// The outbox's sender, as configured: to `SMTP_URL`, else to `.eml` files under `DATA_DIR/outbox/`.
    var mailSender: MailSender {
        if let sender = storage[MailSenderKey.self] { return sender }
        let mail = configuration.mail
        let transport: any MailTransport =
            if let smtp = mail.smtp {
                SMTPTransport(configuration: smtp, helloName: mail.from.address.domain)
            } else {
                FolderTransport(directory: mailFolder)
            }
        let sender = MailSender(transport: transport, sender: mail.from)
        storage[MailSenderKey.self] = sender
        return sender
    }

    /// Where messages are written when no SMTP server is configured.
    var mailFolder: URL { configuration.dataDirectory.appendingPathComponent("outbox") }

    /// What every message carries around its content, for mail queued outside a request (the jobs): the site's
    /// address is `PUBLIC_URL`, else this instance's own.
    func mailFrame(on database: any Database, unsubscribeURL: String? = nil) async throws -> MailFrame {
        try await mailFrame(
            siteAddress: configuration.publicURL ?? "http://127.0.0.1:\(configuration.port)", on: database,
            unsubscribeURL: unsubscribeURL)
    }

    func mailFrame(siteAddress: String, on database: any Database, unsubscribeURL: String? = nil) async throws
        -> MailFrame
    {
        let frame = try await siteFrameCache.frame(on: database)
        return MailFrame(
            siteName: frame.settings.siteName, logoURL: frame.settings.logoURL.map { absolute($0, siteAddress) },
            siteAddress: siteAddress, supportText: frame.settings.supportText,
            contacts: frame.contacts.map { .init(platform: $0.platform, url: $0.url) }, unsubscribeURL: unsubscribeURL)
    }

    /// A logo set as a path of this site becomes a full address: a mail reader has no page to resolve it against.
    private func absolute(_ url: String, _ siteAddress: String) -> String {
        url.hasPrefix("/") ? siteAddress + url : url
    }

    /// Sends what is due, round after round, while each round finds a full batch that the server takes and
    /// `budget` lasts. A backlog (a campaign, a day the server was down) drains at the server's pace rather than
    /// a batch per interval; the budget hands the loop back to its job, so a shutdown waits at most that long.
    func sendDueMail(budget: Duration = .seconds(60)) async throws -> MailSender.Round {
        var total = MailSender.Round()
        let clock = configuration.clock
        let deadline = Date().addingTimeInterval(Double(budget.components.seconds))
        while Date() < deadline, !Task.isShuttingDownGracefully, !Task.isCancelled {
            let round = try await mailSender.runRound(on: db, until: deadline, now: clock)
            total.claimed += round.claimed
            total.sent += round.sent
            total.retried += round.retried
            total.failed += round.failed
            total.bounced += round.bounced
            // Less than a full batch: nothing more is due. A message put off (the server is down, or throttling)
            // or a round that delivered nothing (it refuses everything): the rest wait for the next run, rather
            // than spend an attempt of each in the backlog against a server that pushes back.
            if round.claimed < mailSender.batchSize || round.retried > 0 || round.sent == 0 { break }
        }
        return total
    }
}

extension Request {
    /// The frame of mail queued by this request: links go back to the site this request came to.
    func mailFrame(unsubscribeURL: String? = nil) async throws -> MailFrame {
        try await application.mailFrame(siteAddress: siteAddress, on: db, unsubscribeURL: unsubscribeURL)
    }
}
