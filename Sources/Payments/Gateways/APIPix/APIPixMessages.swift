import Foundation

/// The bodies API Pix 2.8.2 sends and answers (`bacen/pix-api`, tag 2.8.2, `openapi.yaml`), as far as we read
/// them. Every answer is decoded leniently: the spec's own examples break its schemas (A.6 of
/// `docs/research/recurring-providers.md`), so only ids and statuses are required.
enum APIPixMessages {
    struct Money: Codable {
        var original: String
    }

    struct Debtor: Codable {
        var cpf: String
        var nome: String
    }

    struct AdditionalInfo: Codable {
        var nome: String
        var valor: String
    }

    // MARK: cob (the immediate charge)

    struct CobRequest: Encodable {
        struct Calendar: Encodable { var expiracao: Int }
        var calendario: Calendar
        var devedor: Debtor
        var valor: Money
        var chave: String
        var solicitacaoPagador: String?
        var infoAdicionais: [AdditionalInfo]
    }

    struct Cob: Decodable {
        var txid: String
        var status: String
        var valor: Money?
        var pixCopiaECola: String?
        var infoAdicionais: [AdditionalInfo]?
        var pix: [Payment]?
    }

    /// A Pix that paid a charge, with any refunds of it.
    struct Payment: Decodable {
        struct Refund: Decodable {
            var valor: String?
            var status: String?
            /// `ORIGINAL` for a refund the receiver made; `MED_…` for one the Pix dispute mechanism took back.
            var natureza: String?
        }
        var endToEndId: String?
        var txid: String?
        var valor: String?
        var devolucoes: [Refund]?
    }

    // MARK: locrec and rec (the recurrence)

    struct LocationRec: Decodable {
        var id: Int64
        var location: String?
    }

    struct RecRequest: Encodable {
        struct Link: Encodable {
            var contrato: String
            var devedor: Debtor
            var objeto: String?
        }
        struct Calendar: Encodable {
            var dataInicial: String
            var periodicidade: String
        }
        struct Value: Encodable { var valorRec: String }
        var vinculo: Link
        var calendario: Calendar
        var valor: Value
        var politicaRetentativa: String
        var loc: Int64
    }

    struct RecActivation: Encodable {
        struct Activation: Encodable {
            struct Journey: Encodable { var txid: String }
            var dadosJornada: Journey
        }
        var ativacao: Activation
    }

    struct RecStatusChange: Encodable {
        var status: String
    }

    struct Rec: Decodable {
        struct Link: Decodable { var contrato: String? }
        struct Value: Decodable {
            var valorRec: String?
            var valorMinimoRecebedor: String?
        }
        struct QR: Decodable {
            var jornada: String?
            var pixCopiaECola: String?
        }
        var idRec: String
        var status: String
        var vinculo: Link?
        var valor: Value?
        var dadosQR: QR?
    }

    // MARK: cobr (a recurring cycle's charge)

    struct CobRRequest: Encodable {
        struct Calendar: Encodable { var dataDeVencimento: String }
        struct Receiver: Encodable {
            var conta: String
            var tipoConta: String
            var agencia: String?
        }
        var idRec: String
        var infoAdicional: String
        var calendario: Calendar
        var valor: Money
        var ajusteDiaUtil: Bool
        var recebedor: Receiver
    }

    struct CobR: Decodable {
        var idRec: String?
        var txid: String
        var status: String
        var valor: Money?
        var infoAdicional: String?
        var pix: [Payment]?
    }

    // MARK: Webhooks

    struct WebhookRegistration: Encodable {
        var webhookUrl: String
    }

    /// One callback: `{url}/pix`, `{url}/rec` or `{url}/cobr`, told apart by what the body holds.
    struct Callback: Decodable {
        struct RecNotice: Decodable {
            var idRec: String
            var status: String?
        }
        struct CobRNotice: Decodable {
            var idRec: String?
            var txid: String
            var status: String?
        }
        var pix: [Payment]?
        var recs: [RecNotice]?
        var cobsr: [CobRNotice]?
    }

    // MARK: OAuth and errors

    struct TokenAnswer: Decodable {
        var accessToken: String
        var expiresIn: Double?

        enum CodingKeys: String, CodingKey {
            case accessToken = "access_token"
            case expiresIn = "expires_in"
        }
    }

    /// RFC 7807 as API Pix uses it (`Problema`): its `type` ends in the error's name (`…/error/RecNaoEncontrada`).
    struct Problem: Decodable {
        struct Violation: Decodable {
            var razao: String?
            var propriedade: String?
        }
        var type: String?
        var title: String?
        var detail: String?
        var violacoes: [Violation]?
        /// OAuth servers answer RFC 6749's `{"error": …, "error_description": …}` instead.
        var error: String?
        var errorDescription: String?

        enum CodingKeys: String, CodingKey {
            case type, title, detail, violacoes, error
            case errorDescription = "error_description"
        }

        /// The error's name, the last part of `type`.
        var name: String? { type?.split(separator: "/").last.map(String.init) }

        var message: String {
            var parts: [String] = []
            if let name { parts.append(name) }
            if let title, !title.isEmpty { parts.append(title) }
            if let detail, !detail.isEmpty { parts.append(detail) }
            if let error { parts.append(error) }
            if let errorDescription { parts.append(errorDescription) }
            let reasons = (violacoes ?? []).compactMap { violation in
                violation.razao.map { reason in violation.propriedade.map { "\($0): \(reason)" } ?? reason }
            }
            if !reasons.isEmpty { parts.append(reasons.joined(separator: "; ")) }
            return parts.joined(separator: " — ")
        }
    }
}
