import Foundation

/// What tells one PSP's API Pix apart from another's: where it lives, how it hands out tokens, and the receiver's
/// own key and account there. Stored as JSON with the gateway (`payment_gateways.settings`); the credentials
/// (client id, client secret, client certificate) are the gateway's sealed secrets, not settings.
public struct APIPixSettings: Codable, Sendable, Equatable {
    /// How the PSP wants the client-credentials grant sent: RFC 6749's form (most), or a JSON body (Efí).
    public enum TokenRequestFormat: String, Codable, Sendable, CaseIterable {
        case form
        case json
    }

    /// The receiver's account at the PSP, which each recurring charge (`cobr`) names as where the money goes.
    public struct ReceiverAccount: Codable, Sendable, Equatable {
        public enum Kind: String, Codable, Sendable, CaseIterable {
            case checking = "CORRENTE"
            case savings = "POUPANCA"
            case payment = "PAGAMENTO"
        }
        /// Up to 4 digits; absent for a payment account.
        public var branch: String?
        /// Up to 20 digits, the check digit included.
        public var number: String
        public var kind: Kind

        public init(branch: String?, number: String, kind: Kind) {
            self.branch = branch
            self.number = number
            self.kind = kind
        }
    }

    /// The API's address with its version, e.g. `https://pix.example.com/api/v2`: paths such as `/rec` follow it.
    public var apiBaseURL: String
    /// The OAuth token endpoint, e.g. `https://pix.example.com/oauth/token`.
    public var tokenURL: String
    public var tokenRequestFormat: TokenRequestFormat
    /// The scopes to ask for, space-separated; nil asks for the client's default (most PSPs grant all).
    public var scopes: String?
    /// The receiver's Pix key (chave), which each immediate charge names.
    public var pixKey: String
    public var receiverAccount: ReceiverAccount?
    /// PEM roots the PSP's server certificate must chain to, when they aren't the system's (a homologation
    /// server on a private CA).
    public var serverTrustRootsPEM: String?

    /// Snake case as stored and as the admin API names them.
    enum CodingKeys: String, CodingKey {
        case apiBaseURL = "api_base_url"
        case tokenURL = "token_url"
        case tokenRequestFormat = "token_request_format"
        case scopes
        case pixKey = "pix_key"
        case receiverAccount = "receiver_account"
        case serverTrustRootsPEM = "server_trust_roots"
    }

    public init(
        apiBaseURL: String, tokenURL: String, tokenRequestFormat: TokenRequestFormat = .form, scopes: String? = nil,
        pixKey: String, receiverAccount: ReceiverAccount? = nil, serverTrustRootsPEM: String? = nil
    ) {
        self.apiBaseURL = apiBaseURL
        self.tokenURL = tokenURL
        self.tokenRequestFormat = tokenRequestFormat
        self.scopes = scopes
        self.pixKey = pixKey
        self.receiverAccount = receiverAccount
        self.serverTrustRootsPEM = serverTrustRootsPEM
    }

    /// Why a setting can't be used.
    public enum Problem: String, Error, Sendable, Equatable {
        /// API Pix is served over TLS only.
        case addressNotHTTPS = "address_not_https"
        case pixKeyInvalid = "pix_key_invalid"
        case accountNumberInvalid = "account_number_invalid"
        case branchInvalid = "branch_invalid"
        case scopesTooLong = "scopes_too_long"
        case trustRootsNotPEM = "trust_roots_not_pem"
    }

    /// What is wrong with these settings, by field (as the admin form and API name them); empty when they can be
    /// used.
    public var problems: [String: Problem] {
        var problems: [String: Problem] = [:]
        for (field, address) in [("api_base_url", apiBaseURL), ("token_url", tokenURL)] {
            if let url = URL(string: address), url.scheme == "https", url.host?.isEmpty == false { continue }
            problems[field] = .addressNotHTTPS
        }
        if pixKey.trimmingCharacters(in: .whitespaces).isEmpty || pixKey.count > 77 {
            problems["pix_key"] = .pixKeyInvalid
        }
        if let account = receiverAccount {
            if !(1...20).contains(account.number.count) || !account.number.allSatisfy(\.isNumber) {
                problems["account_number"] = .accountNumberInvalid
            }
            if let branch = account.branch, !(1...4).contains(branch.count) || !branch.allSatisfy(\.isNumber) {
                problems["account_branch"] = .branchInvalid
            }
        }
        if let scopes, scopes.count > 500 { problems["scopes"] = .scopesTooLong }
        if let roots = serverTrustRootsPEM, !roots.isEmpty,
            !ClientIdentity.pemBlocks(roots).contains(where: { $0.label == "CERTIFICATE" })
        {
            problems["server_trust_roots"] = .trustRootsNotPEM
        }
        return problems
    }
}
