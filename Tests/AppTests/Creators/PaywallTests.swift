import APISchema
import Creators
import DatabaseTestBed
import Fluent
import Foundation
import Schema
import Testing
import Vapor
import VaporTesting

@testable import App

/// Who sees a post's media: users whose subscription is active now, and admins. Everyone else gets locked
/// previews, and the media's URL is in neither the HTML nor the API's answer.
@Suite struct PaywallTests {
    enum Viewer: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case visitor
        case userWithoutSubscription
        /// Status `expired`, as the expiry job leaves it.
        case expiredSubscriber
        /// Still marked active, but its end date has passed and no job has run yet.
        case lapsedSubscriber
        case activeSubscriber
        case admin

        var testDescription: String { rawValue }
        var mayViewMedia: Bool { self == .activeSubscriber || self == .admin }
    }

    /// A linked photo and an uploaded video, each with an address that appears nowhere else on the page.
    static let photoURL = "https://media.example.com/segredo-foto.jpg"
    static let videoKey = CreatorPostAdministration.uploadPrefix + "segredo-video.mp4"

    struct Catalogue {
        let modelID: Int
        let photoPostID: Int
        let videoPostID: Int
    }

    static func catalogue(_ app: Application) async throws -> Catalogue {
        let model = CreatorModel(name: "Júlia", iconURL: "https://media.example.com/icone.png")
        try await model.create(on: app.db)
        let photo = CreatorPost(modelID: model.id, title: "Foto", contentURL: photoURL, type: .image)
        try await photo.create(on: app.db)
        try await app.objectStore.put(videoKey, data: Data(UploadFixtures.mp4), contentType: "video/mp4")
        let video = CreatorPost(modelID: model.id, title: "Vídeo", contentURL: videoKey, type: .video)
        try await video.create(on: app.db)
        return Catalogue(
            modelID: try model.requireID(), photoPostID: try photo.requireID(), videoPostID: try video.requireID())
    }

    /// A browser signed in as the viewer, and an API token for them (nil for the visitor).
    static func sessions(for viewer: Viewer, _ app: Application) async throws -> (browser: TestBrowser, token: String?)
    {
        var browser = TestBrowser(app)
        guard viewer != .visitor else { return (browser, nil) }
        let email = "\(viewer.rawValue.lowercased())@example.com"
        let user = try await app.makeUser(email, password: "senha-segura-1", role: viewer == .admin ? .admin : .user)
        let day: TimeInterval = 86_400
        switch viewer {
        case .expiredSubscriber:
            try await Subscription(
                userID: user.id, planID: nil, startDate: Date(timeIntervalSinceNow: -40 * day),
                endDate: Date(timeIntervalSinceNow: -10 * day), status: .expired
            ).create(on: app.db)
        case .lapsedSubscriber:
            try await Subscription(
                userID: user.id, planID: nil, startDate: Date(timeIntervalSinceNow: -31 * day),
                endDate: Date(timeIntervalSinceNow: -60), status: .active
            ).create(on: app.db)
        case .activeSubscriber:
            try await Subscription(
                userID: user.id, planID: nil, startDate: Date(timeIntervalSinceNow: -day),
                endDate: Date(timeIntervalSinceNow: 29 * day), status: .active
            ).create(on: app.db)
        case .visitor, .userWithoutSubscription, .admin:
            break
        }
        try await browser.signIn(email, "senha-segura-1")
        let login = try await app.testing().sendRequest(
            .POST, APIURL.login.path, headers: ["Content-Type": "application/json"],
            body: ByteBuffer(string: #"{"email":"\#(email)","password":"senha-segura-1"}"#))
        let token = try JSONDecoder().decode([String: JSONValue].self, from: login.body)["token"]
        guard case .string(let value)? = token else {
            throw Abort(.internalServerError, reason: "no token for \(email)")
        }
        return (browser, value)
    }

    static func apiGet(_ app: Application, _ path: String, token: String?) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let token { headers.bearerAuthorization = .init(token: token) }
        return try await app.testing().sendRequest(.GET, path, headers: headers)
    }

    /// The photo's URL and the video's signed link are both present, or both absent, as the viewer deserves.
    static func expectMedia(
        _ body: String, for viewer: Viewer, on page: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let escapedPhoto = photoURL.replacingOccurrences(of: "/", with: "\\/")
        let showsPhoto = body.contains(photoURL) || body.contains(escapedPhoto)
        let showsVideo = body.contains("segredo-video")
        #expect(
            showsPhoto == viewer.mayViewMedia, "\(viewer) on \(page): photo URL shown = \(showsPhoto)",
            sourceLocation: sourceLocation)
        #expect(
            showsVideo == viewer.mayViewMedia, "\(viewer) on \(page): video link shown = \(showsVideo)",
            sourceLocation: sourceLocation)
    }

    @Test(arguments: DatabaseKind.underTest, Viewer.allCases)
    func pagesShowMediaOnlyToActiveSubscribersAndAdmins(_ kind: DatabaseKind, _ viewer: Viewer) async throws {
        try await withApp(kind) { app in
            // setup
            let catalogue = try await Self.catalogue(app)
            var (browser, _) = try await Self.sessions(for: viewer, app)

            // MUT
            let home = try await browser.get(SiteURL.home.path)
            let profile = try await browser.get(SiteURL.creatorModel(catalogue.modelID).path)
            let photoPage = try await browser.get(SiteURL.creatorPost(catalogue.photoPostID).path)
            let videoPage = try await browser.get(SiteURL.creatorPost(catalogue.videoPostID).path)

            // validate
            for response in [home, profile, photoPage, videoPage] { #expect(response.status == .ok) }
            Self.expectMedia(home.text, for: viewer, on: "home")
            Self.expectMedia(profile.text, for: viewer, on: "profile")
            Self.expectMedia(photoPage.text + videoPage.text, for: viewer, on: "post pages")
            #expect(profile.text.contains("Conteúdo para assinantes") == !viewer.mayViewMedia, "call to subscribe")
            #expect(videoPage.text.contains("<video") == viewer.mayViewMedia)
            #expect(profile.text.contains("icone.png"), "a model's picture is public")
        }
    }

    @Test(arguments: DatabaseKind.underTest, Viewer.allCases)
    func theAPIGivesMediaURLsOnlyToActiveSubscribersAndAdmins(_ kind: DatabaseKind, _ viewer: Viewer) async throws {
        try await withApp(kind) { app in
            // setup
            let catalogue = try await Self.catalogue(app)
            let (_, token) = try await Self.sessions(for: viewer, app)

            // MUT
            let model = try await Self.apiGet(app, APIURL.model(catalogue.modelID).path, token: token)
            let post = try await Self.apiGet(app, APIURL.post(catalogue.videoPostID).path, token: token)
            let photo = try await Self.apiGet(app, APIURL.post(catalogue.photoPostID).path, token: token)

            // validate
            #expect(model.status == .ok)
            #expect(post.status == .ok)
            #expect(photo.status == .ok)
            Self.expectMedia(model.text, for: viewer, on: "API model")
            Self.expectMedia(post.text + photo.text, for: viewer, on: "API posts")
            #expect(model.text.contains(#""can_view_media":\#(viewer.mayViewMedia)"#))
            #expect(post.text.contains(#""locked":\#(!viewer.mayViewMedia)"#))
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func aSubscribersSignedLinkOpensTheUploadedVideo(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let catalogue = try await Self.catalogue(app)
            var (browser, _) = try await Self.sessions(for: .activeSubscriber, app)
            let page = try await browser.get(SiteURL.creatorPost(catalogue.videoPostID).path).text
            let source = try #require(page.firstMatch(of: /<video src="([^"]+)"/)?.1)
            var anotherBrowser = TestBrowser(app)
            let file = try await anotherBrowser.get(String(source).replacingOccurrences(of: "&amp;", with: "&"))
            #expect(file.status == .ok)
            #expect(Array(file.body.readableBytesView) == UploadFixtures.mp4)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func withACDNSubscribersGetCDNLinksAndVisitorsStillNone(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            app.configuration.cdnBaseURL = "https://cdn.example.com"
            let catalogue = try await Self.catalogue(app)
            var (subscriber, _) = try await Self.sessions(for: .activeSubscriber, app)
            var visitor = TestBrowser(app)

            let seen = try await subscriber.get(SiteURL.creatorPost(catalogue.videoPostID).path).text
            let locked = try await visitor.get(SiteURL.creatorPost(catalogue.videoPostID).path).text

            #expect(seen.contains(#"<video src="https://cdn.example.com/\#(Self.videoKey)""#))
            #expect(!locked.contains("cdn.example.com/uploads"))
        }
    }
}
