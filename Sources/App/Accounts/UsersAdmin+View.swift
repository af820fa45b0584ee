import Accounts
import Localization
import Plot
import Schema
import Vapor

/// The users area's pages.
enum UsersAdminPages {
    static func roleOptions(_ copy: Copy) -> [(value: String, label: String)] {
        [(UserRole.user.rawValue, copy.roleUser), (UserRole.admin.rawValue, copy.roleAdmin)]
    }

    static func roleLabel(_ role: UserRole, _ copy: Copy) -> String {
        switch role {
        case .admin: copy.roleAdmin
        case .user: copy.roleUser
        }
    }

    static func list(
        _ context: PageContext, page: UserAdministration.Page, search: String, newUserState: FormState,
        notice: AdminNotice?, status: HTTPResponseStatus
    ) -> Response {
        let copy = context.copy
        func pageLink(_ number: Int) -> String {
            var components = URLComponents()
            components.path = AdminURL.users.path
            components.queryItems =
                [URLQueryItem(name: "pagina", value: String(number))]
                + (search.isEmpty ? [] : [URLQueryItem(name: "q", value: search)])
            return (components.string ?? AdminURL.users.path).htmlAttributeEscaped
        }
        return AdminLayout.render(
            context, area: .users, title: copy.users, status: status, notice: notice?.message(copy),
            .form(
                .class("toolbar"), .action(AdminURL.users.path), .method(.get),
                .div(
                    .class("field"),
                    .label(.for("q"), .text(copy.searchByEmailOrName)),
                    .input(.type(.search), .name("q"), .id("q"), .value(search.htmlAttributeEscaped))
                ),
                .button(.type(.submit), .class("button secondary"), .text(copy.search))
            ),
            .p(.class("hint"), .text(copy.usersFound(page.total))),
            .if(
                page.users.isEmpty, .p(.text(copy.noUsersFound)),
                else: .div(
                    .class("table-scroll"),
                    .table(
                        .thead(
                            .tr(
                                .th(.text(copy.name)), .th(.text(copy.email)), .th(.text(copy.role)),
                                .th(.text(copy.createdAt)))),
                        .tbody(
                            .forEach(page.users) { user in
                                .tr(
                                    .td(.a(.href(AdminURL.user(user.id).path), .text(user.name ?? "—"))),
                                    .td(.a(.href(AdminURL.user(user.id).path), .text(user.email))),
                                    .td(
                                        .text(
                                            user.$role.unknownValue.map(copy.keptFromTheOriginalApp)
                                                ?? roleLabel(user.role, copy))),
                                    .td(.text(user.createdAt.map { SiteClock.day($0, in: context.language) } ?? "—"))
                                )
                            })
                    )
                )),
            .nav(
                .class("pagination"),
                .if(page.page > 1, .a(.href(pageLink(page.page - 1)), .text(copy.previousPage)), else: .span()),
                .span(.text(copy.pageNumber(page.page))),
                .if(page.hasNextPage, .a(.href(pageLink(page.page + 1)), .text(copy.nextPage)), else: .span())
            ),
            .section(
                .class("card"), .id("novo"),
                .h2(.text(copy.newUser)),
                .form(
                    .action(AdminURL.users.path), .method(.post), .attribute(named: "novalidate"),
                    SiteLayout.formTokenField(context),
                    FormFields.formError(newUserState),
                    FormFields.input("name", label: copy.name, state: newUserState, autocomplete: "off"),
                    FormFields.input(
                        "email", label: copy.email, type: .email, state: newUserState, autocomplete: "off"),
                    FormFields.input(
                        "password", label: copy.password, type: .password, state: newUserState,
                        autocomplete: "new-password",
                        hint: copy.passwordHint(minimum: AccountRules.minimumPasswordLength), keepsValue: false),
                    FormFields.select("role", label: copy.role, options: roleOptions(copy), state: newUserState),
                    .button(.type(.submit), .class("button"), .text(copy.create))
                )
            )
        )
    }

    static func detail(
        _ context: PageContext, user: User, summary: AccountSummary, checkouts: [Checkout],
        forms: [UsersAdminController.DetailForm: FormState], notice: String?, status: HTTPResponseStatus
    ) -> Response {
        let copy = context.copy
        let language = context.language
        let detailsState = forms[.details] ?? FormState(values: ["name": user.name ?? "", "email": user.email])
        let roleState = forms[.role] ?? FormState(values: ["role": user.role.rawValue])
        let passwordState = forms[.password] ?? FormState()
        let deleteState = forms[.delete] ?? FormState()
        return AdminLayout.render(
            context, area: .users, title: user.name ?? user.email, status: status, notice: notice,
            .section(
                .class("card"),
                .h2(.text(copy.details)),
                .form(
                    .action(AdminURL.userDetails(user.id).path), .method(.post), .attribute(named: "novalidate"),
                    SiteLayout.formTokenField(context),
                    FormFields.formError(detailsState),
                    FormFields.input("name", label: copy.name, state: detailsState, autocomplete: "off"),
                    FormFields.input(
                        "email", label: copy.email, type: .email, state: detailsState, autocomplete: "off"),
                    .button(.type(.submit), .class("button"), .text(copy.save))
                ),
                .dl(
                    .class("facts"),
                    .dt(.text(copy.createdAt)),
                    .dd(.text(user.createdAt.map { SiteClock.moment($0, in: language) } ?? "—")),
                    .dt(.text(copy.emailConfirmationHeading)),
                    .dd(
                        .text(
                            user.emailConfirmedAt.map { copy.confirmedOn(SiteClock.moment($0, in: language)) }
                                ?? copy.notConfirmed)),
                    .unwrap(user.emailBouncingSince) { since in
                        .group(.dt(.text(copy.emailBouncing)), .dd(.text(SiteClock.moment(since, in: language))))
                    }
                )
            ),
            .section(
                .class("card"),
                .h2(.text(copy.subscriptionHeading)),
                AccountPages.subscriptionStatus(summary, context),
                .if(
                    summary.subscriptions.isEmpty, .p(.class("hint"), .text(copy.noSubscriptions)),
                    else: AccountPages.subscriptionTable(summary, context))
            ),
            .section(
                .class("card"),
                .h2(.text(copy.checkouts)),
                .if(
                    checkouts.isEmpty, .p(.class("hint"), .text(copy.noCheckouts)),
                    else: .div(
                        .class("table-scroll"),
                        .table(
                            .thead(
                                .tr(
                                    .th(.text(copy.date)), .th(.text(copy.plan)), .th(.text(copy.amount)),
                                    .th(.text(copy.paymentMethod)), .th(.text(copy.status)))),
                            .tbody(
                                .forEach(checkouts) { checkout in
                                    .tr(
                                        .td(
                                            .text(checkout.createdAt.map { SiteClock.moment($0, in: language) } ?? "—")),
                                        .td(.text(checkout.plan?.name ?? "—")),
                                        .td(.text(Money(cents: checkout.totalAmount).formatted)),
                                        .td(
                                            .text(
                                                checkout.paymentMethod.map { copy.paymentMethodName($0.rawValue) }
                                                    ?? "—")),
                                        .td(
                                            .span(
                                                .class("badge \(checkout.status.rawValue)"),
                                                .text(copy.checkoutStatus(checkout.status.rawValue))))
                                    )
                                })
                        )
                    ))
            ),
            .section(
                .class("card"),
                .h2(.text(copy.changeRole)),
                .form(
                    .action(AdminURL.userRole(user.id).path), .method(.post),
                    SiteLayout.formTokenField(context),
                    FormFields.formError(roleState),
                    FormFields.select("role", label: copy.role, options: roleOptions(copy), state: roleState),
                    .button(.type(.submit), .class("button"), .text(copy.changeRole))
                )
            ),
            .section(
                .class("card"),
                .h2(.text(copy.resetPassword)),
                .form(
                    .action(AdminURL.userPassword(user.id).path), .method(.post), .attribute(named: "novalidate"),
                    SiteLayout.formTokenField(context),
                    FormFields.formError(passwordState),
                    FormFields.input(
                        "password", label: copy.newPassword, type: .password, state: passwordState,
                        autocomplete: "new-password", hint: copy.resetPasswordHint, keepsValue: false),
                    .button(.type(.submit), .class("button"), .text(copy.resetPassword))
                )
            ),
            .section(
                .class("card danger-zone"),
                .h2(.text(copy.deleteUser)),
                .form(
                    .action(AdminURL.userDelete(user.id).path), .method(.post),
                    SiteLayout.formTokenField(context),
                    FormFields.formError(deleteState),
                    .button(.type(.submit), .class("button danger"), .text(copy.deleteUser))
                )
            )
        )
    }
}
