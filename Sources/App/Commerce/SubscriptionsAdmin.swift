import Commerce
import Fluent
import Localization
import Plot
import Schema
import Vapor

/// Subscriptions as admins see and change them: the list (by status and e-mail), manual grant, extend and
/// expire (`SubscriptionAdjustments`, each with its audit entry), and the audit log.
enum SubscriptionAdministration {
    static let pageSize = 50

    struct Listing: Sendable {
        let subscriptions: [Subscription]
        let hasMore: Bool
        let audits: [SubscriptionAudit]
    }

    static func listing(status: SubscriptionStatus?, email: String?, page: Int, on database: any Database) async throws -> Listing {
        let query = Subscription.query(on: database).with(\.$user).with(\.$plan)
        if let status { query.filter(\.$status == status) }
        if let email = email?.lowercased().filter({ $0 != "%" && $0 != "_" }), !email.isEmpty {
            query.join(User.self, on: \Subscription.$user.$id == \User.$id).filter(User.self, \.$email ~~ email)
        }
        let rows = try await query.sort(\.$id, .descending).range(((page - 1) * pageSize)..<(page * pageSize + 1)).all()
        let audits = try await SubscriptionAudit.query(on: database).with(\.$user).sort(\.$id, .descending).limit(50).all()
        return Listing(subscriptions: Array(rows.prefix(pageSize)), hasMore: rows.count > pageSize, audits: audits)
    }

    static func admin(_ req: Request) throws -> SubscriptionAdjustments.Admin {
        guard let user = req.signedInUser?.user else { throw Abort(.unauthorized) }
        return .init(id: user.id, email: user.email)
    }

    /// Manual changes, refused field by field.
    enum Problem: String, Error {
        case userUnknown = "user_unknown"
        case planUnknown = "plan_unknown"
        case daysInvalid = "days_invalid"
        case alreadyExpired = "already_expired"

        func message(_ copy: Copy) -> String {
            switch self {
            case .userUnknown: copy.grantUserUnknown
            case .planUnknown: copy.grantPlanUnknown
            case .daysInvalid: copy.grantDaysInvalid
            case .alreadyExpired: copy.subscriptionAlreadyExpired
            }
        }
    }

    struct Refused: Error, Sendable, RefusedInput {
        let problems: [String: Problem]
        func messages(_ copy: Copy) -> [String: String] { problems.mapValues { $0.message(copy) } }
        var status: HTTPResponseStatus { problems.values.contains(.alreadyExpired) ? .conflict : .unprocessableEntity }
    }

    /// A grant names the user by id or e-mail; the plan is optional (the days are what counts).
    static func grant(
        userID: Int?, email: String?, planID: Int?, days: Int?, note: String?, by admin: SubscriptionAdjustments.Admin, on database: any Database
    ) async throws -> Subscription {
        var problems: [String: Problem] = [:]
        var user: User?
        if let userID { user = try await User.find(userID, on: database) }
        if user == nil, let email = email.flatMap(AccountRules.normalizedEmail) {
            user = try await User.query(on: database).filter(\.$email == email).first()
        }
        if user == nil { problems[userID == nil ? "email" : "user_id"] = .userUnknown }
        if let planID, try await Plan.find(planID, on: database) == nil { problems["plan_id"] = .planUnknown }
        guard let days, SubscriptionAdjustments.dayRange.contains(days) else {
            problems["days"] = .daysInvalid
            throw Refused(problems: problems)
        }
        guard problems.isEmpty, let userID = user?.id else { throw Refused(problems: problems) }
        return try await SubscriptionAdjustments.grant(days: days, planID: planID, toUser: userID, by: admin, note: note, on: database)
    }

    static func extend(_ id: Int, days: Int?, note: String?, by admin: SubscriptionAdjustments.Admin, on database: any Database) async throws -> Subscription {
        guard let days, SubscriptionAdjustments.dayRange.contains(days) else { throw Refused(problems: ["days": .daysInvalid]) }
        do {
            return try await SubscriptionAdjustments.extend(subscriptionID: id, days: days, by: admin, note: note, on: database)
        } catch SubscriptionAdjustments.Refusal.unknownSubscription {
            throw Abort(.notFound, reason: "There is no such subscription.")
        }
    }

    static func expire(_ id: Int, note: String?, by admin: SubscriptionAdjustments.Admin, on database: any Database) async throws -> Subscription {
        do {
            return try await SubscriptionAdjustments.expire(subscriptionID: id, by: admin, note: note, on: database)
        } catch SubscriptionAdjustments.Refusal.unknownSubscription {
            throw Abort(.notFound, reason: "There is no such subscription.")
        } catch SubscriptionAdjustments.Refusal.alreadyExpired {
            throw Refused(problems: ["status": .alreadyExpired])
        }
    }
}

/// `/admin/assinaturas`.
enum SubscriptionsAdminController {
    static func register(on routes: any RoutesBuilder) {
        routes.get(AdminURL.subscriptions.pathComponents, use: list)
        routes.post(AdminURL.subscriptionGrant.pathComponents, use: grant)
        routes.post(AdminURL.subscriptionExtend(nil).pathComponents, use: extend)
        routes.post(AdminURL.subscriptionExpire(nil).pathComponents, use: expire)
    }

    struct Filters: Content {
        var status: String?
        var email: String?
        var page: Int?
    }

    struct ChangeForm: Content {
        var email: String?
        var plan_id: String?
        var days: String?
        var note: String?
    }

    @Sendable static func list(req: Request) async throws -> Response {
        let notice = req.adminNotice
        return try await page(req, notice: { notice?.message($0) }, grantState: { _ in FormState(values: ["days": "30"]) }, status: .ok)
    }

    /// The page, with a notice and the grant form's state in the page's language.
    static func page(
        _ req: Request, notice: (Copy) -> String?, grantState: (Copy) -> FormState, status: HTTPResponseStatus
    ) async throws -> Response {
        let context = await req.pageContext()
        let filters = try req.query.decode(Filters.self)
        let statusFilter = filters.status.flatMap(SubscriptionStatus.init(rawValue:))
        let pageNumber = max(1, min(filters.page ?? 1, 10_000))
        let listing = try await SubscriptionAdministration.listing(status: statusFilter, email: filters.email, page: pageNumber, on: req.db)
        return SubscriptionsAdminPages.list(
            context, listing: listing, plans: try await PlanAdministration.all(on: req.db),
            filters: FormState(values: ["status": statusFilter?.rawValue ?? "", "email": filters.email ?? ""]), page: pageNumber,
            grantState: grantState(context.copy), notice: notice(context.copy), status: status)
    }

    @Sendable static func grant(req: Request) async throws -> Response {
        let form = try req.content.decode(ChangeForm.self)
        do {
            _ = try await SubscriptionAdministration.grant(
                userID: nil, email: form.email, planID: form.plan_id.flatMap { Int($0) }, days: form.days.flatMap { Int($0) }, note: form.note,
                by: try SubscriptionAdministration.admin(req), on: req.db)
            return req.redirectAfterForm(to: AdminURL.subscriptions.with(.subscriptionChanged))
        } catch let refused as SubscriptionAdministration.Refused {
            let values = ["email": form.email ?? "", "plan_id": form.plan_id ?? "", "days": form.days ?? "", "note": form.note ?? ""]
            return try await page(
                req, notice: { _ in nil },
                grantState: { FormState(values: values, fieldErrors: refused.messages($0), formError: $0.fixTheFields) }, status: refused.status)
        }
    }

    @Sendable static func extend(req: Request) async throws -> Response {
        let form = try req.content.decode(ChangeForm.self)
        do {
            _ = try await SubscriptionAdministration.extend(
                try req.recordID(), days: form.days.flatMap { Int($0) }, note: form.note, by: try SubscriptionAdministration.admin(req), on: req.db)
            return req.redirectAfterForm(to: AdminURL.subscriptions.with(.subscriptionChanged))
        } catch let refused as SubscriptionAdministration.Refused {
            return try await refusedChange(req, refused)
        }
    }

    /// A refused extend or expire: the list again, with the reason as its notice.
    static func refusedChange(_ req: Request, _ refused: SubscriptionAdministration.Refused) async throws -> Response {
        try await page(
            req, notice: { refused.messages($0).values.sorted().first }, grantState: { _ in FormState(values: ["days": "30"]) },
            status: refused.status)
    }

    @Sendable static func expire(req: Request) async throws -> Response {
        let form = try req.content.decode(ChangeForm.self)
        do {
            _ = try await SubscriptionAdministration.expire(try req.recordID(), note: form.note, by: try SubscriptionAdministration.admin(req), on: req.db)
            return req.redirectAfterForm(to: AdminURL.subscriptions.with(.subscriptionChanged))
        } catch let refused as SubscriptionAdministration.Refused {
            return try await refusedChange(req, refused)
        }
    }
}

enum SubscriptionsAdminPages {
    static func statusName(_ status: SubscriptionStatus, _ copy: Copy) -> String {
        switch status {
        case .active: copy.active
        case .expired: copy.expired
        case .pending: copy.checkoutPending
        }
    }

    static func actionName(_ action: SubscriptionAuditAction, _ copy: Copy) -> String {
        switch action {
        case .granted: copy.auditGranted
        case .extended: copy.auditExtended
        case .expired: copy.auditExpired
        }
    }

    static func list(
        _ context: PageContext, listing: SubscriptionAdministration.Listing, plans: [Plan], filters: FormState, page: Int,
        grantState: FormState, notice: String?, status: HTTPResponseStatus
    ) -> Response {
        let copy = context.copy
        let language = context.language
        func day(_ date: Date?) -> String { date.map { SiteClock.day($0, in: language) } ?? "—" }
        func pageLink(_ number: Int) -> String {
            var items = [URLQueryItem(name: "page", value: String(number))]
            if !filters[value: "status"].isEmpty { items.append(.init(name: "status", value: filters[value: "status"])) }
            if !filters[value: "email"].isEmpty { items.append(.init(name: "email", value: filters[value: "email"])) }
            var components = URLComponents()
            components.queryItems = items
            return AdminURL.subscriptions.path + "?" + (components.percentEncodedQuery ?? "")
        }
        return AdminLayout.render(
            context, area: .subscriptions, title: copy.subscriptionsArea, status: status, notice: notice,
            .section(
                .class("card"),
                .h2(.text(copy.grantSubscription)),
                .form(
                    .action(AdminURL.subscriptionGrant.path), .method(.post), .attribute(named: "novalidate"),
                    SiteLayout.formTokenField(context),
                    FormFields.formError(grantState),
                    FormFields.input("email", label: copy.subscriberEmail, type: .email, state: grantState, autocomplete: "off"),
                    FormFields.select("plan_id", label: copy.plan, options: [("", "—")] + plans.map { (String($0.id ?? 0), $0.name) }, state: grantState),
                    FormFields.input("days", label: copy.durationDays, type: .number, state: grantState, autocomplete: "off", hint: copy.grantDaysHint),
                    FormFields.input("note", label: copy.auditNote, state: grantState, autocomplete: "off", required: false),
                    .button(.type(.submit), .class("button"), .text(copy.grant))
                )
            ),
            .section(
                .class("card"),
                .form(
                    .class("filters"), .action(AdminURL.subscriptions.path), .method(.get),
                    FormFields.select("status", label: copy.status, options: [("", copy.any)] + SubscriptionStatus.allCases.map {
                        ($0.rawValue, statusName($0, copy))
                    }, state: filters),
                    FormFields.input("email", label: copy.email, type: .search, state: filters, required: false),
                    .button(.type(.submit), .class("button"), .text(copy.filter))
                ),
                .if(listing.subscriptions.isEmpty, .p(.class("hint"), .text(copy.noSubscriptions)), else: .div(
                    .class("table-scroll"),
                    .table(
                        .thead(.tr(
                            .th(.text("#")), .th(.text(copy.email)), .th(.text(copy.plan)), .th(.text(copy.status)),
                            .th(.text(copy.startsOn)), .th(.text(copy.endsOn)), .th(.text(copy.actions)))),
                        .tbody(.forEach(listing.subscriptions) { subscription in
                            .tr(
                                .td(.text("\(subscription.id ?? 0)")),
                                .td(.text(subscription.user?.email ?? "—")),
                                .td(.text(subscription.plan?.name ?? "—")),
                                .td(.span(.class(subscription.status == .active ? "badge active" : "badge"), .text(statusName(subscription.status, copy)))),
                                .td(.text(day(subscription.startDate))),
                                .td(.text(day(subscription.endDate))),
                                .td(
                                    .form(
                                        .class("inline-form"), .action(AdminURL.subscriptionExtend(subscription.id).path), .method(.post),
                                        SiteLayout.formTokenField(context),
                                        .input(.type(.number), .name("days"), .value("30"), .attribute(named: "min", value: "1"),
                                               .attribute(named: "max", value: "3650"), .attribute(named: "aria-label", value: copy.durationDays),
                                               .class("days-input")),
                                        .button(.type(.submit), .class("link-button"), .text(copy.extend))
                                    ),
                                    .if(subscription.status != .expired,
                                        SiteLayout.postButton(copy.expireNow, to: AdminURL.subscriptionExpire(subscription.id).path, context, style: "link-button"))
                                )
                            )
                        })
                    )
                )),
                .nav(
                    .class("pager"),
                    .if(page > 1, .a(.href(pageLink(page - 1)), .text("← " + copy.previousPage))),
                    .if(listing.hasMore, .a(.href(pageLink(page + 1)), .text(copy.nextPage + " →")))
                )
            ),
            .section(
                .class("card"),
                .h2(.text(copy.auditLog)),
                .if(listing.audits.isEmpty, .p(.class("hint"), .text(copy.noAuditEntries)), else: .div(
                    .class("table-scroll"),
                    .table(
                        .thead(.tr(
                            .th(.text(copy.when)), .th(.text(copy.admin)), .th(.text(copy.action)), .th(.text(copy.subscriberEmail)),
                            .th(.text(copy.durationDays)), .th(.text(copy.endsOn)), .th(.text(copy.auditNote)))),
                        .tbody(.forEach(listing.audits) { entry in
                            .tr(
                                .td(.text(entry.createdAt.map { SiteClock.moment($0, in: language) } ?? "")),
                                .td(.text(entry.adminEmail ?? "—")),
                                .td(.text(actionName(entry.action, copy))),
                                .td(.text(entry.user.email)),
                                .td(.text(entry.days.map(String.init) ?? "—")),
                                .td(.text(day(entry.previousEndDate) + " → " + day(entry.newEndDate))),
                                .td(.text(entry.note ?? ""))
                            )
                        })
                    )
                ))
            )
        )
    }
}
