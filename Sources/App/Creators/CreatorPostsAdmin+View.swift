import Localization
import Plot
import Schema
import Vapor

/// A post's form, and the list of a model's posts on the model's page.
enum CreatorPostsAdminPages {
    static func form(
        _ context: PageContext, model: CreatorModel, post: CreatorPost?, state: FormState, notice: String? = nil,
        status: HTTPResponseStatus
    ) -> Response {
        let copy = context.copy
        let action = post.map { AdminURL.creatorPost($0.id).path } ?? AdminURL.creatorPostNew(modelID: model.id).path
        return AdminLayout.render(
            context, area: .creatorModels,
            title: "\(model.name) · \(post == nil ? copy.newPost : (post?.title ?? copy.creatorPosts))",
            status: status, notice: notice,
            .p(.a(.href(AdminURL.creatorModel(model.id).path), .text("← " + model.name))),
            .section(
                .class("card"),
                .form(
                    .action(FormProtection.action(action, token: context.formToken).htmlAttributeEscaped),
                    .method(.post),
                    .enctype(.multipartData), .attribute(named: "novalidate"),
                    FormFields.formError(state),
                    FormFields.input(
                        "title", label: copy.postTitle, state: state, autocomplete: "off", required: false),
                    FormFields.input(
                        "content_url", label: copy.contentURL, type: .url, state: state, autocomplete: "off",
                        hint: copy.contentHint, required: false),
                    FormFields.select(
                        "type", label: copy.mediaType, options: [("image", copy.photo), ("video", copy.video)],
                        state: state),
                    .div(
                        .class(state.fieldErrors["content_file"] == nil ? "field" : "field has-error"),
                        .label(.for("content_file"), .text(copy.contentFile)),
                        .input(
                            .type(.file), .name("content_file"), .id("content_file"),
                            .attribute(
                                named: "accept", value: "image/jpeg,image/png,image/webp,image/gif,video/mp4,video/webm"
                            )),
                        .unwrap(state.fieldErrors["content_file"]) { .p(.class("field-error"), .text($0)) }
                    ),
                    .button(.type(.submit), .class("button"), .text(copy.save))
                )
            ),
            .unwrap(post) { post in
                SiteLayout.postButton(
                    copy.deletePost, to: AdminURL.creatorPostDelete(post.id).path, context, style: "button danger")
            }
        )
    }

    /// The model's posts, newest first, on the model's admin page.
    static func list(_ posts: [CreatorPost], model: CreatorModel, copy: Copy) -> Node<HTML.BodyContext> {
        .section(
            .class("card"),
            .h2(.text(copy.creatorPosts)),
            .p(.a(.class("button"), .href(AdminURL.creatorPostNew(modelID: model.id).path), .text(copy.newPost))),
            .if(
                posts.isEmpty, .p(.class("hint"), .text(copy.noPosts)),
                else: .ul(
                    .forEach(posts) { post in
                        .li(
                            .a(.href(AdminURL.creatorPost(post.id).path), .text(post.title ?? "#\(post.id ?? 0)")),
                            .span(.class("hint"), .text(" · " + (post.type == .video ? copy.video : copy.photo)))
                        )
                    }
                ))
        )
    }
}
