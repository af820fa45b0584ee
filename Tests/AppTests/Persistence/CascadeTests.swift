import DatabaseTestBed
import Fluent
import Schema
import Testing

@testable import App

/// Deletes cascade exactly where the seed says (whitelabel model → posts → media, ad → events) and nowhere else.
@Suite struct CascadeTests {
    @Test(arguments: DatabaseKind.underTest)
    func deletingAWhitelabelModelDeletesItsPostsAndMediaOnly(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            // setup
            let doomed = try await makeWhitelabelModel("doomed", posts: 2, mediaPerPost: 3, on: app.db)
            let kept = try await makeWhitelabelModel("kept", posts: 1, mediaPerPost: 2, on: app.db)

            // MUT
            try await doomed.delete(on: app.db)

            // validate
            let posts = try await WhitelabelPost.query(on: app.db).all()
            #expect(posts.map(\.$model.id) == [kept.id])
            #expect(try await WhitelabelMedia.query(on: app.db).count() == 2)
            #expect(try await WhitelabelModel.query(on: app.db).count() == 1)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func deletingAWhitelabelPostDeletesItsMediaOnly(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let model = try await makeWhitelabelModel("m", posts: 2, mediaPerPost: 2, on: app.db)
            let posts = try await WhitelabelPost.query(on: app.db).sort(\.$id).all()

            try await posts[0].delete(on: app.db)

            let media = try await WhitelabelMedia.query(on: app.db).all()
            #expect(media.map(\.$post.id) == [posts[1].id, posts[1].id])
            #expect(try await WhitelabelModel.find(model.id, on: app.db) != nil)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func deletingAnAdDeletesItsImpressionsAndClicksOnly(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let doomed = Ad(name: "doomed", title: "t", link: "https://example.com/a")
            let kept = Ad(name: "kept", title: "t", link: "https://example.com/b")
            try await doomed.create(on: app.db)
            try await kept.create(on: app.db)
            for ad in [doomed, kept] {
                try await AdImpression(adID: ad.id, placement: "home_top").create(on: app.db)
                try await AdClick(adID: ad.id, placement: "home_top").create(on: app.db)
            }

            try await doomed.delete(on: app.db)

            #expect(try await AdImpression.query(on: app.db).all().map(\.$ad.id) == [kept.id])
            #expect(try await AdClick.query(on: app.db).all().map(\.$ad.id) == [kept.id])
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func deletingACreatorWithPostsIsRefused(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let creator = CreatorModel(name: "Júlia")
            try await creator.create(on: app.db)
            try await CreatorPost(modelID: creator.id, contentURL: "/a.jpg", type: .image).create(on: app.db)

            let error = await #expect(throws: (any Error).self) { try await creator.delete(on: app.db) }

            #expect(error.flatMap(DatabaseConstraintViolation.init)?.kind == .foreignKey)
            #expect(try await CreatorPost.query(on: app.db).count() == 1)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func deletingAUserWithASubscriptionIsRefused(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let user = User(name: "Ana", email: "ana@example.com", passwordHash: "x")
            try await user.create(on: app.db)
            let plan = Plan(name: "Mensal", price: 2990, duration: 30)
            try await plan.create(on: app.db)
            try await Subscription(userID: user.id, planID: plan.id).create(on: app.db)

            let error = await #expect(throws: (any Error).self) { try await user.delete(on: app.db) }

            #expect(error.flatMap(DatabaseConstraintViolation.init)?.kind == .foreignKey)
        }
    }

    private func makeWhitelabelModel(
        _ folder: String, posts: Int, mediaPerPost: Int, on database: any Database
    ) async throws -> WhitelabelModel {
        let model = WhitelabelModel(folderName: folder)
        try await model.create(on: database)
        for postNumber in 1...posts {
            let post = WhitelabelPost(modelID: model.id, folderName: "post-\(postNumber)")
            try await post.create(on: database)
            for mediaNumber in 1...mediaPerPost {
                try await WhitelabelMedia(
                    postID: post.id, s3Key: "\(folder)/post-\(postNumber)/\(mediaNumber).jpg", type: .image
                ).create(on: database)
            }
        }
        return model
    }
}
