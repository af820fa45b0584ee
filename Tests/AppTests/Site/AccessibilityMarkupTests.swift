import DatabaseTestBed
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

/// What an auditor reads in the markup: every picture has a text alternative (empty for the decorative ones), and
/// the search field has a name. The browser journeys run axe-core on every page they open; this keeps the markup
/// honest without a browser.
@Suite struct AccessibilityMarkupTests {
    static func imagesWithoutAlt(_ html: String) -> [String] {
        let images = html.components(separatedBy: "<img").dropFirst().map {
            "<img" + ($0.components(separatedBy: ">").first ?? "")
        }
        return images.filter { $0.range(of: #"\salt(=|\s|/|$)"#, options: .regularExpression) == nil }
    }

    @Test(arguments: DatabaseKind.underTest)
    func everyPictureOnTheDemoPagesHasATextAlternative(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            try await app.runCommand("demo")
            var visitor = TestBrowser(app)
            for path in [
                SiteURL.home.path, SiteURL.search.path + "?q=a", SiteURL.creatorModel(1).path, SiteURL.plans.path,
                SiteURL.signIn.path,
            ] {
                let page = try await visitor.get(path)
                #expect(page.status == .ok, "\(path)")
                #expect(page.text.contains("<img"), "\(path) has no picture to check")
                #expect(Self.imagesWithoutAlt(page.text).isEmpty, "\(path): \(Self.imagesWithoutAlt(page.text))")
            }
            let home = try await visitor.get(SiteURL.home.path).text
            #expect(home.contains(#"id="busca-q" aria-label="#))
        }
    }

    @Test func theCheckFindsAPictureWithoutAlt() {
        #expect(
            Self.imagesWithoutAlt(
                #"<p><img src="a.svg" class="x"/><img src="b.svg" alt class="y"/><img alt="Foto 1" src="c"/></p>"#)
                == [#"<img src="a.svg" class="x"/"#])
    }
}
