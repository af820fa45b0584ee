import Foundation
import Localization
import Schema
import Testing

@testable import Mail

/// Every message, in both languages, says what it must.
@Suite struct MailTemplatesTests {
    @Test func everyKindHasOneTemplateThatDrawsInBothLanguages() {
        #expect(Set(MailTemplates.all.map { $0.kind }) == Set(MailKind.allCases))
        for template in MailTemplates.all {
            for language in SiteLanguage.allCases {
                let content = template.sample(siteAddress: "https://loja.example").content(Copy(language))
                #expect(!content.subject.isEmpty, "\(template.kind) in \(language)")
                #expect(!content.blocks.isEmpty, "\(template.kind) in \(language)")
            }
        }
    }

    @Test func theReceiptListsTheLinesTheTotalTheSaoPauloTimeTheMaskedCPFAndTheOrder() {
        let receipt = ReceiptMail.sample(siteAddress: "https://loja.example")
        let text = MailLayout.text(
            receipt.content(Copy(.portuguese)),
            frame: MailFrame(
                siteName: "CreatorFlix", logoURL: nil, siteAddress: "https://loja.example", supportText: nil,
                contacts: []), copy: Copy(.portuguese))

        #expect(text.contains("Mensal: R$ 29,90\nPack de fotos: R$ 9,90\nTotal: R$ 39,80\n"))
        #expect(text.contains("Data: 25/11/2026 12:00"), "15:00 UTC is noon in São Paulo")
        #expect(text.contains("CPF: ***.982.247-**"))
        #expect(text.contains("Pedido: #1234"))
    }

    @Test func aCPFIsMaskedToItsMiddleSixDigits() {
        #expect(ReceiptMail.mask(cpf: "529.982.247-25") == "***.982.247-**")
        #expect(ReceiptMail.mask(cpf: "52998224725") == "***.982.247-**")
        #expect(ReceiptMail.mask(cpf: "123") == nil)
    }

    @Test func remindersCountTheDaysLeftAndOneThatRenewsSaysSo() {
        var reminder = RenewalReminderMail.sample(siteAddress: "https://loja.example")
        let copy = Copy(.portuguese)
        #expect(reminder.content(copy).subject == "Sua assinatura Mensal termina em 7 dias")
        reminder.daysLeft = 1
        #expect(reminder.content(copy).subject == "Sua assinatura Mensal termina amanhã")
        reminder.daysLeft = 0
        #expect(reminder.content(Copy(.english)).subject == "Your Mensal subscription ends today")
        reminder.willRenew = true
        #expect(reminder.content(copy).subject == "Sua assinatura Mensal será renovada")
    }

    @Test func onlyRemindersAndRecoveryMayBeStopped() {
        let stoppable = MailTemplates.all.filter { $0.category != nil }.map { $0.kind }
        #expect(Set(stoppable) == [.renewalReminder, .recovery])
    }
}
