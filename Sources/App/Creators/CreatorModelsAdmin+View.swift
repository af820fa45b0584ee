import Creators
import Localization
import Plot
import Schema
import Vapor

/// The models area's pages.
enum CreatorModelsAdminPages {
    static func list(_ context: PageContext, page: CreatorModelAdministration.Page, search: String, notice: String?)
        -> Response
    {
        let copy = context.copy
        func pageLink(_ number: Int) -> String {
            var components = URLComponents()
            components.path = AdminURL.creatorModels.path
            components.queryItems =
                [URLQueryItem(name: "pagina", value: String(number))]
                + (search.isEmpty ? [] : [URLQueryItem(name: "q", value: search)])
            return (components.string ?? AdminURL.creatorModels.path).htmlAttributeEscaped
        }
        return AdminLayout.render(
            context, area: .creatorModels, title: copy.creatorModels, notice: notice,
            .div(
                .class("toolbar"),
                .form(
                    .class("toolbar"), .action(AdminURL.creatorModels.path), .method(.get),
                    .div(
                        .class("field"), .label(.for("q"), .text(copy.searchByName)),
                        .input(.type(.search), .name("q"), .id("q"), .value(search.htmlAttributeEscaped))),
                    .button(.type(.submit), .class("button secondary"), .text(copy.search))
                ),
                .a(.class("button"), .href(AdminURL.creatorModelNew.path), .text(copy.newCreatorModel))
            ),
            .if(
                page.models.isEmpty, .p(.text(copy.noCreatorModels)),
                else: .div(
                    .class("table-scroll"),
                    .table(
                        .thead(.tr(.th(.text(copy.name)), .th(.text(copy.featured)), .th(.text(copy.advertiser)))),
                        .tbody(
                            .forEach(page.models) { model in
                                .tr(
                                    .td(.a(.href(AdminURL.creatorModel(model.id).path), .text(model.name))),
                                    .td(.text(model.isFeatured ? "✓" : "—")),
                                    .td(.text(model.isAdvertiser ? "✓" : "—"))
                                )
                            })
                    )
                )),
            .nav(
                .class("pagination"),
                .if(page.page > 1, .a(.href(pageLink(page.page - 1)), .text(copy.previousPage)), else: .span()),
                .span(.text(copy.pageNumber(page.page))),
                .if(page.hasNextPage, .a(.href(pageLink(page.page + 1)), .text(copy.nextPage)), else: .span())
            )
        )
    }

    static func form(
        _ context: PageContext, model: CreatorModel?, state: FormState, notice: String? = nil,
        status: HTTPResponseStatus,
        posts: [CreatorPost] = []
    ) -> Response {
        let copy = context.copy
        let action = model.map { AdminURL.creatorModel($0.id).path } ?? AdminURL.creatorModelNew.path
        return AdminLayout.render(
            context, area: .creatorModels, title: model?.name ?? copy.newCreatorModel, status: status, notice: notice,
            .section(
                .class("card"),
                .form(
                    // An upload form: the token rides in the action URL, and the body streams to disk.
                    .action(FormProtection.action(action, token: context.formToken).htmlAttributeEscaped),
                    .method(.post),
                    .enctype(.multipartData), .attribute(named: "novalidate"),
                    FormFields.formError(state),
                    FormFields.input("name", label: copy.name, state: state, autocomplete: "off"),
                    FormFields.textArea("description", label: copy.modelDescription, state: state, rows: 4),
                    FormFields.input(
                        "icon_url", label: copy.iconURL, type: .url, state: state, autocomplete: "off",
                        hint: copy.imageURLOrUpload, required: false),
                    fileField("icon_file", label: copy.iconFile, state: state),
                    FormFields.input(
                        "banner_url", label: copy.bannerURL, type: .url, state: state, autocomplete: "off",
                        hint: copy.imageURLOrUpload, required: false),
                    fileField("banner_file", label: copy.bannerFile, state: state),
                    FormFields.checkbox(
                        "is_featured", label: copy.featured, isChecked: state[value: "is_featured"] == "true"),
                    FormFields.checkbox(
                        "is_advertiser", label: copy.advertiser, isChecked: state[value: "is_advertiser"] == "true"),
                    .button(.type(.submit), .class("button"), .text(copy.save))
                )
            ),
            .unwrap(model) { model in
                .group(
                    CreatorPostsAdminPages.list(posts, model: model, copy: copy),
                    .p(
                        .a(
                            .class("button danger"), .href(AdminURL.creatorModelDelete(model.id).path),
                            .text(copy.deleteModel)))
                )
            }
        )
    }

    static func fileField(_ name: String, label: String, state: FormState) -> Node<HTML.FormContext> {
        let error = state.fieldErrors[name]
        return .div(
            .class(error == nil ? "field" : "field has-error"),
            .label(.for(name), .text(label)),
            .input(
                .type(.file), .name(name), .id(name),
                .attribute(named: "accept", value: "image/jpeg,image/png,image/webp,image/gif")),
            .unwrap(error) { .p(.class("field-error"), .text($0)) }
        )
    }

    static func confirmDelete(_ context: PageContext, model: CreatorModel, posts: Int) -> Response {
        let copy = context.copy
        return AdminLayout.render(
            context, area: .creatorModels, title: copy.deleteModel,
            .section(
                .class("card danger-zone"),
                .p(.text(copy.deleteModelWarning(name: model.name, posts: posts))),
                .div(
                    .class("row-actions"),
                    SiteLayout.postButton(
                        copy.confirmDelete, to: AdminURL.creatorModelDelete(model.id).path, context,
                        style: "button danger"),
                    .a(.class("button secondary"), .href(AdminURL.creatorModel(model.id).path), .text(copy.cancel))
                )
            )
        )
    }
}
