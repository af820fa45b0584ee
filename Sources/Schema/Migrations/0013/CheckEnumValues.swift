/// Our step 0013: on PostgreSQL, CHECK constraints hold each enumerated column to the values of its Swift enum,
/// so a raw SQL write can't store a status the application doesn't know. SQLite can't add a constraint to an
/// existing table, and there the Fluent models' enums keep the values in line; this step changes nothing on it.
///
/// On the original app's database, whose enums were text with no CHECK, `migrate` has listed any value outside
/// these sets before it began (`OriginalInspection`); the operator's flags map such values here, before the
/// constraint, or keep a column's values and leave it without one.
struct CheckEnumValues: SchemaStep {
    var name: String { "0013_check_enum_values" }
    /// `table.column` → old value → new value.
    var valueMaps: [String: [String: String]] = [:]
    /// `table.column` left without its CHECK.
    var keptColumns: Set<String> = []

    typealias EnumColumn = CheckedEnumColumn

    /// Also made again by step 0030, which added `past_due`.
    static let subscriptionStatus = EnumColumn(
        "subscriptions", "status", SubscriptionStatus.self, emptyGets: SubscriptionStatus.pending,
        mustBeMapped: "a subscription's status is its member's access, which renewals and refunds move")

    static let enumColumns: [EnumColumn] = [
        .init("users", "role", UserRole.self, emptyGets: UserRole.user),
        .init("users", "subscription_status", UserSubscriptionStatus.self, emptyGets: UserSubscriptionStatus.none),
        subscriptionStatus,
        .init("posts", "type", MediaType.self),
        .init("whitelabel_models", "status", WhitelabelModelStatus.self, emptyGets: WhitelabelModelStatus.new),
        .init("whitelabel_media", "type", MediaType.self, readByTheModelAsOptional: true),
        .init(
            "checkouts", "status", CheckoutStatus.self, emptyGets: CheckoutStatus.pending,
            mustBeMapped: "a checkout's status is what its payment's postback moves, and a real payment would find "
                + "none of the states it moves from"),
        .init("checkouts", "payment_method", PaymentMethod.self, readByTheModelAsOptional: true),
        .init(
            "ads", "type", AdType.self, emptyGets: AdType.banner,
            mustBeMapped: "an ad's type and placement decide where it shows, and saving the ad in the admin would "
                + "replace a kept one with whatever the form read"),
        .init(
            "ads", "placement", AdPlacement.self, emptyGets: AdPlacement.homeTop,
            mustBeMapped: "an ad's type and placement decide where it shows, and saving the ad in the admin would "
                + "replace a kept one with whatever the form read"),
        .init("ads", "status", AdStatus.self, emptyGets: AdStatus.draft),
    ]

    func forward(on schema: SchemaConnection) async throws {
        guard schema.flavor == .postgres else { return }
        for check in Self.enumColumns {
            // A NULL, which the original's nullable columns allowed, gets the column's default: the models read
            // these columns as never empty, and a CHECK lets NULL through.
            if let empty = check.emptyGets {
                try await schema.sql.raw(
                    """
                    UPDATE \(ident: check.table) SET \(ident: check.column) = CAST(\(bind: empty) AS \(unsafeRaw: check.sqlType))
                    WHERE \(ident: check.column) IS NULL
                    """
                ).run()
            }
            // A column may have some values mapped and the rest kept.
            for (from, to) in (valueMaps[check.path] ?? [:]).sorted(by: { $0.key < $1.key }) {
                try await schema.sql.raw(
                    """
                    UPDATE \(ident: check.table) SET \(ident: check.column) = CAST(\(bind: to) AS \(unsafeRaw: check.sqlType))
                    WHERE \(ident: check.column)::text = \(bind: from)
                    """
                ).run()
                // The ads' events name their placement too (step 0011), and the figures per placement read them.
                for events in check.path == "ads.placement" ? ["impressions", "clicks"] : [] {
                    try await schema.sql.raw(
                        "UPDATE \(ident: events) SET placement = \(bind: to) WHERE placement = \(bind: from)"
                    ).run()
                }
            }
            if !keptColumns.contains(check.path) { try await schema.addCheck(check) }
        }
    }

    func backward(on schema: SchemaConnection) async throws {
        guard schema.flavor == .postgres else { return }
        // `dropCheck` is IF EXISTS: a column kept without its CHECK has none to drop.
        for check in Self.enumColumns.reversed() {
            try await schema.dropCheck(check)
        }
    }
}

/// An enumerated column held to its Swift enum's values by a CHECK on PostgreSQL (step 0013).
public struct CheckedEnumColumn: Sendable {
    public let table: String
    public let column: String
    /// The allowed values as text (`'1'` for an integer column's 1).
    public let allowed: [String]
    /// SQL literals of the allowed values.
    let allowedValues: [String]
    /// What the model reads a value outside `allowed` as (`EnumeratedColumnValue`); nil where the model reads
    /// the column as optional, and such a value as none.
    public let readingOfAnUnknownValue: String?
    /// Why `--keep-values` can't keep this column's values; nil where the reading acts as the kept value would,
    /// so that the site, or an admin saving the row as it reads, changes nothing by it.
    public let whyItMustBeMapped: String?
    /// What a NULL becomes (the column's default), where the model reads the column as never empty.
    public let emptyGets: String?

    init<E: CaseIterable & RawRepresentable<String>>(
        _ table: String, _ column: String, _: E.Type, readByTheModelAsOptional: Bool = false, emptyGets empty: E? = nil,
        mustBeMapped reason: String? = nil
    ) {
        self.whyItMustBeMapped = reason
        self.emptyGets = empty?.rawValue
        self.table = table
        self.column = column
        self.allowed = E.allCases.map(\.rawValue)
        self.allowedValues = E.allCases.map { "'\($0.rawValue)'" }
        self.readingOfAnUnknownValue =
            readByTheModelAsOptional
            ? nil : (E.self as? any EnumeratedColumnValue.Type)?.readingOfAnUnknownValue.rawValue
    }

    init<E: CaseIterable & RawRepresentable<Int>>(_ table: String, _ column: String, _: E.Type, emptyGets empty: E) {
        self.emptyGets = String(empty.rawValue)
        self.table = table
        self.column = column
        self.allowed = E.allCases.map { String($0.rawValue) }
        self.allowedValues = E.allCases.map { String($0.rawValue) }
        self.readingOfAnUnknownValue = nil
        self.whyItMustBeMapped = nil
    }

    public var path: String { "\(table).\(column)" }
    /// The column's PostgreSQL type, for a value written into it as text.
    var sqlType: String { allowedValues.first?.hasPrefix("'") == false ? "integer" : "text" }

    var constraintName: String { "\(table)_\(column)_check" }

    var constraintClause: String {
        "CONSTRAINT \(quoted(constraintName)) CHECK (\(quoted(column)) IN (\(allowedValues.joined(separator: ", "))))"
    }
}

extension CheckedEnumColumn {
    /// Every column step 0013 checks, in its order.
    public static var all: [CheckedEnumColumn] { CheckEnumValues.enumColumns }
}
