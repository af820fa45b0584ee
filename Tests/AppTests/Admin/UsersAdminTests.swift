import Accounts
import DatabaseTestBed
import Fluent
import Schema
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite struct UsersAdminTests {
    @Test(arguments: DatabaseKind.underTest)
    func searchFindsUsersByEmailOrNameInAnyCase(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            var admin = try await app.adminBrowser()
            try await app.makeUser("bruna@example.com", name: "Bruna Costa")
            try await app.makeUser("carla@exemplo.com.br", name: "Carla 100%")
            try await app.makeUser("diego@example.com", name: "Diego")

            let byName = try await admin.get(AdminURL.users.path + "?q=COSTA").text
            #expect(byName.contains("bruna@example.com"))
            #expect(!byName.contains("diego@example.com"))

            let byEmail = try await admin.get(AdminURL.users.path + "?q=EXEMPLO.com").text
            #expect(byEmail.contains("carla@exemplo.com.br"))
            #expect(!byEmail.contains("bruna@example.com"))

            // A % typed by the admin is a character, not a wildcard.
            let literal = try await UserAdministration.find(search: "100%", page: 1, on: app.db)
            #expect(literal.users.map(\.email) == ["carla@exemplo.com.br"])
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func theListIsPagedNewestFirst(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            for number in 1...(UserAdministration.pageSize + 2) {
                try await User(name: "U\(number)", email: "u\(number)@example.com", passwordHash: "x").create(
                    on: app.db)
            }
            let first = try await UserAdministration.find(search: nil, page: 1, on: app.db)
            let second = try await UserAdministration.find(search: nil, page: 2, on: app.db)
            #expect(first.users.count == UserAdministration.pageSize)
            #expect(first.hasNextPage)
            #expect(first.users.first?.email == "u\(UserAdministration.pageSize + 2)@example.com")
            #expect(second.users.count == 2)
            #expect(!second.hasNextPage)
            #expect(second.total == UserAdministration.pageSize + 2)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func anAdminCreatesAUserWhoCanSignIn(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            var admin = try await app.adminBrowser()
            let response = try await admin.submit(
                AdminURL.users.path,
                ["name": "Nova", "email": "Nova@Example.com", "password": "senha-nova-1", "role": "user"])
            #expect(response.status == .seeOther)
            let page = try await admin.get(try #require(response.location))
            #expect(page.text.contains("nova@example.com"))
            #expect(page.text.contains("Usuário criado."))
            var newcomer = TestBrowser(app)
            try await newcomer.signIn("nova@example.com", "senha-nova-1")

            let duplicate = try await admin.submit(
                AdminURL.users.path,
                ["name": "Outra", "email": "nova@example.com", "password": "senha-nova-1", "role": "user"])
            #expect(duplicate.status == .conflict)
            #expect(duplicate.text.contains("Já existe uma conta com este e-mail"))
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func theLastAdminCannotBeDemotedButOneOfTwoCan(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            var admin = try await app.adminBrowser()
            let me = try #require(try await User.query(on: app.db).filter(\.$email == "admin@example.com").first())

            let refused = try await admin.submit(AdminURL.userRole(me.id).path, ["role": "user"])
            #expect(refused.status == .conflict)
            #expect(refused.text.contains("último administrador"))
            #expect(try await User.find(me.id, on: app.db)?.role == .admin)

            let other = try await app.makeUser("outro@example.com", role: .admin)
            let allowed = try await admin.submit(AdminURL.userRole(other.id).path, ["role": "user"])
            #expect(allowed.status == .seeOther)
            #expect(try await User.find(other.id, on: app.db)?.role == .user)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func resettingAPasswordSignsTheUserOutEverywhere(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            var admin = try await app.adminBrowser()
            let user = try await app.makeUser("ana@example.com", password: "senha-antiga-1")
            var phone = TestBrowser(app)
            try await phone.signIn("ana@example.com", "senha-antiga-1")

            let response = try await admin.submit(AdminURL.userPassword(user.id).path, ["password": "senha-do-admin-9"])

            #expect(response.status == .seeOther)
            #expect(try await phone.get(SiteURL.account.path).status == .seeOther)
            var fresh = TestBrowser(app)
            try await fresh.signIn("ana@example.com", "senha-do-admin-9")

            let short = try await admin.submit(AdminURL.userPassword(user.id).path, ["password": "curta"])
            #expect(short.status == .unprocessableEntity)
            #expect(short.text.contains("pelo menos 8 caracteres"))
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func deletingKeepsAccountsWithPurchasesAndTheAdminsOwn(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            var admin = try await app.adminBrowser()
            let me = try #require(try await User.query(on: app.db).filter(\.$email == "admin@example.com").first())
            let buyer = try await app.makeUser("comprador@example.com")
            try await Checkout(userID: buyer.id, planID: nil, paymentMethod: .pix, totalAmount: 1990).create(on: app.db)
            let idle = try await app.makeUser("parado@example.com")

            let withHistory = try await admin.submit(AdminURL.userDelete(buyer.id).path, [:])
            #expect(withHistory.status == .conflict)
            #expect(withHistory.text.contains("registros financeiros"))

            let myself = try await admin.submit(AdminURL.userDelete(me.id).path, [:])
            #expect(myself.status == .conflict)

            let deleted = try await admin.submit(AdminURL.userDelete(idle.id).path, [:])
            #expect(deleted.status == .seeOther)
            #expect(try await User.find(idle.id, on: app.db) == nil)
            #expect(try await User.query(on: app.db).count() == 2)
        }
    }

    @Test func theDetailPageShowsCheckoutsInReais() async throws {
        try await withApp(.sqlite) { app in
            var admin = try await app.adminBrowser()
            let buyer = try await app.makeUser("comprador@example.com")
            try await Checkout(userID: buyer.id, planID: nil, paymentMethod: .pix, totalAmount: 123_456).create(
                on: app.db)
            let page = try await admin.get(AdminURL.user(buyer.id).path).text
            #expect(page.contains("R$ 1.234,56"))
            #expect(page.contains("Pix"))
        }
    }

    @Test func anAbsurdPageNumberIsAnEmptyPageNotACrash() async throws {
        try await withApp(.sqlite) { app in
            var admin = try await app.adminBrowser()
            let page = try await admin.get(AdminURL.users.path + "?pagina=9223372036854775807")
            #expect(page.status == .ok)
            #expect(page.text.contains("Nenhum usuário encontrado."))
            try await app.testing().test(.GET, APIURL.adminUsers.path + "?page=-5") { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test func anUnknownUserIs404() async throws {
        try await withApp(.sqlite) { app in
            var admin = try await app.adminBrowser()
            #expect(try await admin.get(AdminURL.user(9999).path).status == .notFound)
            #expect(try await admin.get(AdminURL.users.path + "/abc").status == .notFound)
        }
    }
}
