import Plot

extension String {
    /// This text, safe inside a double-quoted HTML attribute. Plot escapes text nodes but writes attribute values
    /// as they are, so every attribute value that did not come from our own code goes through this first.
    var htmlAttributeEscaped: String {
        // Byte by byte: the five characters are ASCII, and no byte of a multi-byte UTF-8 sequence is ASCII, so
        // this is exact, also for `"` followed by a combining mark (one Character that is not `"`).
        // Most values (paths, names) need nothing, and are returned as they are.
        guard utf8.contains(where: { $0 == 0x26 || $0 == 0x22 || $0 == 0x27 || $0 == 0x3C || $0 == 0x3E }) else {
            return self
        }
        var escaped: [UInt8] = []
        escaped.reserveCapacity(utf8.count + 32)
        for byte in utf8 {
            switch byte {
            case 0x26: escaped.append(contentsOf: "&amp;".utf8)
            case 0x22: escaped.append(contentsOf: "&quot;".utf8)
            case 0x27: escaped.append(contentsOf: "&#39;".utf8)
            case 0x3C: escaped.append(contentsOf: "&lt;".utf8)
            case 0x3E: escaped.append(contentsOf: "&gt;".utf8)
            default: escaped.append(byte)
            }
        }
        return String(decoding: escaped, as: UTF8.self)
    }
}

extension Attribute where Context == HTML.ImageContext {
    /// `alt=""`: a picture that only decorates what its text already says (a logo beside the site's name, a model's
    /// picture on a card with her name), which screen readers then skip. Plot leaves out an empty attribute
    /// unless told to keep it, and an image without `alt` is read out as its file name.
    static var decorative: Attribute { Attribute(name: "alt", value: "", ignoreIfValueIsEmpty: false) }
}
