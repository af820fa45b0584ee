import Commerce
import Localization
import Plot
import Schema
import Vapor

/// The subscriptions area's page: the grant form, the list with extend and expire, and the audit log.
enum SubscriptionsAdminPages {
    static func statusName(_ status: SubscriptionStatus, _ copy: Copy) -> String {
        switch status {
        case .active: copy.active
        case .expired: copy.expired
        case .pending: copy.checkoutPending
        case .pastDue: copy.pastDue
        }
    }

    static func actionName(_ action: SubscriptionAuditAction, _ copy: Copy) -> String {
        switch action {
        case .granted: copy.auditGranted
        case .extended: copy.auditExtended
        case .expired: copy.auditExpired
        case .renewalStopped: copy.auditRenewalStopped
        }
    }

    /// How it renews: by itself, stopped (by the member or an admin), by hand through reminders, or not at all.
    static func renewalName(_ subscription: Subscription, _ copy: Copy) -> String {
        if AutomaticRenewals.renewsByItself(subscription) { return copy.renewalAutomatic }
        if subscription.cancelledAt != nil { return copy.renewalStopped }
        return subscription.billingPeriod == nil ? "—" : copy.renewalManual
    }

    static func list(
        _ context: PageContext, listing: SubscriptionAdministration.Listing, audits: [SubscriptionAudit], plans: [Plan],
        filters: FormState, page: Int,
        grantState: FormState, notice: String?, status: HTTPResponseStatus
    ) -> Response {
        let copy = context.copy
        let language = context.language
        func day(_ date: Date?) -> String { date.map { SiteClock.day($0, in: language) } ?? "—" }
        func pageLink(_ number: Int) -> String {
            var items = [URLQueryItem(name: "page", value: String(number))]
            if !filters[value: "status"].isEmpty {
                items.append(.init(name: "status", value: filters[value: "status"]))
            }
            if !filters[value: "email"].isEmpty { items.append(.init(name: "email", value: filters[value: "email"])) }
            return AdminURL.subscriptions.path + "?" + CheckoutSearch.encodedQuery(items)
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
                    FormFields.input(
                        "email", label: copy.subscriberEmail, type: .email, state: grantState, autocomplete: "off"),
                    FormFields.select(
                        "plan_id", label: copy.plan, options: [("", "—")] + plans.map { (String($0.id ?? 0), $0.name) },
                        state: grantState),
                    FormFields.input(
                        "days", label: copy.durationDays, type: .number, state: grantState, autocomplete: "off",
                        hint: copy.grantDaysHint),
                    FormFields.input(
                        "note", label: copy.auditNote, state: grantState, autocomplete: "off", required: false),
                    .button(.type(.submit), .class("button"), .text(copy.grant))
                )
            ),
            .section(
                .class("card"),
                .form(
                    .class("filters"), .action(AdminURL.subscriptions.path), .method(.get),
                    FormFields.select(
                        "status", label: copy.status,
                        options: [("", copy.any)]
                            + SubscriptionStatus.allCases.map {
                                ($0.rawValue, statusName($0, copy))
                            }, state: filters),
                    FormFields.input(
                        "email", label: copy.email, type: .search, state: filters, required: false, id: "filter-email"),
                    .button(.type(.submit), .class("button"), .text(copy.filter))
                ),
                .if(
                    listing.subscriptions.isEmpty, .p(.class("hint"), .text(copy.noSubscriptions)),
                    else: .div(
                        .class("table-scroll"),
                        .table(
                            .thead(
                                .tr(
                                    .th(.text("#")), .th(.text(copy.email)), .th(.text(copy.plan)),
                                    .th(.text(copy.status)),
                                    .th(.text(copy.startsOn)), .th(.text(copy.endsOn)), .th(.text(copy.renewal)),
                                    .th(.text(copy.actions)))),
                            .tbody(
                                .forEach(listing.subscriptions) { subscription in
                                    .tr(
                                        .td(.text("\(subscription.id ?? 0)")),
                                        .td(.text(subscription.user?.email ?? "—")),
                                        .td(.text(subscription.plan?.name ?? "—")),
                                        .td(
                                            .span(
                                                .class(subscription.status == .active ? "badge active" : "badge"),
                                                .text(statusName(subscription.status, copy)))),
                                        .td(.text(day(subscription.startDate))),
                                        .td(
                                            .text(day(subscription.endDate)),
                                            .unwrap(subscription.status == .pastDue ? subscription.graceEndsAt : nil) {
                                                .span(.class("hint"), .text(" · " + copy.graceUntil(day($0))))
                                            }),
                                        .td(
                                            .text(renewalName(subscription, copy)),
                                            .unwrap(subscription.cancelledAt) {
                                                .span(.class("hint"), .text(" · " + day($0)))
                                            }),
                                        .td(
                                            .form(
                                                .class("inline-form"),
                                                .action(AdminURL.subscriptionExtend(subscription.id).path),
                                                .method(.post),
                                                SiteLayout.formTokenField(context),
                                                .input(
                                                    .type(.number), .name("days"), .value("30"),
                                                    .attribute(named: "min", value: "1"),
                                                    .attribute(named: "max", value: "3650"),
                                                    .attribute(named: "aria-label", value: copy.durationDays),
                                                    .class("days-input")),
                                                .button(.type(.submit), .class("link-button"), .text(copy.extend))
                                            ),
                                            .if(
                                                subscription.status != .expired && subscription.autoRenew,
                                                SiteLayout.postButton(
                                                    copy.stopRenewal,
                                                    to: AdminURL.subscriptionStopRenewal(subscription.id).path, context,
                                                    style: "link-button")),
                                            .if(
                                                subscription.status != .expired,
                                                SiteLayout.postButton(
                                                    copy.expireNow,
                                                    to: AdminURL.subscriptionExpire(subscription.id).path, context,
                                                    style: "link-button"))
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
                .if(
                    audits.isEmpty, .p(.class("hint"), .text(copy.noAuditEntries)),
                    else: .div(
                        .class("table-scroll"),
                        .table(
                            .thead(
                                .tr(
                                    .th(.text(copy.when)), .th(.text(copy.admin)), .th(.text(copy.action)),
                                    .th(.text(copy.subscriberEmail)),
                                    .th(.text(copy.durationDays)), .th(.text(copy.endsOn)), .th(.text(copy.auditNote)))),
                            .tbody(
                                .forEach(audits) { entry in
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
