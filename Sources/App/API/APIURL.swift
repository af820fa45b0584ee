import Vapor

/// Every path of the JSON API, in one place, as `SiteURL` is for the pages. The routes, the OpenAPI document and
/// the tests all take their paths from here. A nil id is the route's pattern, written as OpenAPI writes it
/// (`/api/v1/admin/users/{id}`); `APIRoute` turns `{id}` into the router's `:id`.
enum APIURL: Sendable, Equatable {
    // Accounts: sign-up, sign-in, the signed-in user, and the admins' users.
    case register
    case login
    case logout
    case passwordReset
    case passwordResetConfirm
    case me
    case myPassword
    case mySubscription
    case mySubscriptionCancel
    case mySubscriptionResume
    case mySubscriptionPlan
    case myPayments
    case adminUsers
    case adminUser(Int?)
    case adminUserPassword(Int?)

    // Creators: the site's own models and posts.
    case models
    case model(Int?)
    case post(Int?)
    case adminModels
    case adminModel(Int?)
    case adminModelPosts(Int?)
    case adminPost(Int?)

    // Whitelabel: the synced catalogue and its moderation.
    case whitelabelModels
    case whitelabelModelPosts(Int?)
    case adminWhitelabelModels
    case adminWhitelabelModel(Int?)
    case adminWhitelabelModelsStatus
    case adminWhitelabelSync
    case adminWhitelabelSyncReports

    // Commerce: offers, checkout, postbacks, gateways, sales.
    case plans
    case orderBumps
    case adminPlans
    case adminPlan(Int?)
    case adminOrderBumps
    case adminOrderBump(Int?)
    case checkouts
    case checkout(Int?)
    case webhook(gateway: String?)
    /// Where a provider that appends its own suffix calls (API Pix: `/pix`, `/rec`, `/cobr`).
    case providerCallback(gateway: String?, token: String?, callback: String?)
    case adminGateways
    case adminGateway(Int?)
    case adminCheckouts
    case adminCheckoutsCSV
    case adminCheckout(Int?)
    case adminCheckoutSimulatePayment(Int?)
    case adminSubscriptions
    case adminSubscriptionExtend(Int?)
    case adminSubscriptionExpire(Int?)
    case adminSubscriptionStopRenewal(Int?)
    case adminSubscriptionSimulateRenewal(Int?)
    case adminSubscriptionAudits
    case adminRevenue

    // Ads.
    case ads
    case adminAds
    case adminAdRules
    case adminAdPlacements
    case adminAd(Int?)
    case adminAdAnalytics(Int?)
    case adminAdDuplicate(Int?)
    case adminAdPause(Int?)
    case adminAdResume(Int?)

    // The site: the dashboard, settings and support contacts.
    case adminDashboard
    case adminEmails
    case adminSettings
    case adminSetting(key: String?)
    case adminSupportContacts
    case adminSupportContact(Int?)

    /// Where every API path starts: the version is in the path, so a later one can live beside it.
    static let prefix = "/api/v1"

    /// Everything below this is the JSON API, whatever its version: bearer tokens, JSON errors, no CSRF form fields.
    static let anyVersionPrefix = "/api/"

    var path: String { Self.prefix + relativePath }

    private var relativePath: String {
        switch self {
        case .register: "/auth/register"
        case .login: "/auth/login"
        case .passwordReset: "/auth/password-reset"
        case .passwordResetConfirm: "/auth/password-reset/confirm"
        case .logout: "/auth/logout"
        case .me: "/me"
        case .myPassword: "/me/password"
        case .mySubscription: "/me/subscription"
        case .mySubscriptionCancel: "/me/subscription/cancel"
        case .mySubscriptionResume: "/me/subscription/resume"
        case .mySubscriptionPlan: "/me/subscription/plan"
        case .myPayments: "/me/payments"
        case .adminUsers: "/admin/users"
        case .adminUser(let id): "/admin/users/" + Self.segment(id)
        case .adminUserPassword(let id): "/admin/users/" + Self.segment(id) + "/password"

        case .models: "/models"
        case .model(let id): "/models/" + Self.segment(id)
        case .post(let id): "/posts/" + Self.segment(id)
        case .adminModels: "/admin/models"
        case .adminModel(let id): "/admin/models/" + Self.segment(id)
        case .adminModelPosts(let id): "/admin/models/" + Self.segment(id) + "/posts"
        case .adminPost(let id): "/admin/posts/" + Self.segment(id)

        case .whitelabelModels: "/whitelabel/models"
        case .whitelabelModelPosts(let id): "/whitelabel/models/" + Self.segment(id) + "/posts"
        case .adminWhitelabelModels: "/admin/whitelabel/models"
        case .adminWhitelabelModel(let id): "/admin/whitelabel/models/" + Self.segment(id)
        case .adminWhitelabelModelsStatus: "/admin/whitelabel/models/status"
        case .adminWhitelabelSync: "/admin/whitelabel/sync"
        case .adminWhitelabelSyncReports: "/admin/whitelabel/sync-reports"

        case .plans: "/plans"
        case .orderBumps: "/order-bumps"
        case .adminPlans: "/admin/plans"
        case .adminPlan(let id): "/admin/plans/" + Self.segment(id)
        case .adminOrderBumps: "/admin/order-bumps"
        case .adminOrderBump(let id): "/admin/order-bumps/" + Self.segment(id)
        case .checkouts: "/checkouts"
        case .checkout(let id): "/checkouts/" + Self.segment(id)
        case .webhook(let gateway): "/webhooks/" + (gateway ?? "{gateway}")
        case .providerCallback(let gateway, let token, let callback):
            "/webhooks/" + (gateway ?? "{gateway}") + "/" + (token ?? "{token}") + "/" + (callback ?? "{callback}")
        case .adminGateways: "/admin/gateways"
        case .adminGateway(let id): "/admin/gateways/" + Self.segment(id)
        case .adminCheckouts: "/admin/checkouts"
        case .adminCheckoutsCSV: "/admin/checkouts.csv"
        case .adminCheckout(let id): "/admin/checkouts/" + Self.segment(id)
        case .adminCheckoutSimulatePayment(let id): "/admin/checkouts/" + Self.segment(id) + "/simulate-payment"
        case .adminSubscriptions: "/admin/subscriptions"
        case .adminSubscriptionExtend(let id): "/admin/subscriptions/" + Self.segment(id) + "/extend"
        case .adminSubscriptionExpire(let id): "/admin/subscriptions/" + Self.segment(id) + "/expire"
        case .adminSubscriptionStopRenewal(let id): "/admin/subscriptions/" + Self.segment(id) + "/stop-renewal"
        case .adminSubscriptionSimulateRenewal(let id):
            "/admin/subscriptions/" + Self.segment(id) + "/simulate-renewal"
        case .adminSubscriptionAudits: "/admin/subscription-audits"
        case .adminRevenue: "/admin/revenue"

        case .ads: "/ads"
        case .adminAds: "/admin/ads"
        case .adminAdRules: "/admin/ads/rules"
        case .adminAdPlacements: "/admin/ads/placements"
        case .adminAd(let id): "/admin/ads/" + Self.segment(id)
        case .adminAdAnalytics(let id): "/admin/ads/" + Self.segment(id) + "/analytics"
        case .adminAdDuplicate(let id): "/admin/ads/" + Self.segment(id) + "/duplicate"
        case .adminAdPause(let id): "/admin/ads/" + Self.segment(id) + "/pause"
        case .adminAdResume(let id): "/admin/ads/" + Self.segment(id) + "/resume"

        case .adminDashboard: "/admin/dashboard"
        case .adminEmails: "/admin/emails"
        case .adminSettings: "/admin/settings"
        case .adminSetting(let key): "/admin/settings/" + (key ?? "{key}")
        case .adminSupportContacts: "/admin/support-contacts"
        case .adminSupportContact(let id): "/admin/support-contacts/" + Self.segment(id)
        }
    }

    private static func segment(_ id: Int?) -> String { id.map(String.init) ?? "{id}" }

    /// The path as Vapor's router reads it: `{id}` becomes `:id`.
    var pathComponents: [PathComponent] {
        path.split(separator: "/").map { segment in
            if segment.hasPrefix("{"), segment.hasSuffix("}") {
                return .parameter(String(segment.dropFirst().dropLast()))
            }
            return .constant(String(segment))
        }
    }
}
