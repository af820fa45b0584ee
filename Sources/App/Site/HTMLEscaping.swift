extension String {
    /// This text, safe inside a double-quoted HTML attribute. Plot escapes text nodes but writes attribute values
    /// as they are, so every attribute value that did not come from our own code goes through this first.
    var htmlAttributeEscaped: String {
        var escaped = ""
        escaped.reserveCapacity(utf8.count)
        for character in self {
            switch character {
            case "&": escaped += "&amp;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
