import Ads
import Localization
import Plot
import Schema
import Vapor

/// The ads area's pages.
enum AdsAdminPages {
    static let formScript = "/scripts/ad-form.js"

    static func typeName(_ type: AdType, _ copy: Copy) -> String {
        switch type {
        case .diamond: copy.adTypeDiamond
        case .diamondBlock: copy.adTypeDiamondBlock
        case .banner: copy.adTypeBanner
        case .spot: copy.adTypeSpot
        case .hero: copy.adTypeHero
        }
    }

    static func placementName(_ placement: AdPlacement, _ copy: Copy) -> String {
        switch placement {
        case .homeTop: copy.placementHomeTop
        case .homeMiddle: copy.placementHomeMiddle
        case .homeBottom: copy.placementHomeBottom
        case .modelsGrid: copy.placementModelsGrid
        case .feedModel: copy.placementFeedModel
        case .modelProfile: copy.placementModelProfile
        case .modelSidebar: copy.placementModelSidebar
        case .sidebar: copy.placementSidebar
        case .login: copy.placementLogin
        case .register: copy.placementRegister
        case .postDetail: copy.placementPostDetail
        case .footer: copy.placementFooter
        }
    }

    static func statusName(_ status: AdStatus, _ copy: Copy) -> String {
        switch status {
        case .active: copy.active
        case .paused: copy.adPaused
        case .draft: copy.adDraft
        }
    }

    /// Clicks per impression, as "2,5%"; a dash before any impression.
    static func clickThroughRate(clicks: Int, impressions: Int) -> String {
        guard impressions > 0 else { return "—" }
        return Percentage.formatted(Double(clicks) / Double(impressions))
    }

    static func list(_ context: PageContext, ads: [Ad], notice: AdminNotice?) -> Response {
        let copy = context.copy
        return AdminLayout.render(
            context, area: .ads, title: copy.adsArea, notice: notice?.message(copy),
            .section(
                .class("card"),
                .p(
                    .a(.class("button"), .href(AdminURL.adNew.path), .text(copy.newAd)), .text(" "),
                    .a(.href(AdminURL.adPlacements.path), .text(copy.placementsPerformance))),
                .if(
                    ads.isEmpty, .p(.class("hint"), .text(copy.noAds)),
                    else: .div(
                        .class("table-scroll"),
                        .table(
                            .thead(
                                .tr(
                                    .th(.text(copy.name)), .th(.text(copy.adType)), .th(.text(copy.adPlacement)),
                                    .th(.text(copy.status)),
                                    .th(.text(copy.adPriority)), .th(.text(copy.impressions)), .th(.text(copy.clicks)),
                                    .th(.text("CTR")),
                                    .th(.text(copy.actions)))),
                            .tbody(
                                .forEach(ads) { ad in
                                    .tr(
                                        .td(.a(.href(AdminURL.ad(ad.id).path), .text(ad.name))),
                                        .td(
                                            .text(
                                                ad.$type.unknownValue.map(copy.keptFromTheOriginalApp)
                                                    ?? typeName(ad.type, copy))),
                                        .td(
                                            .text(
                                                ad.$placement.unknownValue.map(copy.keptFromTheOriginalApp)
                                                    ?? placementName(ad.placement, copy))),
                                        .td(
                                            .span(
                                                .class(ad.status == .active ? "badge active" : "badge"),
                                                .text(
                                                    ad.$status.unknownValue.map(copy.keptFromTheOriginalApp)
                                                        ?? statusName(ad.status, copy)))),
                                        .td(.text(String(ad.priority))),
                                        .td(.text(String(ad.impressions))),
                                        .td(.text(String(ad.clicks))),
                                        .td(.text(clickThroughRate(clicks: ad.clicks, impressions: ad.impressions))),
                                        .td(
                                            .a(.href(AdminURL.adAnalytics(ad.id).path), .text(copy.adAnalytics)),
                                            SiteLayout.postButton(
                                                copy.duplicate, to: AdminURL.adDuplicate(ad.id).path, context,
                                                style: "link-button"),
                                            ad.status == .active
                                                ? SiteLayout.postButton(
                                                    copy.pause, to: AdminURL.adPause(ad.id).path, context,
                                                    style: "link-button")
                                                : SiteLayout.postButton(
                                                    copy.resume, to: AdminURL.adResume(ad.id).path, context,
                                                    style: "link-button"),
                                            SiteLayout.postButton(
                                                copy.delete, to: AdminURL.adDelete(ad.id).path, context,
                                                style: "link-button")
                                        )
                                    )
                                })
                        )
                    ))
            )
        )
    }

    static func form(_ context: PageContext, ad: Ad?, state: FormState, status: HTTPResponseStatus) -> Response {
        let copy = context.copy
        // Every placement is listed with the types it takes; ad-form.js hides the ones the chosen type can't use.
        // Without script all are offered, and saving refuses a wrong pair with a message.
        let placementError = state.fieldErrors["placement"]
        return AdminLayout.render(
            context, area: .ads, title: ad?.name ?? copy.newAd, status: status, scripts: [formScript],
            .p(.a(.href(AdminURL.ads.path), .text("← " + copy.adsArea))),
            .section(
                .class("card"),
                .form(
                    .class("ad-form"), .action(ad.map { AdminURL.ad($0.id).path } ?? AdminURL.adNew.path),
                    .method(.post),
                    .attribute(named: "novalidate"),
                    SiteLayout.formTokenField(context),
                    FormFields.formError(state),
                    FormFields.input("name", label: copy.adCampaignName, state: state, autocomplete: "off"),
                    FormFields.select(
                        "type", label: copy.adType, options: AdType.allCases.map { ($0.rawValue, typeName($0, copy)) },
                        state: state),
                    .div(
                        .class(placementError == nil ? "field" : "field has-error"),
                        .label(.for("placement"), .text(copy.adPlacement)),
                        .select(
                            .attribute(named: "name", value: "placement"), .id("placement"),
                            .forEach(AdPlacement.allCases) { placement in
                                .option(
                                    .value(placement.rawValue),
                                    .isSelected(state[value: "placement"] == placement.rawValue),
                                    .attribute(
                                        named: "data-types",
                                        value: AdPlacementRules.types(for: placement).map(\.rawValue).joined(
                                            separator: " ")),
                                    .label(placementName(placement, copy).htmlAttributeEscaped))
                            }
                        ),
                        .p(.class("hint"), .text(copy.adPlacementHint)),
                        .unwrap(placementError) { .p(.class("field-error"), .id("placement-error"), .text($0)) }
                    ),
                    FormFields.select(
                        "status", label: copy.status,
                        options: AdStatus.allCases.map { ($0.rawValue, statusName($0, copy)) }, state: state),
                    FormFields.input("title", label: copy.adTitle, state: state, autocomplete: "off"),
                    FormFields.input(
                        "subtitle", label: copy.adSubtitle, state: state, autocomplete: "off", required: false),
                    FormFields.input(
                        "cta_text", label: copy.ctaText, state: state, autocomplete: "off", required: false),
                    FormFields.input(
                        "image_url", label: copy.imageURLOptional, type: .url, state: state, autocomplete: "off",
                        required: false),
                    FormFields.input(
                        "link", label: copy.adLink, type: .url, state: state, autocomplete: "off", hint: copy.adLinkHint
                    ),
                    FormFields.input(
                        "category", label: copy.adCategory, state: state, autocomplete: "off", required: false),
                    FormFields.input(
                        "priority", label: copy.adPriority, type: .number, state: state, autocomplete: "off",
                        hint: copy.adPriorityHint),
                    FormFields.input(
                        "start_date", label: copy.adStarts, type: .datetimeLocal, state: state, hint: copy.adDatesHint,
                        required: false),
                    FormFields.input(
                        "end_date", label: copy.adEnds, type: .datetimeLocal, state: state, required: false),
                    .button(.type(.submit), .class("button"), .text(copy.save))
                )
            )
        )
    }
}
