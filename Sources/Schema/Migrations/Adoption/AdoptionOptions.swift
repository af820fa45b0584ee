/// How `migrate` may treat the values and the time zone of a database it adopts, from its flags.
public struct AdoptionOptions: Sendable, Equatable {
    /// The zone the original app's `timestamp without time zone` values were written in (its server's).
    public var sourceTimeZone = "UTC"
    /// `table.column` → old value → the value CreatorFlix knows (`--map-value ads.placement:topo=home_top`).
    public var valueMaps: [String: [String: String]] = [:]
    /// `table.column` whose values are kept as they are, with no CHECK added (`--keep-values ads.placement`).
    public var keptColumns: Set<String> = []

    public init() {}

    /// The batch adoption records the original's steps in, in Fluent's `_fluent_migrations`: below any the
    /// migrator gives (it starts at 1), so `migrate --revert` can tell a step that made the original's tables
    /// from one CreatorFlix applied.
    public static let adoptedBatch = 0

    /// Reads `--map-value table.column:from=to`; false when it is not in that form.
    public mutating func addValueMap(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":"), let equals = text[colon...].firstIndex(of: "=") else {
            return false
        }
        let path = String(text[..<colon])
        let from = String(text[text.index(after: colon)..<equals])
        let to = String(text[text.index(after: equals)...])
        // An empty `from` maps the empty text, which the original's columns allowed.
        guard path.split(separator: ".").count == 2, !to.isEmpty else { return false }
        valueMaps[path, default: [:]][from] = to
        return true
    }
}
