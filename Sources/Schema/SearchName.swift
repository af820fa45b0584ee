import Foundation
import SQLKit

/// Names as search compares them: lower case, without accents or width variants, so "julia" finds "Júlia" and
/// "JULIA". Folded in Swift and stored beside the name, because neither database folds accents portably:
/// PostgreSQL's `unaccent` is an extension a host may not allow, and SQLite's `lower()` knows only ASCII.
public enum SearchName {
    public static func folded(_ name: String) -> String {
        name.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil).lowercased()
    }

    /// A LIKE pattern that finds `query` anywhere in a folded name; `\` escapes the wildcards typed in the query.
    public static func containsPattern(_ query: String) -> String {
        let escaped = folded(query).replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
        return "%" + escaped + "%"
    }

    /// The SQL condition "this row's `search_name` contains `query`", for both databases.
    public static func condition(matching query: String) -> SQLQueryString {
        "search_name LIKE \(bind: containsPattern(query)) ESCAPE '\\'"
    }
}
