// What the API says of a request that doesn't fit its operation's description, field by field.
extension Copy {
    public var apiNotAField: String { text("não é um campo desta requisição", "is not a field of this request") }
    public var apiRequired: String { text("é obrigatório", "is required") }
    public func apiMustBe(_ expected: String) -> String { text("deve ser \(expected)", "must be \(expected)") }
    public var apiAString: String { text("um texto", "a string") }
    public var apiAWholeNumber: String { text("um número inteiro", "a whole number") }
    public var apiANumber: String { text("um número", "a number") }
    public var apiTrueOrFalse: String { text("true ou false", "true or false") }
    public var apiAList: String { text("uma lista", "a list") }
    public var apiAnObject: String { text("um objeto", "an object") }
    public func apiOrNull(_ expected: String) -> String { text("\(expected) ou null", "\(expected) or null") }
    public func apiOutOfRange(from lower: Int, to upper: Int) -> String {
        text(
            "está fora do intervalo: deve ser de \(lower) a \(upper)",
            "is out of range: it must be from \(lower) to \(upper)")
    }
    public func apiNotOneOf(_ allowed: [String]) -> String {
        let list = allowed.joined(separator: ", ")
        return text("deve ser um destes: \(list)", "must be one of: \(list)")
    }
    public var apiNotADate: String { text("deve ser uma data, como AAAA-MM-DD", "must be a date, as YYYY-MM-DD") }
    public var apiNotADateTime: String {
        text(
            "deve ser data e hora em ISO 8601, como 2026-12-01T15:30:00Z",
            "must be a date and time in ISO 8601, as 2026-12-01T15:30:00Z")
    }
    public func apiUnknownSchema(_ name: String) -> String {
        text("não tem esquema chamado \(name)", "has no schema named \(name)")
    }
}

// What the site says of a request it refuses before any domain reads it: the body it can't read, the access it
// lacks, the record its path names that isn't there.
extension Copy {
    public var requestBodyNotJSON: String {
        text(
            "Envie o corpo como JSON, com Content-Type: application/json.",
            "Send the body as JSON, with Content-Type: application/json.")
    }
    public var requestBodyMissing: String {
        text("A requisição não tem corpo: envie um objeto JSON.", "The request has no body: send a JSON object.")
    }
    public var requestBodyInvalidJSON: String { text("O corpo não é um JSON válido.", "The body is not valid JSON.") }
    public var requestBodyUnreadable: String {
        text("Não foi possível ler o corpo da requisição.", "The request body could not be read.")
    }
    public func requestFieldMissing(_ path: String) -> String {
        text("Falta o campo '\(path)'.", "The field '\(path)' is missing.")
    }
    public func requestFieldWrongType(_ path: String) -> String {
        text("O campo '\(path)' tem o tipo errado.", "The field '\(path)' has the wrong type.")
    }
    public func requestFieldNotValid(_ path: String) -> String {
        text("O campo '\(path)' não é válido.", "The field '\(path)' is not valid.")
    }
    public var apiTokenUnknown: String {
        text("O token é desconhecido, expirou ou foi revogado.", "The bearer token is unknown, expired or revoked.")
    }
    public func apiSignInFirst(loginPath: String) -> String {
        text(
            "Entre primeiro: envie um token obtido em POST \(loginPath).",
            "Sign in first: send a bearer token from POST \(loginPath).")
    }
    public var adminsOnly: String { text("Esta área é só para administradores.", "This area is for admins only.") }
    public var mediaLinkInvalid: String {
        text("Este link de mídia não é válido ou expirou.", "This media link is not valid or has expired.")
    }
    public var apiServerError: String {
        text(
            "Algo deu errado do nosso lado. Tente de novo em instantes.",
            "Something went wrong on our side. Try again in a moment.")
    }

    public func valueTaken(_ constraint: String?) -> String {
        let named = constraint.map { " (\($0))" } ?? ""
        return text("Esse valor já está em uso\(named).", "That value is already taken\(named).")
    }
    public var recordReferenceBroken: String {
        text(
            "O registro aponta para algo que não existe, ou outros registros ainda apontam para ele.",
            "The record refers to something that does not exist, or is still referred to by other records.")
    }
    public func valueMissing(_ constraint: String?) -> String {
        let named = constraint.map { " (\($0))" } ?? ""
        return text("Falta um valor obrigatório\(named).", "A required value is missing\(named).")
    }
    public func valueNotAllowed(_ constraint: String?) -> String {
        let named = constraint.map { " (\($0))" } ?? ""
        return text(
            "Um valor não está entre os permitidos\(named).", "A value is not one of the allowed values\(named).")
    }
    public var uploadNotMultipart: String {
        text("Envie o formulário como multipart/form-data.", "Send the form as multipart/form-data.")
    }
    public var uploadUnreadable: String {
        text("Não foi possível ler o envio; envie de novo.", "The upload could not be read; send it again.")
    }
    public func uploadFieldTooLong(_ name: String) -> String {
        text("O campo '\(name)' é longo demais.", "The field '\(name)' is too long.")
    }

    /// A record a path names by id that isn't there.
    public enum Record: String, Sendable, CaseIterable {
        case model, post, plan, orderBump, checkout, user, paymentGateway, email
    }

    public func unknownRecord(_ record: Record) -> String {
        switch record {
        case .model: text("Essa modelo não existe.", "There is no such model.")
        case .post: text("Essa publicação não existe.", "There is no such post.")
        case .plan: text("Esse plano não existe.", "There is no such plan.")
        case .orderBump: text("Essa oferta adicional não existe.", "There is no such order bump.")
        case .checkout: text("Esse checkout não existe.", "There is no such checkout.")
        case .user: text("Esse usuário não existe.", "There is no such user.")
        case .paymentGateway: text("Esse gateway de pagamento não existe.", "There is no such payment gateway.")
        case .email: text("Esse e-mail não existe.", "There is no such e-mail.")
        }
    }

    public func gatewayNotReadyForPostbacks(_ name: String) -> String {
        text(
            "Nenhum gateway de pagamento '\(name)' está pronto para receber notificações.",
            "There is no payment gateway '\(name)' ready to take postbacks.")
    }
    public var sandboxTakesNoPostbacksInProduction: String {
        text(
            "O sandbox não recebe notificações em produção (ALLOW_SANDBOX_IN_PRODUCTION não está definido).",
            "The sandbox takes no postbacks in production (ALLOW_SANDBOX_IN_PRODUCTION is not set).")
    }
    public func dayRangeNotValid(maximumDays: Int) -> String {
        text(
            "Informe from e to como AAAA-MM-DD, from antes de to, em no máximo \(maximumDays) dias.",
            "Give from and to as yyyy-MM-dd, from before to, at most \(maximumDays) days.")
    }
    public func modelHasPosts(_ count: Int) -> String {
        text(
            "A modelo tem \(count) publicação(ões). Envie with_posts=true para excluí-las com ela.",
            "The model has \(count) post(s). Pass with_posts=true to delete them with it.")
    }
    public var simulationNeedsSandbox: String {
        text(
            "Só um checkout cobrado pelo gateway sandbox pode ser pago por simulação.",
            "Only a checkout charged by the sandbox gateway can be paid by simulation.")
    }
    public var renewalSimulationNeedsSandbox: String {
        text(
            "Só uma assinatura que o gateway sandbox renova pode ter a renovação simulada.",
            "Only a subscription the sandbox gateway renews can have its renewal simulated.")
    }
}
