import Foundation
import Testing

@testable import Localization

@Suite struct LanguageTests {
    @Test(arguments: [
        ("pt-BR,pt;q=0.9,en;q=0.8", SiteLanguage.portuguese), ("en-US,en;q=0.9", .english),
        ("fr-FR, en;q=0.5, pt;q=0.4", .english), ("de, en;q=0, pt-PT;q=0.3", .portuguese),
        ("en;q=0.2, pt;q=0.8", .portuguese),
    ])
    func picksTheBrowsersFavouriteOfOurLanguages(header: String, expected: SiteLanguage) {
        #expect(SiteLanguage.preferred(byAcceptLanguage: header) == expected)
    }

    @Test func aBrowserThatSpeaksNoneOfOursGetsPortugueseWhenTheSettingFollowsIt() {
        #expect(SiteLanguage.preferred(byAcceptLanguage: "de-DE,fr;q=0.5") == nil)
        #expect(SiteLanguageSetting.browser.language(acceptLanguage: "de-DE") == .portuguese)
        #expect(SiteLanguageSetting.browser.language(acceptLanguage: nil) == .portuguese)
    }

    @Test func aFixedSettingIgnoresTheBrowser() {
        #expect(SiteLanguageSetting.portuguese.language(acceptLanguage: "en-US") == .portuguese)
        #expect(SiteLanguageSetting.english.language(acceptLanguage: "pt-BR") == .english)
    }

    @Test func everySentenceHasBothVariants() {
        let portuguese = Copy(.portuguese), english = Copy(.english)
        #expect(portuguese.signIn == "Entrar")
        #expect(english.signIn == "Sign in")
        #expect(portuguese.passwordTooShort(minimum: 8).contains("8"))
    }

    @Test func datesAreShownInSaoPauloTime() {
        // 2026-11-26 02:30 UTC is still the 25th, 23:30, in São Paulo (UTC−3).
        let date = Date(timeIntervalSince1970: 1_795_660_200)
        #expect(SiteClock.moment(date, in: .portuguese) == "25/11/2026 23:30")
        #expect(SiteClock.day(date, in: .english) == "Nov 25, 2026")
    }

    @Test func onlyWholeDaysRead() {
        #expect(SiteClock.startOfDay("2026-1-5").map(SiteClock.dayKey) == "2026-01-05")
        for text in ["2026-x-11-05", "2026-11-05-junk", "2026-11", "2026--11-05", "2026-02-30", "1800-01-01", ""] {
            #expect(SiteClock.startOfDay(text) == nil, "\(text)")
        }
    }

    @Test func dayKeysChangeAtSaoPauloMidnightWhateverWasAskedBefore() {
        // 2026-11-26 03:00 UTC is São Paulo's midnight. The last day asked is remembered; it mustn't leak across.
        let midnight = Date(timeIntervalSince1970: 1_795_662_000)
        #expect(SiteClock.dayKey(midnight.addingTimeInterval(-1)) == "2026-11-25")
        #expect(SiteClock.dayKey(midnight) == "2026-11-26")
        #expect(SiteClock.dayKey(midnight.addingTimeInterval(-0.000_5)) == "2026-11-25")
        #expect(SiteClock.dayKey(midnight.addingTimeInterval(86_399)) == "2026-11-26")
        #expect(SiteClock.dayKey(midnight.addingTimeInterval(86_400)) == "2026-11-27")
        #expect(SiteClock.dayKey(midnight.addingTimeInterval(-86_400 * 365)) == "2025-11-26")
    }
}
