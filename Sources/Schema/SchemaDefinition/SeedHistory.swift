/// The seed's twelve steps as data, read from the same definitions the migrations render: what each step
/// created or added. Whoever must recognise a database those steps made (adopting the original app's) compares
/// it with this, step by step.
public enum SeedHistory {
    public struct Step: Sendable {
        /// The migration's name, which is the Drizzle file's tag (`0000_special_white_queen`).
        public let name: String
        public let createdTables: [Table]
        public let addedColumns: [AddedColumn]
    }

    public struct Table: Sendable {
        public let name: String
        public let columns: [Column]
        /// Constraint name → its columns, as Drizzle names them (`users_email_unique`).
        public let uniqueConstraints: [String: [String]]
        public let foreignKeys: [ForeignKey]
    }

    public struct AddedColumn: Sendable {
        public let table: String
        public let column: Column
    }

    public struct Column: Sendable, Equatable {
        public enum Kind: String, Sendable {
            case identity, text, integer, boolean, timestamp, json
        }

        public let name: String
        public let kind: Kind
        public let isNotNull: Bool
    }

    public struct ForeignKey: Sendable, Equatable {
        public let name: String
        public let column: String
        public let referencedTable: String
        public let cascadesOnDelete: Bool
    }

    public static let steps: [Step] = [
        .init(
            CreateInitialSchema(),
            creating: [
                CreateInitialSchema.users, CreateInitialSchema.plans, CreateInitialSchema.models,
                CreateInitialSchema.posts, CreateInitialSchema.adminSettings, CreateInitialSchema.whitelabelModels,
                CreateInitialSchema.whitelabelPosts, CreateInitialSchema.whitelabelMedia,
            ]),
        .init(CreateSubscriptions(), creating: [CreateSubscriptions.subscriptions]),
        .init(AddPlanDuration(), adding: [("plans", .integer("duration", notNull: true))]),
        .init(
            AddUserNameAndSubscriptionStatus(),
            adding: [
                ("users", AddUserNameAndSubscriptionStatus.name),
                ("users", AddUserNameAndSubscriptionStatus.subscriptionStatus),
            ]),
        .init(CreateSupportContacts(), creating: [CreateSupportContacts.supportContacts]),
        .init(CreatePaymentGateways(), creating: [CreatePaymentGateways.paymentGateways]),
        .init(CreateCheckouts(), creating: [CreateCheckouts.checkouts]),
        .init(AddModelAdvertiserFlag(), adding: [("models", AddModelAdvertiserFlag.isAdvertiser)]),
        .init(AddCheckoutOrderBumpIds(), adding: [("checkouts", AddCheckoutOrderBumpIds.orderBumpIds)]),
        .init(CreateOrderBumps(), creating: [CreateOrderBumps.orderBumps]),
        .init(CreateAds(), creating: [CreateAds.ads]),
        .init(CreateAdTracking(), creating: [CreateAdTracking.impressions, CreateAdTracking.clicks]),
    ]

    /// Every table as it stands after the first `count` steps.
    public static func tables(afterSteps count: Int) -> [Table] {
        var tables: [Table] = []
        for step in steps.prefix(count) {
            tables += step.createdTables
            for added in step.addedColumns {
                guard let index = tables.firstIndex(where: { $0.name == added.table }) else { continue }
                let table = tables[index]
                tables[index] = Table(
                    name: table.name, columns: table.columns + [added.column],
                    uniqueConstraints: table.uniqueConstraints, foreignKeys: table.foreignKeys)
            }
        }
        return tables
    }
}

extension SeedHistory.Step {
    fileprivate init(
        _ migration: some SchemaStep, creating tables: [TableDefinition] = [],
        adding columns: [(String, ColumnDefinition)] = []
    ) {
        self.init(
            name: migration.name, createdTables: tables.map(SeedHistory.Table.init),
            addedColumns: columns.map { .init(table: $0.0, column: .init($0.1)) })
    }
}

extension SeedHistory.Table {
    fileprivate init(_ definition: TableDefinition) {
        self.init(
            name: definition.name, columns: definition.columns.map(SeedHistory.Column.init),
            uniqueConstraints: Dictionary(
                uniqueKeysWithValues: definition.uniqueColumnSets.map { (definition.uniqueConstraintName($0), $0) }),
            foreignKeys: definition.foreignKeys.map {
                .init(
                    name: $0.constraintName(in: definition.name), column: $0.column,
                    referencedTable: $0.referencedTable, cascadesOnDelete: $0.cascadesOnDelete)
            })
    }
}

extension SeedHistory.Column {
    fileprivate init(_ definition: ColumnDefinition) {
        let kind: Kind =
            switch definition.kind {
            case .identity: .identity
            case .text: .text
            case .integer: .integer
            case .boolean: .boolean
            case .timestamp: .timestamp
            case .json: .json
            }
        self.init(name: definition.name, kind: kind, isNotNull: definition.isNotNull || definition.isPrimaryKey)
    }
}
