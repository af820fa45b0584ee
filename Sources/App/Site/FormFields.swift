import Plot

/// What a form sends back when it is refused: the values to show again, and one message per field.
struct FormState: Sendable {
    var values: [String: String] = [:]
    var fieldErrors: [String: String] = [:]
    /// A message about the whole form, such as wrong credentials.
    var formError: String?

    subscript(value field: String) -> String { values[field] ?? "" }
}

/// Labelled inputs that show their error next to them and tell assistive technology about it.
enum FormFields {
    static func input(
        _ name: String, label: String, type: HTMLInputType = .text, state: FormState, autocomplete: String? = nil,
        hint: String? = nil, required: Bool = true, keepsValue: Bool = true
    ) -> Node<HTML.FormContext> {
        let error = state.fieldErrors[name]
        let describedBy = [hint.map { _ in "\(name)-hint" }, error.map { _ in "\(name)-error" }].compactMap { $0 }
        return .div(
            .class(error == nil ? "field" : "field has-error"),
            .label(.for(name), .text(label)),
            .input(
                .type(type), .name(name), .id(name),
                .value(keepsValue ? state[value: name] : ""),
                .required(required),
                .attribute(named: "autocomplete", value: autocomplete),
                .attribute(named: "aria-invalid", value: error == nil ? nil : "true"),
                .attribute(named: "aria-describedby", value: describedBy.isEmpty ? nil : describedBy.joined(separator: " "))
            ),
            .unwrap(hint) { .p(.class("hint"), .id("\(name)-hint"), .text($0)) },
            .unwrap(error) { .p(.class("field-error"), .id("\(name)-error"), .text($0)) }
        )
    }

    static func formError(_ state: FormState) -> Node<HTML.FormContext> {
        .unwrap(state.formError) { .p(.class("form-error"), .attribute(named: "role", value: "alert"), .text($0)) }
    }
}
