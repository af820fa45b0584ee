import Vapor

func routes(_ app: Application) throws {
    app.get(SiteURL.healthz.pathComponents, use: HealthController.show)
    app.get(SiteURL.home.pathComponents, use: HomePage.show)
    AccountsController.register(on: app)
    AdminController.register(on: app.grouped(AccessControl.RequireAdmin()))
}
