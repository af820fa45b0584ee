import APISchema
import Accounts
import Fluent
import Localization
import Schema
import Vapor

/// `/api/v1/admin/users`: the users area of the admin panel, as JSON.
enum UsersAPI {

    struct NewUserBody: Content {
        var name: String?
        var email: String?
        var password: String?
        var role: UserRole?
        static let schema = JSONSchema.object(
            [
                .init("name", .string), .init("email", .string), .init("password", .string),
                .init("role", .enumeration(UserRole.self)),
            ],
            required: ["name", "email", "password"])
    }

    struct ChangesBody: Content {
        var name: String?
        var email: String?
        var role: UserRole?
        static let schema = JSONSchema.object(
            [.init("name", .string), .init("email", .string), .init("role", .enumeration(UserRole.self))], required: [])
    }

    struct PasswordBody: Content {
        var password: String?
        static let schema = JSONSchema.object([.init("password", .string)])
    }

    struct PageResponse: Content {
        let users: [UserDTO]
        let page: Int
        let hasNextPage: Bool
        let total: Int
        static let schema = JSONSchema.object([
            .init("users", .array(.reference("User"))), .init("page", .integer), .init("has_next_page", .boolean),
            .init("total", .integer),
        ])
    }

    struct CheckoutDTO: Content {
        let id: Int
        let planName: String?
        let totalAmount: Int
        let totalFormatted: String
        let status: CheckoutStatus
        let paymentMethod: PaymentMethod?
        let createdAt: Date?

        init(_ checkout: Checkout) {
            id = checkout.id ?? 0
            planName = checkout.plan?.name
            totalAmount = checkout.totalAmount
            totalFormatted = Money(cents: checkout.totalAmount).formatted
            status = checkout.status
            paymentMethod = checkout.paymentMethod
            createdAt = checkout.createdAt
        }

        static let schema = JSONSchema.object([
            .init("id", .integer), .init("plan_name", .nullable(.string)),
            .init("total_amount", .integer(description: "In cents.")),
            .init("total_formatted", .string(description: "As shown to people, e.g. R$ 1.234,56.")),
            .init("status", .enumeration(CheckoutStatus.self)),
            .init("payment_method", .nullable(.enumeration(PaymentMethod.self))),
            .init("created_at", .nullable(.dateTime)),
        ])
    }

    struct DetailResponse: Content {
        let user: UserDTO
        let subscriptions: [SubscriptionDTO]
        let checkouts: [CheckoutDTO]
        static let schema = JSONSchema.object([
            .init("user", .reference("User")), .init("subscriptions", .array(.reference("Subscription"))),
            .init("checkouts", .array(CheckoutDTO.schema)),
        ])
    }

    static let operations: [APIRoute] = [
        APIRoute(
            method: .GET, url: .adminUsers, summary: "Find users by e-mail or name, newest first, 25 a page",
            tag: "admin",
            access: .admin,
            parameters: [
                .init(
                    name: "q", location: .query, schema: .string, description: "Part of an e-mail or name, any case."),
                .init(name: "page", location: .query, schema: .integer, description: "From 1."),
            ],
            responses: [(.ok, "A page of users", PageResponse.schema)] + APIResponses.adminRefusals, handler: list),
        APIRoute(
            method: .POST, url: .adminUsers, summary: "Create a user", tag: "admin", access: .admin,
            requestBody: NewUserBody.schema,
            responses: [
                (.created, "Created", .reference("User")),
                (.conflict, "The e-mail has an account", .reference("Error")),
                (.unprocessableEntity, "A field is not valid", .reference("Error")),
            ] + APIResponses.adminRefusals,
            handler: create),
        APIRoute(
            method: .GET, url: .adminUser(nil), summary: "A user with their subscriptions and checkouts", tag: "admin",
            access: .admin, parameters: [.id(of: "user")],
            responses: [(.ok, "The user", DetailResponse.schema), APIResponses.notFound("user")]
                + APIResponses.adminRefusals,
            handler: show),
        APIRoute(
            method: .PATCH, url: .adminUser(nil), summary: "Change a user's name, e-mail or role", tag: "admin",
            access: .admin, parameters: [.id(of: "user")], requestBody: ChangesBody.schema,
            responses: [
                (.ok, "Changed", .reference("User")), APIResponses.notFound("user"),
                (.conflict, "The e-mail has an account, or this would leave no admin", .reference("Error")),
                (.unprocessableEntity, "A field is not valid", .reference("Error")),
            ] + APIResponses.adminRefusals,
            handler: update),
        APIRoute(
            method: .PUT, url: .adminUserPassword(nil), summary: "Reset a user's password and sign them out everywhere",
            tag: "admin", access: .admin, parameters: [.id(of: "user")], requestBody: PasswordBody.schema,
            responses: [
                (.noContent, "Reset", nil), APIResponses.notFound("user"),
                (.unprocessableEntity, "The password is not valid", .reference("Error")),
            ] + APIResponses.adminRefusals,
            handler: resetPassword),
        APIRoute(
            method: .DELETE, url: .adminUser(nil), summary: "Delete a user without purchase history", tag: "admin",
            access: .admin, parameters: [.id(of: "user")],
            responses: [
                (.noContent, "Deleted", nil), APIResponses.notFound("user"),
                (.conflict, "The last admin, yourself, or a user with subscriptions or checkouts", .reference("Error")),
            ] + APIResponses.adminRefusals,
            handler: delete),
    ]

    @Sendable static func list(req: Request) async throws -> Response {
        let search = try? req.query.get(String.self, at: "q")
        let page = (try? req.query.get(Int.self, at: "page")) ?? 1
        let result = try await UserAdministration.find(search: search, page: page, on: req.db)
        return try APICoding.response(
            PageResponse(
                users: result.users.map(UserDTO.init), page: result.page, hasNextPage: result.hasNextPage,
                total: result.total))
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let body = try req.apiBody(NewUserBody.self)
        let user = try await UserAdministration.create(
            .init(
                name: body.name ?? "", email: body.email ?? "", password: body.password ?? "", role: body.role ?? .user),
            on: req.db, hasher: req.password.async)
        return try APICoding.response(UserDTO(user), status: .created)
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let user = try await findUser(req)
        let summary = try await AccountSummary.load(for: user, on: req.db, now: req.now)
        let checkouts = try await Checkout.query(on: req.db).filter(\.$user.$id == user.requireID()).with(\.$plan)
            .sort(\.$createdAt, .descending).sort(\.$id, .descending).all()
        return try APICoding.response(
            DetailResponse(
                user: UserDTO(user), subscriptions: summary.subscriptions.map(SubscriptionDTO.init),
                checkouts: checkouts.map(CheckoutDTO.init)))
    }

    @Sendable static func update(req: Request) async throws -> Response {
        let user = try await findUser(req)
        let body = try req.apiBody(ChangesBody.self)
        try await UserAdministration.update(
            user, with: .init(name: body.name, email: body.email, role: body.role), on: req.db)
        return try APICoding.response(UserDTO(user))
    }

    @Sendable static func resetPassword(req: Request) async throws -> Response {
        let user = try await findUser(req)
        let body = try req.apiBody(PasswordBody.self)
        try await UserAdministration.resetPassword(
            of: user, to: body.password ?? "", on: req.db, hasher: req.password.async)
        return APICoding.noContent()
    }

    @Sendable static func delete(req: Request) async throws -> Response {
        let user = try await findUser(req)
        try await UserAdministration.delete(user, by: try req.auth.require(SignedInUser.self), on: req.db)
        return APICoding.noContent()
    }

    private static func findUser(_ req: Request) async throws -> User {
        guard let user = try await User.find(try req.recordID(), on: req.db) else {
            throw Refusal.unknown(.user)
        }
        return user
    }
}
