import APISchema
import Commerce
import Payments
import Schema
import Vapor

/// An API Pix gateway's settings as the admin form and the API take them: flat fields, any of which may be left
/// out to keep what is stored. The client id is the gateway's `public_key` and the client secret its
/// `secret_key`.
struct APIPixSettingsFields: Content {
    var apiBaseUrl: String?
    var tokenUrl: String?
    var tokenRequestFormat: String?
    var scopes: String?
    var pixKey: String?
    var accountBranch: String?
    var accountNumber: String?
    var accountKind: String?
    var serverTrustRoots: String?

    init(_ settings: APIPixSettings?) {
        apiBaseUrl = settings?.apiBaseURL
        tokenUrl = settings?.tokenURL
        tokenRequestFormat = settings?.tokenRequestFormat.rawValue
        scopes = settings?.scopes
        pixKey = settings?.pixKey
        accountBranch = settings?.receiverAccount?.branch
        accountNumber = settings?.receiverAccount?.number
        accountKind = settings?.receiverAccount?.kind.rawValue
        serverTrustRoots = settings?.serverTrustRootsPEM
    }

    /// The settings these fields make over the stored ones; nil when no field was given (keep the stored).
    func settings(over stored: APIPixSettings?) -> APIPixSettings? {
        let given: [Any?] = [
            apiBaseUrl, tokenUrl, tokenRequestFormat, scopes, pixKey, accountBranch, accountNumber, accountKind,
            serverTrustRoots,
        ]
        guard given.contains(where: { $0 != nil }) else { return nil }
        func trimmed(_ text: String?) -> String? {
            text.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        }
        func optional(_ text: String?, _ current: String?) -> String? {
            guard let text = trimmed(text) else { return current }
            return text.isEmpty ? nil : text
        }
        let number = optional(accountNumber, stored?.receiverAccount?.number)
        let account = number.map {
            APIPixSettings.ReceiverAccount(
                branch: optional(accountBranch, stored?.receiverAccount?.branch), number: $0,
                kind: accountKind.flatMap(APIPixSettings.ReceiverAccount.Kind.init(rawValue:))
                    ?? stored?.receiverAccount?.kind ?? .checking)
        }
        return APIPixSettings(
            apiBaseURL: trimmed(apiBaseUrl) ?? stored?.apiBaseURL ?? "",
            tokenURL: trimmed(tokenUrl) ?? stored?.tokenURL ?? "",
            tokenRequestFormat: tokenRequestFormat.flatMap(APIPixSettings.TokenRequestFormat.init(rawValue:))
                ?? stored?.tokenRequestFormat ?? .form,
            scopes: optional(scopes, stored?.scopes), pixKey: trimmed(pixKey) ?? stored?.pixKey ?? "",
            receiverAccount: account, serverTrustRootsPEM: optional(serverTrustRoots, stored?.serverTrustRootsPEM))
    }

    /// The answer's `settings`: nothing in it is secret.
    static let schema = JSONSchema.object(
        [
            .init(
                "api_base_url",
                .string(description: "The API's address with its version, e.g. https://pix.example.com/api/v2.")),
            .init("token_url", .string(description: "The OAuth token endpoint.")),
            .init("token_request_format", .enumeration(APIPixSettings.TokenRequestFormat.self)),
            .init("scopes", .nullable(.string(description: "Space-separated; absent asks for the client's default."))),
            .init("pix_key", .string(description: "The receiver's Pix key.")),
            .init("account_branch", .nullable(.string(description: "The receiver's branch, up to 4 digits."))),
            .init(
                "account_number",
                .nullable(
                    .string(
                        description:
                            "The receiver's account, up to 20 digits: where Pix Automático's recurring charges pay."))),
            .init("account_kind", .nullable(.enumeration(APIPixSettings.ReceiverAccount.Kind.self))),
            .init("server_trust_roots", .nullable(.string(description: "PEM roots for a PSP server on a private CA."))),
        ], required: [])
}
