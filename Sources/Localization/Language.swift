/// A language the site speaks. Brazilian Portuguese is the default; English is the variant.
public enum SiteLanguage: String, CaseIterable, Sendable, Codable {
    case portuguese = "pt-BR"
    case english = "en"

    /// The language of an `Accept-Language` header: the first listed language we speak, by quality.
    /// Nil when the header names none of ours.
    public static func preferred(byAcceptLanguage header: String) -> SiteLanguage? {
        let ranges = header.split(separator: ",").enumerated().compactMap {
            position, item -> (tag: String, quality: Double, position: Int)? in
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = parts.first?.lowercased(), !tag.isEmpty else { return nil }
            var quality = 1.0
            for parameter in parts.dropFirst() where parameter.lowercased().hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)) ?? 0
            }
            return (tag, quality, position)
        }
        let ordered = ranges.filter { $0.quality > 0 }.sorted {
            ($0.quality, -$0.position) > ($1.quality, -$1.position)
        }
        for range in ordered {
            if range.tag.hasPrefix("pt") { return .portuguese }
            if range.tag.hasPrefix("en") { return .english }
        }
        return nil
    }

    /// The value of the `lang` attribute on `<html>`.
    public var htmlCode: String { rawValue }
}

/// How the operator chose the site's language in `admin_settings`: one language for everyone, or each
/// visitor's browser preference.
public enum SiteLanguageSetting: String, CaseIterable, Sendable {
    case portuguese = "pt-BR"
    case english = "en"
    /// Follows `Accept-Language`, falling back to Portuguese.
    case browser = "auto"

    public func language(acceptLanguage header: String?) -> SiteLanguage {
        switch self {
        case .portuguese: .portuguese
        case .english: .english
        case .browser: header.flatMap(SiteLanguage.preferred(byAcceptLanguage:)) ?? .portuguese
        }
    }
}
