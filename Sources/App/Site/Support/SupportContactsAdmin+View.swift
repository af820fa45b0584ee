import Localization
import Plot
import Schema
import Vapor

/// The support contacts area's pages.
enum SupportContactsAdminPages {
    static func list(
        _ context: PageContext, contacts: [SupportContact], newContactState: FormState, newContactIsActive: Bool,
        notice: AdminNotice?, status: HTTPResponseStatus
    ) -> Response {
        let copy = context.copy
        return AdminLayout.render(
            context, area: .supportContacts, title: copy.supportContacts, status: status, notice: notice?.message(copy),
            .if(
                contacts.isEmpty, .p(.text(copy.noSupportContacts)),
                else: .div(
                    .class("table-scroll"),
                    .table(
                        .thead(.tr(.th(.text(copy.platform)), .th(.text(copy.link)), .th(.text(copy.status)), .th())),
                        .tbody(
                            .forEach(contacts) { contact in
                                .tr(
                                    .td(.text(contact.platform)),
                                    .td(.text(contact.url)),
                                    .td(
                                        .span(
                                            .class(contact.isActive ? "badge active" : "badge"),
                                            .text(contact.isActive ? copy.active : copy.inactive))),
                                    .td(
                                        .div(
                                            .class("row-actions"),
                                            .a(.href(AdminURL.supportContact(contact.id).path), .text(copy.edit)),
                                            SiteLayout.postButton(
                                                copy.delete, to: AdminURL.supportContactDelete(contact.id).path,
                                                context, style: "link-button")
                                        ))
                                )
                            })
                    )
                )),
            .section(
                .class("card"), .id("novo"),
                .h2(.text(copy.newSupportContact)),
                form(
                    context, action: AdminURL.supportContacts.path, state: newContactState,
                    isActive: newContactIsActive, submit: copy.create)
            )
        )
    }

    static func edit(
        _ context: PageContext, contact: SupportContact, state: FormState, isActive: Bool, status: HTTPResponseStatus
    ) -> Response {
        let copy = context.copy
        return AdminLayout.render(
            context, area: .supportContacts, title: copy.editSupportContact, status: status,
            .section(
                .class("card"),
                form(
                    context, action: AdminURL.supportContact(contact.id).path, state: state, isActive: isActive,
                    submit: copy.save)
            )
        )
    }

    static func form(_ context: PageContext, action: String, state: FormState, isActive: Bool, submit: String) -> Node<
        HTML.BodyContext
    > {
        let copy = context.copy
        return .form(
            .action(action), .method(.post), .attribute(named: "novalidate"),
            SiteLayout.formTokenField(context),
            FormFields.formError(state),
            FormFields.input(
                "platform", label: copy.platform, state: state, autocomplete: "off", hint: copy.platformHint),
            FormFields.input(
                "url", label: copy.link, type: .url, state: state, autocomplete: "off", hint: copy.linkHint),
            FormFields.checkbox("is_active", label: copy.active, isChecked: isActive),
            .button(.type(.submit), .class("button"), .text(submit))
        )
    }
}
