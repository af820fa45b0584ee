import APISchema
import Foundation
import Localization
import Site
import Vapor

/// Refuses text that carries control characters (Unicode's Cc: U+0000–U+001F and U+007F–U+009F), at the edge,
/// before any handler reads it: every query parameter, every field of a JSON or form body, and (through
/// `UploadReceiver`) the text fields of an upload. PostgreSQL refuses a NUL outright (22021), and no name, e-mail
/// or search needs any of them; tab and line breaks pass in the fields that are written on several lines. The
/// answer is a 422 that names each refused field.
struct ControlCharacterGuard: AsyncMiddleware {
    /// The fields people write on several lines (textareas, and their API twins): tab, CR and LF pass there.
    static let multiLineFields: Set<String> = [
        "description", "benefits", "value", "note", KnownSetting.supportText.rawValue, KnownSetting.tagline.rawValue,
        // PEM text: an API Pix gateway's client certificate and its PSP's trust roots.
        "client_certificate", "server_trust_roots",
    ]

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // A path that decodes to a control character names nothing this site has; nor does a segment longer than a
        // file name may be (255 bytes), which the static files' lookup would otherwise fail on with a 500.
        if let path = request.url.path.removingPercentEncoding,
            path.unicodeScalars.contains(where: Self.isControl)
                || path.split(separator: "/").contains(where: { $0.utf8.count > 255 })
        {
            throw Abort(.notFound)
        }
        var refused = Self.refusedFields(formEncoded: request.url.query ?? "")
        if Self.changesState(request.method), let kind = Self.bodyKind(request.headers.contentType) {
            if request.body.data == nil {
                _ = try await request.body.collect(max: request.application.routes.defaultMaxBodySize.value).get()
            }
            if let body = request.body.data {
                let bytes = Data(buffer: body)
                switch kind {
                case .json: refused.formUnion(Self.refusedFields(json: bytes))
                case .form: refused.formUnion(Self.refusedFields(formEncoded: String(decoding: bytes, as: UTF8.self)))
                }
            }
        }
        guard refused.isEmpty else { throw ControlCharacters.refusal(refused.sorted()) }
        return try await next.respond(to: request)
    }

    enum BodyKind { case json, form }

    /// Multipart bodies stream to disk: `UploadReceiver` checks their text fields with `refusedFields(in:)`.
    static func bodyKind(_ contentType: HTTPMediaType?) -> BodyKind? {
        guard let contentType else { return nil }
        if contentType.type == "application", contentType.subType == "json" || contentType.subType.hasSuffix("+json") {
            return .json
        }
        if contentType == .urlEncodedForm { return .form }
        return nil
    }

    static func changesState(_ method: HTTPMethod) -> Bool { ![.GET, .HEAD, .OPTIONS].contains(method) }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// Whether a field's text may be kept: no control character, but tab and line breaks in a multi-line field.
    static func isAcceptable(_ text: String, field: String) -> Bool {
        let multiLine = multiLineFields.contains(field)
        return !text.unicodeScalars.contains {
            isControl($0) && !(multiLine && ($0 == "\t" || $0 == "\n" || $0 == "\r"))
        }
    }

    /// Fields by name (an upload's text fields).
    static func refusedFields(in fields: [String: String]) -> Set<String> {
        Set(
            fields.compactMap { name, value in
                isAcceptable(name, field: "") && isAcceptable(value, field: name) ? nil : printable(name)
            })
    }

    /// `a=1&b=2`, as a query string or a form body: `+` is a space and `%00` a NUL.
    static func refusedFields(formEncoded text: String) -> Set<String> {
        var refused = Set<String>()
        for (name, value) in FormEncoding.pairs(text) {
            // `bump_ids[]` and `tags[0]` are fields `bump_ids` and `tags`.
            let field = name.firstIndex(of: "[").map { String(name[..<$0]) } ?? name
            if !isAcceptable(name, field: "") || !isAcceptable(value, field: field) { refused.insert(printable(field)) }
        }
        return refused
    }

    /// A JSON body's strings and keys, with their paths as the request writes them: `customer.name`, `tags[2]`.
    /// A body that is not JSON is left for the decoder to refuse.
    static func refusedFields(json data: Data) -> Set<String> {
        guard let root = try? JSONDecoder().decode(JSONValue.self, from: data) else { return [] }
        var refused = Set<String>()
        func visit(_ value: JSONValue, path: String, field: String) {
            switch value {
            case .string(let text):
                if !isAcceptable(text, field: field) { refused.insert(path.isEmpty ? "body" : path) }
            case .object(let object):
                for (key, member) in object {
                    let memberPath = path.isEmpty ? printable(key) : path + "." + printable(key)
                    if !isAcceptable(key, field: "") { refused.insert(memberPath) }
                    visit(member, path: memberPath, field: key)
                }
            case .array(let array):
                for (index, element) in array.enumerated() { visit(element, path: "\(path)[\(index)]", field: field) }
            case .null, .bool, .number:
                break
            }
        }
        visit(root, path: "", field: "")
        return refused
    }

    /// A field's name as it can be shown: its control characters written as `\u0000`.
    static func printable(_ name: String) -> String {
        String(
            String.UnicodeScalarView(
                name.unicodeScalars.flatMap { scalar -> [Unicode.Scalar] in
                    guard isControl(scalar) else { return [scalar] }
                    return Array(String(format: "\\u%04X", scalar.value).unicodeScalars)
                }))
    }
}

/// Text with a control character in it: a field no form's input could have sent.
struct ControlCharacters: RefusalReason {
    func message(_ copy: Copy) -> String { copy.controlCharactersRefused }

    /// The fields refused for them.
    static func refusal(_ fields: [String]) -> Refusal {
        Refusal.invalid(Dictionary(uniqueKeysWithValues: fields.map { ($0, ControlCharacters()) }))
    }
}

/// `a=1&b=2`, as a query string or a form body is written: `+` is a space and `%00` a NUL. The control-character
/// guard and the API's query check read it the same way.
enum FormEncoding {
    static func pairs(_ text: String) -> [(name: String, value: String)] {
        text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (decoded(parts[0]), parts.count > 1 ? decoded(parts[1]) : "")
        }
    }

    private static func decoded(_ part: Substring) -> String {
        let spaced = part.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
