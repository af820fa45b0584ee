import APISchema
import Accounts
import Fluent
import Localization
import Schema
import Vapor

/// `/api/v1/auth` and `/api/v1/me`: bearer tokens, and the signed-in user's own account.
enum AuthAPI {

    struct Credentials: Content {
        var email: String?
        var password: String?
        static let schema = JSONSchema.object([.init("email", .string), .init("password", .string)])
    }

    struct RegistrationBody: Content {
        var name: String?
        var email: String?
        var password: String?
        static let schema = JSONSchema.object([
            .init("name", .string), .init("email", .string), .init("password", .string),
        ])
    }

    struct PasswordChangeBody: Content {
        var currentPassword: String?
        var newPassword: String?
        static let schema = JSONSchema.object([.init("current_password", .string), .init("new_password", .string)])
    }

    struct PasswordResetBody: Content {
        var email: String?
        static let schema = JSONSchema.object([.init("email", .string)], required: ["email"])
    }

    struct PasswordResetConfirmBody: Content {
        var token: String?
        var password: String?
        static let schema = JSONSchema.object(
            [.init("token", .string(description: "From the link in the e-mail.")), .init("password", .string)],
            required: ["token", "password"])
    }

    struct TokenResponse: Content {
        let token: String
        let tokenType: String
        let expiresAt: Date
        let user: UserDTO
        static let schema = JSONSchema.object([
            .init("token", .string(description: "Send it as `Authorization: Bearer <token>`.")),
            .init("token_type", .string(allowed: ["Bearer"])),
            .init("expires_at", .dateTime),
            .init("user", .reference("User")),
        ])
    }

    struct MeResponse: Content {
        struct Standing: Content {
            let state: String
            let until: Date?
            static let schema = JSONSchema.object([
                .init("state", .string(allowed: ["active", "expired", "pending", "none"])),
                .init("until", .nullable(.dateTime)),
            ])
        }
        let user: UserDTO
        let subscription: Standing
        let subscriptions: [SubscriptionDTO]
        static let schema = JSONSchema.object([
            .init("user", .reference("User")),
            .init("subscription", Standing.schema),
            .init("subscriptions", .array(.reference("Subscription"))),
        ])
    }

    static let operations: [APIRoute] = [
        APIRoute(
            method: .POST, url: .register, summary: "Create an account and sign in", tag: "auth",
            access: .anyone, requestBody: RegistrationBody.schema,
            responses: [
                (.created, "The account, signed in", TokenResponse.schema),
                (.conflict, "The e-mail has an account", .reference("Error")),
                (.unprocessableEntity, "A field is not valid", .reference("Error")),
                (
                    .tooManyRequests,
                    "Too many failures a minute, or accounts from this address an hour; see Retry-After",
                    .reference("Error")
                ),
            ],
            handler: register),
        APIRoute(
            method: .POST, url: .login, summary: "Exchange e-mail and password for a bearer token",
            tag: "auth", access: .anyone, requestBody: Credentials.schema,
            responses: [
                (.ok, "Signed in", TokenResponse.schema),
                (.unauthorized, "Wrong e-mail or password", .reference("Error")),
                (.tooManyRequests, "Too many failures a minute; see Retry-After", .reference("Error")),
            ],
            handler: login),
        APIRoute(
            method: .POST, url: .passwordReset,
            summary:
                "Mail a single-use link to reset the password; the answer is the same whether or not the e-mail has an account",
            tag: "auth", access: .anyone, requestBody: PasswordResetBody.schema,
            responses: [
                (.accepted, "If the e-mail has an account, a link valid for 1 hour is on its way", nil),
                (.unprocessableEntity, "The e-mail is not an address", .reference("Error")),
                (.tooManyRequests, "Too many requests from this address an hour; see Retry-After", .reference("Error")),
            ],
            handler: requestPasswordReset),
        APIRoute(
            method: .POST, url: .passwordResetConfirm,
            summary: "Set a new password with a reset link's token; every session and token of the account is revoked",
            tag: "auth", access: .anyone, requestBody: PasswordResetConfirmBody.schema,
            responses: [
                (.noContent, "Changed", nil),
                (
                    .unprocessableEntity, "The token is unknown, used or expired, or the password is not valid",
                    .reference("Error")
                ),
            ],
            handler: confirmPasswordReset),
        APIRoute(
            method: .POST, url: .logout, summary: "Revoke the bearer token of this request", tag: "auth",
            access: .signedIn,
            responses: [(.noContent, "Revoked", nil), (.unauthorized, "No valid token", .reference("Error"))],
            handler: logout),
        APIRoute(
            method: .GET, url: .me, summary: "The signed-in user and their subscription", tag: "me",
            access: .signedIn,
            responses: [
                (.ok, "The account", MeResponse.schema), (.unauthorized, "No valid token", .reference("Error")),
            ],
            handler: me),
        APIRoute(
            method: .PUT, url: .myPassword,
            summary: "Change the password; every other session and token is revoked", tag: "me", access: .signedIn,
            requestBody: PasswordChangeBody.schema,
            responses: [
                (.noContent, "Changed", nil),
                (.unauthorized, "No valid token", .reference("Error")),
                (.unprocessableEntity, "Wrong current password, or a new one that is not valid", .reference("Error")),
            ],
            handler: changePassword),
    ]

    @Sendable static func register(req: Request) async throws -> Response {
        let body = try req.apiBody(RegistrationBody.self)
        let user = try await req.throttledRegistration(
            .init(name: body.name ?? "", email: body.email ?? "", password: body.password ?? ""))
        return try await issueToken(for: user, on: req, status: .created)
    }

    @Sendable static func requestPasswordReset(req: Request) async throws -> Response {
        let email = try req.apiBody(PasswordResetBody.self).email ?? ""
        guard AccountRules.normalizedEmail(email) != nil else { throw Refusal.account(["email": .emailInvalid]) }
        try await req.requestPasswordReset(email: email)
        return Response(status: .accepted)
    }

    @Sendable static func confirmPasswordReset(req: Request) async throws -> Response {
        let body = try req.apiBody(PasswordResetConfirmBody.self)
        try await PasswordReset.confirm(
            token: body.token ?? "", password: body.password ?? "", hasher: req.password.async, on: req.db,
            now: req.now)
        return Response(status: .noContent)
    }

    @Sendable static func login(req: Request) async throws -> Response {
        let body = try req.apiBody(Credentials.self)
        guard let user = try await req.throttledSignIn(email: body.email ?? "", password: body.password ?? "") else {
            throw Refusal.request(.unauthenticated, .wrongCredentials)
        }
        return try await issueToken(for: user, on: req, status: .ok)
    }

    private static func issueToken(for user: User, on req: Request, status: HTTPResponseStatus) async throws -> Response
    {
        let issued = try await AuthTokens.issue(.api, for: try user.requireID(), on: req.db)
        return try APICoding.response(
            TokenResponse(token: issued.token, tokenType: "Bearer", expiresAt: issued.expiresAt, user: UserDTO(user)),
            status: status)
    }

    @Sendable static func logout(req: Request) async throws -> Response {
        let signedIn = try req.auth.require(SignedInUser.self)
        try await AuthTokens.revoke(tokenID: signedIn.tokenID, on: req.db)
        return APICoding.noContent()
    }

    @Sendable static func me(req: Request) async throws -> Response {
        let signedIn = try req.auth.require(SignedInUser.self)
        let summary = try await AccountSummary.load(for: signedIn.user, on: req.db, now: req.now)
        let standing: MeResponse.Standing =
            switch summary.standing {
            case .active(let until): .init(state: "active", until: until)
            case .expired(let on): .init(state: "expired", until: on)
            case .pending: .init(state: "pending", until: nil)
            case .none: .init(state: "none", until: nil)
            }
        return try APICoding.response(
            MeResponse(
                user: UserDTO(signedIn.user), subscription: standing,
                subscriptions: summary.subscriptions.map(SubscriptionDTO.init)))
    }

    @Sendable static func changePassword(req: Request) async throws -> Response {
        let signedIn = try req.auth.require(SignedInUser.self)
        let body = try req.apiBody(PasswordChangeBody.self)
        try await Accounts.changePassword(
            of: signedIn, current: body.currentPassword ?? "", new: body.newPassword ?? "", on: req.db,
            hasher: req.password.async)
        return APICoding.noContent()
    }
}

/// An account as the API shows it. Never the password hash.
struct UserDTO: Content, Equatable {
    let id: Int
    let name: String?
    let email: String
    let role: UserRole
    let subscriptionStatus: String
    let createdAt: Date?

    init(_ user: User) {
        id = user.id ?? 0
        name = user.name
        email = user.email
        role = user.role
        subscriptionStatus =
            switch user.subscriptionStatus {
            case .active: "active"
            case .expired: "expired"
            case .none?, nil: "none"
            }
        createdAt = user.createdAt
    }

    static let schema = JSONSchema.object([
        .init("id", .integer),
        .init("name", .nullable(.string)),
        .init("email", .string(format: "email")),
        .init("role", .enumeration(UserRole.self)),
        .init("subscription_status", .string(allowed: ["none", "active", "expired"])),
        .init("created_at", .nullable(.dateTime)),
    ])
}

/// A subscription as the API shows it.
struct SubscriptionDTO: Content {
    let planName: String?
    let status: SubscriptionStatus
    let startDate: Date?
    let endDate: Date?

    init(_ row: AccountSummary.SubscriptionRow) {
        planName = row.planName
        status = row.status
        startDate = row.startDate
        endDate = row.endDate
    }

    static let schema = JSONSchema.object([
        .init("plan_name", .nullable(.string)),
        .init("status", .enumeration(SubscriptionStatus.self)),
        .init("start_date", .nullable(.dateTime)),
        .init("end_date", .nullable(.dateTime)),
    ])
}
