import Localization
import Vapor

extension Request {
    /// A form's change, in the one shape the admin's forms share: `change` runs, and the browser is sent on to the
    /// address it returns; a `Refusal` draws the form again with what was typed, each refused field's message in
    /// the page's language, and the refusal's status.
    func submitForm(
        keeping values: [String: String], _ change: () async throws -> String,
        orRedraw redraw: (PageContext, FormState, HTTPResponseStatus) async throws -> Response
    ) async throws -> Response {
        do {
            return redirectAfterForm(to: try await change())
        } catch let refused as Refusal {
            let context = await pageContext()
            return try await redraw(context, FormState(refused, values: values, copy: context.copy), refused.status)
        }
    }
}

extension FormState {
    /// The form as it was sent, with a refusal's messages beside its fields, and above them its reason for the
    /// whole when it has one.
    init(_ refusal: Refusal, values: [String: String], copy: Copy) {
        self.init(
            values: values, fieldErrors: refusal.messages(copy),
            formError: refusal.reason?.message(copy) ?? copy.fixTheFields)
    }
}
