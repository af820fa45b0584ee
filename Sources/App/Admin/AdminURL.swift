import Schema
import Vapor

/// Every path of the admin panel; everything under `/admin` needs an admin. Cases that name a record take its
/// id, or nil for the route pattern (`:id`) that the router registers.
enum AdminURL: Sendable, Equatable {
    case dashboard
    case users
    case user(Int?)
    case userDetails(Int?)
    case userRole(Int?)
    case userPassword(Int?)
    case userDelete(Int?)
    case supportContacts
    case supportContact(Int?)
    case supportContactDelete(Int?)
    case settings
    case freeSettings
    case freeSettingDelete(String?)
    case creatorModels
    case creatorModelNew
    case creatorModel(Int?)
    case creatorModelDelete(Int?)
    case creatorPostNew(modelID: Int?)
    case creatorPost(Int?)
    case creatorPostDelete(Int?)
    case offers
    case planNew
    case plan(Int?)
    case planDelete(Int?)
    case orderBumpNew
    case orderBump(Int?)
    case orderBumpDelete(Int?)
    case whitelabel
    case whitelabelStatus
    case whitelabelModel(Int?)
    case whitelabelSync
    case gateways
    case gatewayNew
    case gateway(Int?)
    case gatewayDelete(Int?)
    case checkouts
    case checkoutsCSV
    case checkout(Int?)
    case checkoutSimulate(Int?)
    case subscriptions
    case subscriptionGrant
    case subscriptionExtend(Int?)
    case subscriptionExpire(Int?)
    case subscriptionStopRenewal(Int?)
    case revenue
    case revenueRecurringCSV
    case ads
    case adNew
    case ad(Int?)
    case adDelete(Int?)
    case adDuplicate(Int?)
    case adPause(Int?)
    case adResume(Int?)
    case adAnalytics(Int?)
    case adAnalyticsCSV(Int?)
    case adPlacements
    case adPlacementsCSV
    case emails
    case email(Int?)
    /// The message's HTML alone, sandboxed, for the preview frame of its page.
    case emailHTML(Int?)
    case emailResend(Int?)
    case emailPreviews
    /// A template drawn with sample data, in a language (`pt-BR`, `en`); nil kind for the route.
    case emailPreview(MailKind?, language: String?)
    case emailPreviewHTML(MailKind?, language: String?)
    case emailTest

    static let prefix = "/admin"

    var path: String {
        switch self {
        case .dashboard: Self.prefix
        case .users: Self.prefix + "/usuarios"
        case .user(let id): AdminURL.users.path + "/" + Self.segment(id)
        case .userDetails(let id): AdminURL.user(id).path + "/dados"
        case .userRole(let id): AdminURL.user(id).path + "/papel"
        case .userPassword(let id): AdminURL.user(id).path + "/senha"
        case .userDelete(let id): AdminURL.user(id).path + "/excluir"
        case .supportContacts: Self.prefix + "/suporte"
        case .supportContact(let id): AdminURL.supportContacts.path + "/" + Self.segment(id)
        case .supportContactDelete(let id): AdminURL.supportContact(id).path + "/excluir"
        case .settings: Self.prefix + "/configuracoes"
        case .freeSettings: AdminURL.settings.path + "/chaves"
        case .creatorModels: Self.prefix + "/modelos"
        case .creatorModelNew: AdminURL.creatorModels.path + "/nova"
        case .creatorModel(let id): AdminURL.creatorModels.path + "/" + Self.segment(id)
        case .creatorModelDelete(let id): AdminURL.creatorModel(id).path + "/excluir"
        case .creatorPostNew(let modelID): AdminURL.creatorModel(modelID).path + "/publicacoes/nova"
        case .creatorPost(let id): Self.prefix + "/publicacoes/" + Self.segment(id)
        case .creatorPostDelete(let id): AdminURL.creatorPost(id).path + "/excluir"
        case .offers: Self.prefix + "/planos"
        case .planNew: AdminURL.offers.path + "/novo"
        case .plan(let id): AdminURL.offers.path + "/" + Self.segment(id)
        case .planDelete(let id): AdminURL.plan(id).path + "/excluir"
        case .orderBumpNew: AdminURL.offers.path + "/ofertas/nova"
        case .orderBump(let id): AdminURL.offers.path + "/ofertas/" + Self.segment(id)
        case .orderBumpDelete(let id): AdminURL.orderBump(id).path + "/excluir"
        case .whitelabel: Self.prefix + "/whitelabel"
        case .whitelabelStatus: AdminURL.whitelabel.path + "/situacao"
        case .whitelabelModel(let id): AdminURL.whitelabel.path + "/" + Self.segment(id)
        case .whitelabelSync: AdminURL.whitelabel.path + "/sincronizar"
        case .gateways: Self.prefix + "/gateways"
        case .gatewayNew: AdminURL.gateways.path + "/novo"
        case .gateway(let id): AdminURL.gateways.path + "/" + Self.segment(id)
        case .gatewayDelete(let id): AdminURL.gateway(id).path + "/excluir"
        case .checkouts: Self.prefix + "/checkouts"
        case .checkoutsCSV: AdminURL.checkouts.path + "/exportar.csv"
        case .checkout(let id): AdminURL.checkouts.path + "/" + Self.segment(id)
        case .checkoutSimulate(let id): AdminURL.checkout(id).path + "/simular-pagamento"
        case .subscriptions: Self.prefix + "/assinaturas"
        case .subscriptionGrant: AdminURL.subscriptions.path + "/conceder"
        case .subscriptionExtend(let id): AdminURL.subscriptions.path + "/" + Self.segment(id) + "/estender"
        case .subscriptionExpire(let id): AdminURL.subscriptions.path + "/" + Self.segment(id) + "/encerrar"
        case .subscriptionStopRenewal(let id):
            AdminURL.subscriptions.path + "/" + Self.segment(id) + "/desligar-renovacao"
        case .revenue: Self.prefix + "/receita"
        case .revenueRecurringCSV: Self.prefix + "/receita/recorrente.csv"
        case .ads: Self.prefix + "/anuncios"
        case .adNew: AdminURL.ads.path + "/novo"
        case .ad(let id): AdminURL.ads.path + "/" + Self.segment(id)
        case .adDelete(let id): AdminURL.ad(id).path + "/excluir"
        case .adDuplicate(let id): AdminURL.ad(id).path + "/duplicar"
        case .adPause(let id): AdminURL.ad(id).path + "/pausar"
        case .adResume(let id): AdminURL.ad(id).path + "/retomar"
        case .adAnalytics(let id): AdminURL.ad(id).path + "/analise"
        case .adAnalyticsCSV(let id): AdminURL.ad(id).path + "/analise.csv"
        case .adPlacements: AdminURL.ads.path + "/posicoes"
        case .adPlacementsCSV: AdminURL.ads.path + "/posicoes.csv"
        case .emails: Self.prefix + "/emails"
        case .email(let id): AdminURL.emails.path + "/" + (id.map(String.init) ?? ":id")
        case .emailHTML(let id): AdminURL.email(id).path + "/html"
        case .emailResend(let id): AdminURL.email(id).path + "/reenviar"
        case .emailPreviews: AdminURL.emails.path + "/modelos"
        case .emailPreview(let kind, let language):
            AdminURL.emailPreviews.path + "/" + (kind?.rawValue ?? ":kind") + "/" + (language ?? ":language")
        case .emailPreviewHTML(let kind, let language): AdminURL.emailPreview(kind, language: language).path + "/html"
        case .emailTest: AdminURL.emails.path + "/teste"
        case .freeSettingDelete(let key):
            AdminURL.freeSettings.path + "/"
                + (key.map { $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? $0 } ?? ":key")
                + "/excluir"
        }
    }

    private static func segment(_ id: Int?) -> String { id.map(String.init) ?? ":id" }

    var pathComponents: [PathComponent] {
        path.split(separator: "/").map { PathComponent(stringLiteral: String($0)) }
    }
}
