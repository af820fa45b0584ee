import Localization
import Vapor

/// The confirmation an admin page shows after a redirect, named in its `aviso` query parameter.
enum AdminNotice: String, Sendable {
    case saved = "salvo"
    case userCreated = "usuario-criado"
    case userDeleted = "usuario-excluido"
    case passwordReset = "senha-redefinida"
    case contactCreated = "contato-criado"
    case contactDeleted = "contato-excluido"
    case settingDeleted = "chave-excluida"
    case syncStarted = "sincronizacao-iniciada"
    case modelSaved = "modelo-salva"
    case modelDeleted = "modelo-excluida"
    case postSaved = "publicacao-salva"
    case postDeleted = "publicacao-excluida"
    case deleted = "excluido"
    case postbackSent = "postback-enviado"
    case postbackRefused = "postback-recusado"
    case subscriptionChanged = "assinatura-alterada"
    case adDuplicated = "anuncio-duplicado"
    case emailResent = "email-reenviado"
    case testEmailQueued = "email-de-teste"

    static let parameter = "aviso"

    func message(_ copy: Copy) -> String {
        switch self {
        case .emailResent: copy.emailResent
        case .testEmailQueued: copy.testEmailQueued
        case .saved: copy.saved
        case .userCreated: copy.userCreated
        case .userDeleted: copy.userDeleted
        case .passwordReset: copy.passwordReset
        case .contactCreated: copy.contactCreated
        case .contactDeleted: copy.contactDeleted
        case .settingDeleted: copy.settingDeleted
        case .syncStarted: copy.syncStarted
        case .modelSaved: copy.modelSaved
        case .modelDeleted: copy.modelDeleted
        case .postSaved: copy.postSaved
        case .postDeleted: copy.postDeleted
        case .deleted: copy.deleted
        case .postbackSent: copy.postbackSent
        case .postbackRefused: copy.postbackRefused
        case .subscriptionChanged: copy.subscriptionChanged
        case .adDuplicated: copy.adDuplicated
        }
    }
}

extension AdminURL {
    /// This page, showing `notice` once.
    func with(_ notice: AdminNotice) -> String { path + "?" + AdminNotice.parameter + "=" + notice.rawValue }
}

extension Request {
    var adminNotice: AdminNotice? {
        (try? query.get(String.self, at: AdminNotice.parameter)).flatMap(AdminNotice.init(rawValue:))
    }

    /// 303 See Other: after a form, the browser loads the next page with GET.
    func redirectAfterForm(to location: String) -> Response {
        redirect(to: location, redirectType: .normal)
    }
}
