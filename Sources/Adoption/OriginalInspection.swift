import FluentKit
import SQLKit
import Schema

/// A database compared, step by step, with the seed's history (`SeedHistory`): which of the original app's
/// steps are really there, what differs, what the operator added, and what adopting it will convert. Reading it
/// changes nothing.
public struct OriginalInspection: Sendable {
    public enum StepState: Sendable, Equatable {
        case present
        case absent
        /// Partly there, or there in another shape: each difference, in words.
        case drifted([String])
    }

    public struct StepFinding: Sendable, Equatable {
        public let name: String
        public let state: StepState
    }

    /// A value an enumerated column holds that CreatorFlix doesn't know, with how many rows hold it.
    public struct UnknownValue: Sendable, Equatable {
        public let table: String
        public let column: String
        public let value: String
        public let rows: Int

        public var columnPath: String { "\(table).\(column)" }

        public init(table: String, column: String, value: String, rows: Int) {
            self.table = table
            self.column = column
            self.value = value
            self.rows = rows
        }
    }

    public var steps: [StepFinding] = []
    /// The steps from the first that are all there: the ones adoption records as applied.
    public var presentSteps = 0
    /// Rows in `drizzle.__drizzle_migrations`; nil without that table (a database made by `drizzle-kit push`).
    public var journalSteps: Int?
    public var extraTables: [String] = []
    /// `table.column`, in the seed's tables.
    public var extraColumns: [String] = []
    public var unknownValues: [UnknownValue] = []
    /// Values outside CreatorFlix's sets in the columns `--keep-values` names: kept, and read as
    /// `CheckedEnumColumn.readingOfAnUnknownValue`.
    public var keptValues: [UnknownValue] = []
    /// What adopting converts, in words, one line each.
    public var conversions: [String] = []
    /// Why the database can't be adopted as it is; empty when it can.
    public var problems: [String] = []

    public var isAdoptable: Bool { problems.isEmpty }

    public static func inspect(_ live: LiveSchema, on sql: any SQLDatabase, options: AdoptionOptions) async throws
        -> OriginalInspection
    {
        var inspection = OriginalInspection()
        inspection.journalSteps = live.drizzleJournal?.count
        var firstAbsent: String?
        for (index, step) in SeedHistory.steps.enumerated() {
            let state = Self.state(of: step, in: live)
            inspection.steps.append(.init(name: step.name, state: state))
            switch state {
            case .present:
                if let firstAbsent {
                    inspection.problems.append("step \(step.name) is there, but the earlier \(firstAbsent) is not")
                } else {
                    inspection.presentSteps = index + 1
                }
            case .absent:
                firstAbsent = firstAbsent ?? step.name
            case .drifted(let differences):
                firstAbsent = firstAbsent ?? step.name
                inspection.problems += differences.map { "step \(step.name): \($0)" }
            }
        }
        if let journal = inspection.journalSteps, journal != inspection.presentSteps {
            inspection.problems.append(
                "drizzle.__drizzle_migrations records \(journal) steps, but the tables show \(inspection.presentSteps)")
        }

        let seedTables = SeedHistory.tables(afterSteps: SeedHistory.steps.count)
        let known = Dictionary(uniqueKeysWithValues: seedTables.map { ($0.name, Set($0.columns.map(\.name))) })
        inspection.extraTables = live.tables.keys.filter { known[$0] == nil }.sorted()
        inspection.extraColumns = live.tables.flatMap { table, columns -> [String] in
            guard let names = known[table] else { return [] }
            return columns.keys.filter { !names.contains($0) }.map { "\(table).\($0)" }
        }.sorted()

        let outside = try await unknownValues(in: live, on: sql, options: options)
        inspection.unknownValues = outside.filter { !options.keptColumns.contains($0.columnPath) }
        inspection.keptValues = outside.filter { options.keptColumns.contains($0.columnPath) }
        for value in inspection.unknownValues {
            let check = CheckedEnumColumn.all.first { $0.path == value.columnPath }
            let known = check?.allowed.joined(separator: ", ") ?? ""
            // The flag splits on commas and reads up to the first = as the value: such a value is changed by hand.
            let nameable = !value.value.unicodeScalars.contains { ",=".unicodeScalars.contains($0) || $0.value < 32 }
            let map =
                nameable
                ? "map it to one of \(known) (--map-value \(value.columnPath):\(value.value)=VALUE)"
                : "change it to one of \(known) with an UPDATE of your own first, as --map-value can't name it"
            let keep =
                check?.whyItMustBeMapped == nil
                ? ", or keep the column's values without a CHECK (--keep-values \(value.columnPath))" : ""
            inspection.problems.append(
                "\(value.columnPath) holds \(shown(value.value)) in \(counted(value.rows, "row")), which CreatorFlix "
                    + "doesn't know: \(map)\(keep)")
        }
        inspection.conversions = try await conversions(in: live, on: sql, options: options)
        for path in options.keptColumns.sorted() {
            let kept = inspection.keptValues.filter { $0.columnPath == path }
            guard !kept.isEmpty else {
                inspection.conversions.append(
                    "\(path) holds no value outside CreatorFlix's, so it gets its CHECK: --keep-values changes nothing")
                continue
            }
            let reading = CheckedEnumColumn.all.first { $0.path == path }?.readingOfAnUnknownValue.map { "'\($0)'" }
            inspection.conversions.append(
                "\(path) keeps its values, without a CHECK: "
                    + kept.map { "\(shown($0.value)) (\(counted($0.rows, "row")))" }.joined(separator: ", ")
                    + ", which the site reads as " + (reading ?? "none")
                    + (path.hasPrefix("ads.") ? ", and it never serves those ads" : ""))
        }
        return inspection
    }

    /// Whether everything the step made is there, in its shape.
    static func state(of step: SeedHistory.Step, in live: LiveSchema) -> StepState {
        var found = 0
        var missing: [String] = []
        var differences: [String] = []
        for table in step.createdTables {
            guard let columns = live.tables[table.name] else {
                missing.append("table \(table.name)")
                continue
            }
            found += 1
            for column in table.columns {
                differences += difference(column, in: table.name, found: columns[column.name])
            }
            for (name, columns) in table.uniqueConstraints.sorted(by: { $0.key < $1.key }) {
                let constraint = live.constraints[name]
                if constraint?.kind != .unique || constraint?.columns != columns {
                    differences.append(
                        "\(table.name) lacks the unique constraint \(name) on (\(columns.joined(separator: ", ")))")
                }
            }
            for key in table.foreignKeys {
                let constraint = live.constraints[key.name]
                if constraint?.kind != .foreignKey || constraint?.columns != [key.column]
                    || constraint?.referencedTable != key.referencedTable
                {
                    differences.append("\(table.name) lacks the foreign key \(key.name) to \(key.referencedTable)")
                } else if constraint?.cascadesOnDelete != key.cascadesOnDelete {
                    differences.append(
                        "\(key.name) should \(key.cascadesOnDelete ? "cascade" : "not cascade") on delete, and does\(key.cascadesOnDelete ? " not" : "")"
                    )
                }
            }
        }
        for added in step.addedColumns {
            guard let columns = live.tables[added.table], let column = columns[added.column.name] else {
                missing.append("column \(added.table).\(added.column.name)")
                continue
            }
            found += 1
            differences += difference(added.column, in: added.table, found: column)
        }
        if found == 0 { return .absent }
        if !missing.isEmpty { differences.insert("partly there: no \(missing.joined(separator: ", "))", at: 0) }
        return differences.isEmpty ? .present : .drifted(differences)
    }

    /// What is wrong with a column of the seed's, in words; nothing when its type and nullability are the
    /// seed's, in the original's types (`serial`, `timestamp`, `json`) or in ours.
    static func difference(_ expected: SeedHistory.Column, in table: String, found: LiveSchema.Column?) -> [String] {
        guard let found else { return ["\(table).\(expected.name) is missing"] }
        let typeFits =
            switch expected.kind {
            case .identity: found.isGeneratedKey
            case .text: found.dataType == "text"
            case .integer: found.dataType == "integer"
            case .boolean: found.dataType == "boolean"
            case .timestamp: ["timestamp without time zone", "timestamp with time zone"].contains(found.dataType)
            case .json: ["json", "jsonb"].contains(found.dataType)
            }
        var differences: [String] = []
        if !typeFits {
            differences.append("\(table).\(expected.name) is \(found.dataType), not \(expected.kind.originalTypeName)")
        }
        if expected.isNotNull, found.isNullable {
            differences.append("\(table).\(expected.name) allows NULL, and should not")
        } else if !expected.isNotNull, !found.isNullable {
            differences.append("\(table).\(expected.name) is NOT NULL, and should allow NULL")
        }
        return differences
    }

    /// The enumerated columns' values outside CreatorFlix's sets, less those the options map.
    static func unknownValues(in live: LiveSchema, on sql: any SQLDatabase, options: AdoptionOptions) async throws
        -> [UnknownValue]
    {
        var unknown: [UnknownValue] = []
        for (path, map) in options.valueMaps.sorted(by: { $0.key < $1.key }) {
            guard let check = CheckedEnumColumn.all.first(where: { $0.path == path }) else {
                throw AdoptionRefusal(
                    "--map-value names \(path), which is not an enumerated column; those are "
                        + CheckedEnumColumn.all.map(\.path).joined(separator: ", "))
            }
            // Compared as bytes, as PostgreSQL compares them: Swift's == would take an NFD "vívo" for an NFC one.
            let known = Set(check.allowed.map { Array($0.utf8) })
            for (from, to) in map.sorted(by: { $0.key < $1.key }) {
                guard known.contains(Array(to.utf8)) else {
                    throw AdoptionRefusal(
                        "--map-value \(path):\(from)=\(to): \(to) is not one of \(path)'s values ("
                            + check.allowed.joined(separator: ", ") + ")")
                }
                guard !known.contains(Array(from.utf8)) else {
                    throw AdoptionRefusal(
                        "--map-value \(path):\(from)=\(to): \(from) is one of \(path)'s own values, and --map-value "
                            + "maps only the ones CreatorFlix doesn't know")
                }
            }
        }
        for check in CheckedEnumColumn.all where live.tables[check.table]?[check.column] != nil {
            let path = "\(check.table).\(check.column)"
            let allowed = Set((check.allowed + (options.valueMaps[path]?.keys.map { $0 } ?? [])).map { Array($0.utf8) })
            let rows = try await sql.raw(
                """
                SELECT \(ident: check.column)::text AS value, count(*) AS rows FROM \(ident: check.table)
                WHERE \(ident: check.column) IS NOT NULL GROUP BY 1 ORDER BY 1
                """
            ).all()
            for row in rows {
                let value = try row.decode(column: "value", as: String.self)
                guard !allowed.contains(Array(value.utf8)) else { continue }
                unknown.append(
                    .init(
                        table: check.table, column: check.column, value: value,
                        rows: try row.decode(column: "rows", as: Int.self)))
            }
        }
        return unknown
    }

    /// What adoption will convert, counted from the database as it is.
    static func conversions(in live: LiveSchema, on sql: any SQLDatabase, options: AdoptionOptions) async throws
        -> [String]
    {
        var lines: [String] = []
        // The seed's columns only: the operator's own are kept as they are (`ConvertOriginalColumns`).
        let seed = Set(
            SeedHistory.tables(afterSteps: SeedHistory.steps.count).flatMap { table in
                table.columns.map { "\(table.name).\($0.name)" }
            })
        let columns = live.tables.flatMap { table, columns in columns.map { (table, $0.key, $0.value) } }
            .filter { seed.contains("\($0.0).\($0.1)") }
        let timestamps = columns.filter { $0.2.dataType == "timestamp without time zone" }.count
        if timestamps > 0 {
            lines.append(
                "\(counted(timestamps, "timestamp column")) become timestamptz, read as \(options.sourceTimeZone) time")
        }
        let json = columns.filter { $0.2.dataType == "json" }.count
        if json > 0 { lines.append("\(counted(json, "json column")) become jsonb") }
        let serials = columns.filter { $0.2.isGeneratedKey && !$0.2.isIdentity }.count
        if serials > 0 {
            lines.append(
                "\(counted(serials, "serial id")) become identity columns that continue after their highest id")
        }
        if live.tables["payment_gateways"]?["secret_key"] != nil {
            let clear =
                try await sql.raw(
                    "SELECT count(*) AS n FROM payment_gateways WHERE secret_key IS NOT NULL AND secret_key NOT LIKE 'v1:%'"
                ).first()?.decode(column: "n", as: Int.self) ?? 0
            if clear > 0 { lines.append("\(counted(clear, "gateway secret")) held in clear: sealed with APP_SECRET") }
        }
        for check in CheckedEnumColumn.all where live.tables[check.table]?[check.column] != nil {
            guard let empty = check.emptyGets else { continue }
            let nulls =
                try await sql.raw(
                    "SELECT count(*) AS n FROM \(ident: check.table) WHERE \(ident: check.column) IS NULL"
                )
                .first()?.decode(column: "n", as: Int.self) ?? 0
            if nulls > 0 {
                lines.append(
                    "\(check.path) is empty (NULL) in \(counted(nulls, "row")): each gets its default, '\(empty)'")
            }
        }
        for (path, map) in options.valueMaps.sorted(by: { $0.key < $1.key }) {
            guard let check = CheckedEnumColumn.all.first(where: { $0.path == path }),
                live.tables[check.table]?[check.column] != nil
            else { continue }
            for (from, to) in map.sorted(by: { $0.key < $1.key }) {
                let rows =
                    try await sql.raw(
                        "SELECT count(*) AS n FROM \(ident: check.table) WHERE \(ident: check.column)::text = \(bind: from)"
                    ).first()?.decode(column: "n", as: Int.self) ?? 0
                lines.append(
                    "\(path): '\(from)' becomes '\(to)' in \(counted(rows, "row"))"
                        + (path == "ads.placement" ? ", and in those ads' impressions and clicks" : ""))
            }
        }
        if live.tables["users"]?["password"] != nil {
            let unreadable =
                try await sql.raw(
                    // `PasswordHashFormat.isReadable`, in SQL: bcrypt's prefixes, a cost of 04 to 31, 53 characters.
                    #"SELECT count(*) AS n FROM users WHERE password !~ '^\$2[aby]\$(0[4-9]|[12][0-9]|3[01])\$[./A-Za-z0-9]{53}$'"#
                ).first()?.decode(column: "n", as: Int.self) ?? 0
            if unreadable > 0 {
                lines.append(
                    "\(counted(unreadable, "member")) with a password hash CreatorFlix can't read: each resets it by "
                        + "e-mail at their next sign-in")
            }
        }
        return lines
    }
}

/// Flags that can't be carried out as given; nothing was changed.
public struct AdoptionRefusal: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// `1 member`, `2 members`.
func counted(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }

extension SeedHistory.Column.Kind {
    /// The type the original app's Drizzle schema gave the column.
    var originalTypeName: String {
        switch self {
        case .identity: "serial"
        case .text: "text"
        case .integer: "integer"
        case .boolean: "boolean"
        case .timestamp: "timestamp"
        case .json: "json"
        }
    }
}

/// A value as the report shows it: quoted, with control characters escaped, so that a tab or a line break in a
/// stored value can't bend the report or the command it suggests.
func shown(_ value: String) -> String {
    let escaped = value.unicodeScalars.map { scalar in
        scalar.value < 32 || scalar.value == 127 ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
    }
    return "'" + escaped.joined() + "'"
}
