import Localization
import Mail
import Plot
import Schema
import Vapor

/// The outbox area's pages.
enum EmailsAdminPages {
    static func list(
        _ context: PageContext, messages: [OutboxMessage], hasNextPage: Bool, query: EmailsAdminController.ListQuery,
        testState: FormState, notice: AdminNotice?, status: HTTPResponseStatus = .ok
    ) -> Response {
        let copy = context.copy
        let language = context.language
        let page = max(1, query.page ?? 1)
        return AdminLayout.render(
            context, area: .emails, title: copy.emailsArea, status: status, notice: notice?.message(copy),
            .p(.a(.href(AdminURL.emailPreviews.path), .text(copy.emailPreviews))),
            .form(
                .class("filters"), .action(AdminURL.emails.path), .method(.get),
                FormFields.select(
                    "status", label: copy.status,
                    options: [("", copy.anyStatus)] + MailStatus.allCases.map { ($0.rawValue, copy.mailStatus($0)) },
                    state: FormState(values: ["status": query.status ?? ""])),
                FormFields.select(
                    "kind", label: copy.emailKind,
                    options: [("", copy.anyKind)] + MailKind.allCases.map { ($0.rawValue, copy.mailKind($0)) },
                    state: FormState(values: ["kind": query.kind ?? ""])),
                FormFields.input(
                    "q", label: copy.emailRecipient, type: .search, state: FormState(values: ["q": query.q ?? ""]),
                    autocomplete: "off", required: false),
                .button(.type(.submit), .class("button"), .text(copy.filter))
            ),
            .if(
                messages.isEmpty, .p(.text(copy.noEmails)),
                else: .div(
                    .class("table-scroll"),
                    .table(
                        .thead(
                            .tr(
                                .th(.text(copy.emailQueuedAt)), .th(.text(copy.emailKind)),
                                .th(.text(copy.emailRecipient)), .th(.text(copy.emailSubject)),
                                .th(.text(copy.status)), .th(.text(copy.emailAttempts)),
                                .th(.text(copy.emailLastError)))),
                        .tbody(
                            .forEach(messages) { message in
                                .tr(
                                    .td(.text(message.createdAt.map { SiteClock.moment($0, in: language) } ?? "—")),
                                    .td(.text(copy.mailKind(message.kind))),
                                    .td(.text(message.toAddress)),
                                    .td(.a(.href(AdminURL.email(message.id).path), .text(message.subject))),
                                    .td(
                                        .span(
                                            .class("badge " + message.status.rawValue),
                                            .text(copy.mailStatus(message.status)))),
                                    .td(.text(String(message.attempts))),
                                    .td(.text(message.lastError.map { String($0.prefix(120)) } ?? ""))
                                )
                            })
                    )
                )),
            .nav(
                .class("pager"),
                .if(page > 1, .a(.href(pageLink(query, page: page - 1)), .text(copy.previousPage))),
                .if(hasNextPage, .a(.href(pageLink(query, page: page + 1)), .text(copy.nextPage)))
            ),
            .section(
                .class("card"), .id("teste"),
                .h2(.text(copy.sendTestEmail)),
                .form(
                    .action(AdminURL.emailTest.path), .method(.post), .attribute(named: "novalidate"),
                    SiteLayout.formTokenField(context),
                    FormFields.formError(testState),
                    FormFields.input(
                        "address", label: copy.testEmailAddress, type: .email, state: testState, autocomplete: "email"),
                    .button(.type(.submit), .class("button"), .text(copy.sendTestEmail))
                )
            )
        )
    }

    static func pageLink(_ query: EmailsAdminController.ListQuery, page: Int) -> String {
        var components = URLComponents()
        components.path = AdminURL.emails.path
        components.queryItems = [
            query.status.map { URLQueryItem(name: "status", value: $0) },
            query.kind.map { URLQueryItem(name: "kind", value: $0) },
            query.q.map { URLQueryItem(name: "q", value: $0) },
            URLQueryItem(name: "page", value: String(page)),
        ].compactMap { $0 }
        return components.string ?? AdminURL.emails.path
    }

    static func detail(_ context: PageContext, message: OutboxMessage, text: String, notice: AdminNotice?) -> Response {
        let copy = context.copy
        let language = context.language
        func moment(_ date: Date?) -> String { date.map { SiteClock.moment($0, in: language) } ?? "—" }
        return AdminLayout.render(
            context, area: .emails, title: message.subject, notice: notice?.message(copy),
            .section(
                .class("card"),
                .h1(.text(message.subject)),
                .dl(
                    .class("facts"),
                    .dt(.text(copy.emailKind)), .dd(.text(copy.mailKind(message.kind))),
                    .dt(.text(copy.emailRecipient)),
                    .dd(.text([message.toName, "<\(message.toAddress)>"].compactMap { $0 }.joined(separator: " "))),
                    .dt(.text(copy.status)), .dd(.text(copy.mailStatus(message.status))),
                    .dt(.text(copy.emailAttempts)), .dd(.text(String(message.attempts))),
                    .dt(.text(copy.emailQueuedAt)), .dd(.text(moment(message.createdAt))),
                    .dt(.text(copy.emailNextAttempt)), .dd(.text(moment(message.nextAttemptAt))),
                    .dt(.text(copy.emailSentAt)), .dd(.text(moment(message.sentAt))),
                    .dt(.text(copy.emailLastError)), .dd(.text(message.lastError ?? "—")),
                    .dt(.text("Message-ID")), .dd(.code(.text(message.messageID)))
                ),
                SiteLayout.postButton(copy.resendEmail, to: AdminURL.emailResend(message.id).path, context)
            ),
            parts(text: text, htmlURL: AdminURL.emailHTML(message.id).path, copy)
        )
    }

    static func parts(text: String, htmlURL: String, _ copy: Copy) -> Node<HTML.BodyContext> {
        .group(
            .section(
                .class("card"),
                .h2(.text(copy.emailHTMLPart)),
                // Sandboxed and served with a policy of its own: nothing in a message runs or reaches the panel.
                .iframe(
                    .src(htmlURL), .class("mail-preview"), .attribute(named: "sandbox", value: ""),
                    .attribute(named: "title", value: copy.emailHTMLPart), .attribute(named: "loading", value: "lazy"))
            ),
            .section(.class("card"), .h2(.text(copy.emailTextPart)), .pre(.class("mail-text"), .text(text)))
        )
    }

    static func previews(_ context: PageContext) -> Response {
        let copy = context.copy
        return AdminLayout.render(
            context, area: .emails, title: copy.emailPreviews,
            .ul(
                .class("preview-list"),
                .forEach(MailTemplates.all) { template in
                    .li(
                        .text(copy.mailKind(template.kind) + ": "),
                        .a(
                            .href(
                                AdminURL.emailPreview(template.kind, language: SiteLanguage.portuguese.rawValue).path),
                            .text("Português")),
                        .text(" · "),
                        .a(
                            .href(AdminURL.emailPreview(template.kind, language: SiteLanguage.english.rawValue).path),
                            .text("English"))
                    )
                })
        )
    }

    static func preview(
        _ context: PageContext, kind: MailKind, language: SiteLanguage, subject: String, text: String
    ) -> Response {
        let copy = context.copy
        return AdminLayout.render(
            context, area: .emails, title: subject,
            .p(.a(.href(AdminURL.emailPreviews.path), .text(copy.emailPreviews))),
            .section(
                .class("card"), .h1(.text(subject)),
                .p(.class("hint"), .text(copy.mailKind(kind) + " · " + language.rawValue))),
            parts(text: text, htmlURL: AdminURL.emailPreviewHTML(kind, language: language.rawValue).path, copy)
        )
    }
}
