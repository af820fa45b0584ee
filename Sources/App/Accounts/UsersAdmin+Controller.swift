import Accounts
import Fluent
import Localization
import Schema
import Vapor

/// The admin panel's users area: search and page through accounts, create one, edit it, change its role,
/// reset its password, delete it.
enum UsersAdminController {
    static func register(on routes: any RoutesBuilder) {
        routes.get(AdminURL.users.pathComponents, use: list)
        routes.post(AdminURL.users.pathComponents, use: create)
        routes.get(AdminURL.user(nil).pathComponents, use: show)
        routes.post(AdminURL.userDetails(nil).pathComponents, use: updateDetails)
        routes.post(AdminURL.userRole(nil).pathComponents, use: changeRole)
        routes.post(AdminURL.userPassword(nil).pathComponents, use: resetPassword)
        routes.post(AdminURL.userDelete(nil).pathComponents, use: delete)
    }

    struct ListQuery: Content {
        var q: String?
        var pagina: Int?
    }

    struct NewUserForm: Content {
        var name: String?
        var email: String?
        var password: String?
        var role: String?
    }

    struct DetailsForm: Content {
        var name: String?
        var email: String?
    }

    struct RoleForm: Content {
        var role: String?
    }

    struct PasswordForm: Content {
        var password: String?
    }

    @Sendable static func list(req: Request) async throws -> Response {
        try await renderList(req, newUserState: FormState(values: ["role": UserRole.user.rawValue]))
    }

    static func renderList(_ req: Request, newUserState: FormState, status: HTTPResponseStatus = .ok) async throws
        -> Response
    {
        let query = (try? req.query.decode(ListQuery.self)) ?? ListQuery()
        let page = try await UserAdministration.find(search: query.q, page: query.pagina ?? 1, on: req.db)
        return UsersAdminPages.list(
            await req.pageContext(), page: page, search: query.q ?? "", newUserState: newUserState,
            notice: req.adminNotice, status: status)
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let form = try req.content.decode(NewUserForm.self)
        let typed = ["name": form.name ?? "", "email": form.email ?? "", "role": form.role ?? "user"]
        return try await req.submitForm(keeping: typed) {
            let user = try await UserAdministration.create(
                .init(
                    name: form.name ?? "", email: form.email ?? "", password: form.password ?? "",
                    role: UserRole(rawValue: form.role ?? "") ?? .user),
                on: req.db, hasher: req.password.async)
            return AdminURL.user(user.id).with(.userCreated)
        } orRedraw: { _, state, status in
            try await renderList(req, newUserState: state, status: status)
        }
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let user = try await findUser(req)
        let copy = await req.pageContext().copy
        return try await renderDetail(req, user: user, forms: [:], notice: req.adminNotice?.message(copy))
    }

    /// Which of the detail page's forms failed, and how.
    enum DetailForm: Hashable {
        case details, role, password, delete
    }

    static func renderDetail(
        _ req: Request, user: User, forms: [DetailForm: FormState], notice: String?, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let summary = try await AccountSummary.load(for: user, on: req.db, now: req.now)
        let checkouts = try await Checkout.query(on: req.db)
            .filter(\.$user.$id == user.requireID())
            .with(\.$plan)
            .sort(\.$createdAt, .descending).sort(\.$id, .descending)
            .all()
        return UsersAdminPages.detail(
            await req.pageContext(), user: user, summary: summary, checkouts: checkouts, forms: forms, notice: notice,
            status: status)
    }

    @Sendable static func updateDetails(req: Request) async throws -> Response {
        let user = try await findUser(req)
        let form = try req.content.decode(DetailsForm.self)
        return try await perform(
            req, user: user, form: .details, values: ["name": form.name ?? "", "email": form.email ?? ""]
        ) {
            try await UserAdministration.update(
                user, with: .init(name: form.name ?? "", email: form.email ?? ""), on: req.db)
            return AdminURL.user(user.id).with(.saved)
        }
    }

    @Sendable static func changeRole(req: Request) async throws -> Response {
        let user = try await findUser(req)
        let form = try req.content.decode(RoleForm.self)
        guard let role = UserRole(rawValue: form.role ?? "") else {
            throw Refusal.invalid(["role": RequestProblem.notOneOf(UserRole.allCases.map(\.rawValue))])
        }
        return try await perform(req, user: user, form: .role, values: [:]) {
            try await UserAdministration.update(user, with: .init(role: role), on: req.db)
            return AdminURL.user(user.id).with(.saved)
        }
    }

    @Sendable static func resetPassword(req: Request) async throws -> Response {
        let user = try await findUser(req)
        let form = try req.content.decode(PasswordForm.self)
        return try await perform(req, user: user, form: .password, values: [:]) {
            try await UserAdministration.resetPassword(
                of: user, to: form.password ?? "", on: req.db, hasher: req.password.async)
            return AdminURL.user(user.id).with(.passwordReset)
        }
    }

    @Sendable static func delete(req: Request) async throws -> Response {
        let user = try await findUser(req)
        let admin = try req.auth.require(SignedInUser.self)
        return try await perform(req, user: user, form: .delete, values: [:]) {
            try await UserAdministration.delete(user, by: admin, on: req.db)
            return AdminURL.users.with(.userDeleted)
        }
    }

    /// Runs one of the detail page's actions: on success, redirects; on refusal, shows the page again with the
    /// problem next to the form that caused it.
    private static func perform(
        _ req: Request, user: User, form: DetailForm, values: [String: String], action: () async throws -> String
    ) async throws -> Response {
        do {
            return req.redirectAfterForm(to: try await action())
        } catch let refused as Refusal {
            let copy = await req.pageContext().copy
            // The page shows the stored user, not the refused edit.
            try await reloadFields(of: user, on: req.db)
            let state =
                refused.fields.isEmpty
                ? FormState(formError: refused.message(copy))
                : FormState(refused, values: values, copy: copy)
            return try await renderDetail(req, user: user, forms: [form: state], notice: nil, status: refused.status)
        }
    }

    private static func reloadFields(of user: User, on database: any Database) async throws {
        guard let id = user.id, let stored = try await User.find(id, on: database) else { return }
        user.name = stored.name
        user.email = stored.email
        user.role = stored.role
    }

    private static func findUser(_ req: Request) async throws -> User {
        guard let user = try await User.find(try req.recordID(), on: req.db) else { throw Abort(.notFound) }
        return user
    }
}
