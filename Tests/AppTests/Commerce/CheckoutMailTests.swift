import APISchema
import Commerce
import DatabaseTestBed
import Fluent
import Foundation
import Mail
import Payments
import SMTP
import SMTPTestBed
import Schema
import Site
import Testing
import Vapor
import VaporTesting

@testable import App

/// A buyer's mail, as it arrives at a real SMTP server: the Pix waiting when the checkout opens, the receipt once
/// the signed postback pays it (once, however often it comes), and the notice of a refund.
@Suite(.enabled(if: SMTPTestServer.isRunning, "scripts/test starts the SMTP server"))
struct CheckoutMailTests {
    static var server: SMTPTestServer { get throws { try #require(SMTPTestServer.shared) } }

    static func withMailingApp(_ kind: DatabaseKind, _ body: (Application) async throws -> Void) async throws {
        let smtp = try Self.server.submission
        let from = try Mailbox(parsing: "CreatorFlix <no-reply@creatorflix.test>")
        try await withApp(kind, configuration: { $0.mail = .init(smtp: smtp, from: from) }, body)
    }

    /// A visitor's Pix checkout of the plan and the photos bump (R$ 39,80), to `email`: its id and charge.
    static func pixCheckout(_ app: Application, email: String) async throws -> (id: Int, charge: String) {
        let shop = try await CommerceFixtures.shop(app)
        let (response, json) = try await CommerceFixtures.startCheckout(
            app,
            CommerceFixtures.checkoutBody(
                planID: try shop.plan.requireID(), bumps: [try shop.bumps[0].requireID()], email: email))
        #expect(response.status == .created)
        let id = try #require(APIClient.int(json["id"]))
        let charge = try #require(try await Checkout.find(id, on: app.db)?.externalID)
        return (id, charge)
    }

    static func postback(_ app: Application, _ status: ChargeStatus, charge: String, event: String) async throws {
        let sandbox = SandboxGateway(
            secret: CommerceFixtures.sandboxSecret, pix: .init(key: "k", merchantName: "n", merchantCity: "c"))
        let response = try await CommerceFixtures.sendPostback(
            app,
            PostbackEvent(eventID: event, chargeID: charge, status: status, amountCents: 3_980, reference: nil),
            signedBy: sandbox)
        #expect(response.status == .ok)
    }

    @Test(arguments: DatabaseKind.underTest)
    func aPaidPixCheckoutMailsTheWaitingPixThenOneReceiptWithItsTotal(_ kind: DatabaseKind) async throws {
        try await Self.withMailingApp(kind) { app in
            // setup
            let email = SMTPTestServer.uniqueAddress("comprador")
            let (id, charge) = try await Self.pixCheckout(app, email: email)
            _ = try await app.sendDueMail()

            // MUT: the signed postback, twice
            try await Self.postback(app, .paid, charge: charge, event: "evt_paid_1")
            try await Self.postback(app, .paid, charge: charge, event: "evt_paid_2")
            let round = try await app.sendDueMail()

            // validate
            #expect(round.sent == 1, "one receipt, however often the payment is reported")
            let received = try Self.server.received(for: email)
            #expect(received.count == 3, "the new account's welcome, the Pix waiting and the receipt")
            #expect(received.first?.text.contains("/confirmar-email?token=") == true)
            let waiting = try #require(received.dropFirst().first?.text)
            #expect(waiting.contains("Subject: =?utf-8?B?"))
            #expect(waiting.contains("Valor: R$ 39,80"))
            #expect(waiting.contains("br.gov.bcb.pix"))
            #expect(waiting.contains("/pagamento/\(id)?token="))
            let receipt = try #require(received.last?.text)
            #expect(
                receipt.contains(
                    "Mensal: R$ 29,90\nPack de fotos: R$ 9,90\nTotal: R$ 39,80".replacingOccurrences(
                        of: "\n", with: "\r\n")))
            #expect(receipt.contains("CPF: ***.982.247-**"))
            #expect(receipt.contains("Pedido: #\(id)"))
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aRefundMailsItsNotice(_ kind: DatabaseKind) async throws {
        try await Self.withMailingApp(kind) { app in
            let email = SMTPTestServer.uniqueAddress("comprador")
            let (_, charge) = try await Self.pixCheckout(app, email: email)
            try await Self.postback(app, .paid, charge: charge, event: "evt_paid")

            try await Self.postback(app, .refunded, charge: charge, event: "evt_refund")
            _ = try await app.sendDueMail()

            let kinds = try await OutboxMessage.query(on: app.db).filter(\.$toAddress == email).sort(\.$id).all()
                .map(\.kind)
            #expect(kinds == [.welcome, .pixWaiting, .receipt, .refund])
            #expect(try Self.server.received(for: email).last?.text.contains("Reembolsamos R$ 39,80") == true)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func theOperatorGetsANoticeOfEachSaleWhenTheSettingNamesAnAddress(_ kind: DatabaseKind) async throws {
        try await Self.withMailingApp(kind) { app in
            let operatorAddress = SMTPTestServer.uniqueAddress("operador")
            try await AdminSetting(key: KnownSetting.saleNotificationEmail.rawValue, value: operatorAddress).create(
                on: app.db)
            let (id, charge) = try await Self.pixCheckout(app, email: SMTPTestServer.uniqueAddress("comprador"))

            try await Self.postback(app, .paid, charge: charge, event: "evt_paid")
            _ = try await app.sendDueMail()

            let notice = try #require(try Self.server.received(for: operatorAddress).first?.text)
            #expect(notice.contains("Total: R$ 39,80"))
            #expect(notice.contains("/admin/checkouts/\(id)"))
        }
    }
}
