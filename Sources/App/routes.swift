import Vapor

func routes(_ app: Application) throws {
    app.get(SiteURL.healthz.pathComponents, use: HealthController.show)
}
