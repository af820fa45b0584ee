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
        hint: String? = nil, required: Bool = true, keepsValue: Bool = true, id: String? = nil
    ) -> Node<HTML.FormContext> {
        // Two forms on one page may send a field of the same name (a filter and a form); ids must differ.
        let id = id ?? name
        let error = state.fieldErrors[name]
        let describedBy = [hint.map { _ in "\(id)-hint" }, error.map { _ in "\(id)-error" }].compactMap { $0 }
        return .div(
            .class(error == nil ? "field" : "field has-error"),
            .label(.for(id), .text(label)),
            .input(
                .type(type), .name(name), .id(id),
                .value(keepsValue ? state[value: name].htmlAttributeEscaped : ""),
                .required(required),
                .attribute(named: "autocomplete", value: autocomplete),
                .attribute(named: "aria-invalid", value: error == nil ? nil : "true"),
                .attribute(
                    named: "aria-describedby", value: describedBy.isEmpty ? nil : describedBy.joined(separator: " "))
            ),
            .unwrap(hint) { .p(.class("hint"), .id("\(id)-hint"), .text($0)) },
            .unwrap(error) { .p(.class("field-error"), .id("\(id)-error"), .text($0)) }
        )
    }

    static func select(
        _ name: String, label: String, options: [(value: String, label: String)], state: FormState, hint: String? = nil
    ) -> Node<HTML.FormContext> {
        let error = state.fieldErrors[name]
        return .div(
            .class(error == nil ? "field" : "field has-error"),
            .label(.for(name), .text(label)),
            .select(
                .attribute(named: "name", value: name), .id(name),
                .forEach(options) { option in
                    .option(
                        .value(option.value.htmlAttributeEscaped), .label(option.label.htmlAttributeEscaped),
                        .isSelected(state[value: name] == option.value))
                }
            ),
            .unwrap(hint) { .p(.class("hint"), .text($0)) },
            .unwrap(error) { .p(.class("field-error"), .id("\(name)-error"), .text($0)) }
        )
    }

    static func textArea(_ name: String, label: String, state: FormState, hint: String? = nil, rows: Int = 3) -> Node<
        HTML.FormContext
    > {
        let error = state.fieldErrors[name]
        return .div(
            .class(error == nil ? "field" : "field has-error"),
            .label(.for(name), .text(label)),
            .textarea(.name(name), .id(name), .rows(rows), .text(state[value: name])),
            .unwrap(hint) { .p(.class("hint"), .text($0)) },
            .unwrap(error) { .p(.class("field-error"), .id("\(name)-error"), .text($0)) }
        )
    }

    /// A checkbox. Unchecked boxes send nothing, so the form's handler reads a missing field as false.
    static func checkbox(_ name: String, label: String, isChecked: Bool) -> Node<HTML.FormContext> {
        .div(
            .class("field checkbox"),
            .input(.type(.checkbox), .name(name), .id(name), .value("true"), .checked(isChecked)),
            .label(.for(name), .text(label))
        )
    }

    static func formError(_ state: FormState) -> Node<HTML.FormContext> {
        .unwrap(state.formError) { .p(.class("form-error"), .attribute(named: "role", value: "alert"), .text($0)) }
    }
}
