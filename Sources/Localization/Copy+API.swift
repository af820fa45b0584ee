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
