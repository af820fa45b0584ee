import Vapor

func routes(_ app: Application) throws {
    app.get(SiteURL.healthz.pathComponents, use: HealthController.show)
    CreatorPagesController.register(on: app)
    SearchEngines.register(on: app)
    CheckoutPagesController.register(on: app)
    AccountsController.register(on: app)
    UnsubscribeController.register(on: app)
    MediaController.register(on: app)
    WhitelabelPagesController.register(on: app)
    app.get(SiteURL.adClick(nil, placement: nil).pathComponents, use: AdsAPI.click)

    let admin = app.grouped(AccessControl.RequireAdmin())
    AdminController.register(on: admin)
    UsersAdminController.register(on: admin)
    SupportContactsAdminController.register(on: admin)
    SettingsAdminController.register(on: admin)
    WhitelabelAdminController.register(on: admin)
    CreatorModelsAdminController.register(on: admin)
    CreatorPostsAdminController.register(on: admin)
    OffersAdminController.register(on: admin)
    GatewaysAdminController.register(on: admin)
    CheckoutsAdminController.register(on: admin)
    SubscriptionsAdminController.register(on: admin)
    RevenueAdminController.register(on: admin)
    AdsAdminController.register(on: admin)
    EmailsAdminController.register(on: admin)
    AdAnalyticsController.register(on: admin)
    AdPlacementAnalyticsController.register(on: admin)

    app.register(OpenAPIDocument.operations)
    app.get(PathComponent(stringLiteral: String(OpenAPIDocument.path.dropFirst())), use: OpenAPIDocument.serve)
}
