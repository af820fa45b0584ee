extension String {
    /// This text, safe inside a double-quoted HTML attribute. Plot escapes text nodes but writes attribute values
    /// as they are, so every attribute value that did not come from our own code goes through this first.
    var htmlAttributeEscaped: String {
        // By Unicode scalar, not by Character: `"` followed by a combining mark is one Character that is not `"`,
        // and would slip through a character-by-character check.
        var escaped = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            switch scalar {
            case "&": escaped.append(contentsOf: "&amp;".unicodeScalars)
            case "\"": escaped.append(contentsOf: "&quot;".unicodeScalars)
            case "'": escaped.append(contentsOf: "&#39;".unicodeScalars)
            case "<": escaped.append(contentsOf: "&lt;".unicodeScalars)
            case ">": escaped.append(contentsOf: "&gt;".unicodeScalars)
            default: escaped.append(scalar)
            }
        }
        return String(escaped)
    }
}
