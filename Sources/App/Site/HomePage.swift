import Plot
import Vapor

/// The home page: the site's name and tagline, and the next step for the visitor (sign up, or their account).
enum HomePage {
    @Sendable static func show(req: Request) async throws -> Response {
        let context = await req.pageContext()
        let copy = context.copy
        return SiteLayout.render(
            context, title: context.settings.siteName,
            .section(
                .class("hero"),
                .h1(.text(context.settings.siteName)),
                .p(.class("tagline"), .text(context.settings.tagline ?? copy.defaultTagline)),
                .unwrap(context.signedIn, { signedIn in
                    .group(
                        .p(.text(copy.homeGreeting(name: signedIn.user.name))),
                        .a(.class("button"), .href(SiteURL.account.path), .text(copy.seeMyAccount))
                    )
                }, else: .group(
                    .p(.text(copy.homeSignedOutCall)),
                    .div(
                        .class("actions"),
                        .a(.class("button"), .href(SiteURL.signUp.path), .text(copy.signUp)),
                        .a(.class("button secondary"), .href(SiteURL.signIn.path), .text(copy.signIn))
                    )
                ))
            )
        )
    }
}
