import Localization
import Plot
import Schema
import Vapor
import Whitelabel

/// The whitelabel area's pages.
enum WhitelabelAdminPages {
    static func statusOptions(_ copy: Copy) -> [(value: String, label: String)] {
        WhitelabelModelStatus.allCases.map { ($0.rawValue, copy.modelStatus($0.rawValue)) }
    }

    static func list(
        _ context: PageContext, models: WhitelabelCatalogue.ModelPage, filter: WhitelabelModelStatus?,
        reports: [WhitelabelSyncReport], notice: String?, formError: String?, status: HTTPResponseStatus
    ) -> Response {
        let copy = context.copy
        let running = reports.contains { $0.status == .running }
        func filterLink(_ status: WhitelabelModelStatus?) -> String {
            AdminURL.whitelabel.path + (status.map { "?situacao=\($0.rawValue)" } ?? "")
        }
        return AdminLayout.render(
            context, area: .whitelabel, title: copy.whitelabel, status: status, notice: notice,
            refreshEverySeconds: running ? 3 : nil,
            .section(
                .class("card"),
                .h2(.text(copy.syncReports)),
                .div(
                    .class("row-actions"),
                    syncButton(copy.syncNow, prune: false, context: context, style: "button"),
                    syncButton(copy.syncWithPrune, prune: true, context: context, style: "button secondary")
                ),
                .if(
                    reports.isEmpty, .p(.class("hint"), .text(copy.noSyncYet)),
                    else: .div(
                        .class("table-scroll"),
                        .table(
                            .thead(
                                .tr(
                                    .th(.text(copy.date)), .th(.text(copy.status)), .th(.text(copy.objects)),
                                    .th(.text(copy.added)),
                                    .th(.text(copy.updated)), .th(.text(copy.pruned)), .th(.text(copy.skippedKeys)))),
                            .tbody(
                                .forEach(reports) { report in
                                    .tr(
                                        .td(.text(SiteClock.moment(report.startedAt, in: context.language))),
                                        .td(
                                            .span(
                                                .class("badge \(report.status.rawValue)"),
                                                .text(copy.syncStatus(report.status.rawValue)))),
                                        .td(.text(String(report.objectsSeen))),
                                        .td(
                                            .text("\(report.modelsAdded) / \(report.postsAdded) / \(report.mediaAdded)")
                                        ),
                                        .td(.text("\(report.modelsUpdated) / \(report.mediaUpdated)")),
                                        .td(
                                            .text(
                                                "\(report.modelsPruned) / \(report.postsPruned) / \(report.mediaPruned)"
                                            )),
                                        .td(.text(String(report.keysSkipped)))
                                    )
                                })
                        )
                    ))
            ),
            .nav(
                .class("tabs"),
                .a(
                    .href(filterLink(nil)), .text(copy.all),
                    .if(filter == nil, .attribute(named: "aria-current", value: "page"))),
                .forEach(WhitelabelModelStatus.allCases) { status in
                    .a(
                        .href(filterLink(status)), .text(copy.modelStatus(status.rawValue)),
                        .if(filter == status, .attribute(named: "aria-current", value: "page")))
                }
            ),
            .form(
                .action(AdminURL.whitelabelStatus.path), .method(.post), .id("moderacao"),
                SiteLayout.formTokenField(context),
                .unwrap(formError) { .p(.class("form-error"), .attribute(named: "role", value: "alert"), .text($0)) },
                .div(
                    .class("toolbar"),
                    FormFields.select(
                        "status", label: copy.setStatusTo, options: statusOptions(copy),
                        state: FormState(values: ["status": "active"])),
                    .button(.type(.submit), .class("button"), .text(copy.applyToSelected))
                ),
                .div(
                    .class("table-scroll"),
                    .table(
                        .thead(.tr(.th(), .th(.text(copy.name)), .th(.text(copy.status)), .th(.text(copy.posts)))),
                        .tbody(
                            .forEach(models.models) { model in
                                .tr(
                                    .td(
                                        .input(
                                            .type(.checkbox), .name("ids[]"), .value(String(model.id)),
                                            .id("modelo-\(model.id)"),
                                            .attribute(
                                                named: "aria-label", value: model.folderName.htmlAttributeEscaped))),
                                    .td(.a(.href(AdminURL.whitelabelModel(model.id).path), .text(model.folderName))),
                                    .td(
                                        .span(
                                            .class(
                                                "badge \(model.status == .active ? "active" : model.status == .hidden ? "expired" : "pending")"
                                            ),
                                            .text(copy.modelStatus(model.status.rawValue)))),
                                    .td(.text(String(model.postCount)))
                                )
                            })
                    )
                )
            ),
            .nav(
                .class("pagination"),
                .if(
                    models.page > 1,
                    .a(
                        .href(filterLink(filter) + (filter == nil ? "?" : "&") + "pagina=\(models.page - 1)"),
                        .text(copy.previousPage)), else: .span()),
                .span(.text(copy.pageNumber(models.page))),
                .if(
                    models.hasNextPage,
                    .a(
                        .href(filterLink(filter) + (filter == nil ? "?" : "&") + "pagina=\(models.page + 1)"),
                        .text(copy.nextPage)), else: .span())
            )
        )
    }

    static func syncButton(_ label: String, prune: Bool, context: PageContext, style: String) -> Node<HTML.BodyContext>
    {
        .form(
            .class("inline-form"), .action(AdminURL.whitelabelSync.path), .method(.post),
            SiteLayout.formTokenField(context),
            .input(.type(.hidden), .name("prune"), .value(prune ? "true" : "false")),
            .button(.type(.submit), .class(style), .text(label))
        )
    }

    static func edit(
        _ context: PageContext, model: WhitelabelModel, state: FormState, notice: AdminNotice?,
        status: HTTPResponseStatus
    ) -> Response {
        let copy = context.copy
        return AdminLayout.render(
            context, area: .whitelabel, title: model.folderName, status: status, notice: notice?.message(copy),
            .p(.a(.href(SiteURL.whitelabelModel(model.id).path), .text(copy.viewOnSite))),
            .section(
                .class("card"),
                .form(
                    .action(AdminURL.whitelabelModel(model.id).path), .method(.post), .attribute(named: "novalidate"),
                    SiteLayout.formTokenField(context),
                    FormFields.formError(state),
                    FormFields.select("status", label: copy.status, options: statusOptions(copy), state: state),
                    .h2(.text(copy.pictures)),
                    FormFields.input(
                        "icon_url", label: copy.iconURL, state: state, autocomplete: "off", hint: copy.pictureHint,
                        required: false),
                    FormFields.input(
                        "banner_url", label: copy.bannerURL, state: state, autocomplete: "off", hint: copy.pictureHint,
                        required: false),
                    FormFields.input(
                        "thumbnail_url", label: copy.thumbnailURL, state: state, autocomplete: "off",
                        hint: copy.pictureHint, required: false),
                    .button(.type(.submit), .class("button"), .text(copy.save))
                )
            )
        )
    }
}
