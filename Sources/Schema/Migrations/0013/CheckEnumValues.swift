/// Our step 0013: on PostgreSQL, CHECK constraints hold each enumerated column to the values of its Swift enum,
/// so a raw SQL write can't store a status the application doesn't know. SQLite can't add a constraint to an
/// existing table, and there the Fluent models' enums keep the values in line; this step changes nothing on it.
struct CheckEnumValues: SchemaStep {
    var name: String { "0013_check_enum_values" }

    struct EnumColumn: Sendable {
        let table: String
        let column: String
        /// SQL literals of the allowed values.
        let allowedValues: [String]

        init<E: CaseIterable & RawRepresentable<String>>(_ table: String, _ column: String, _: E.Type) {
            self.table = table
            self.column = column
            self.allowedValues = E.allCases.map { "'\($0.rawValue)'" }
        }

        init<E: CaseIterable & RawRepresentable<Int>>(_ table: String, _ column: String, _: E.Type) {
            self.table = table
            self.column = column
            self.allowedValues = E.allCases.map { String($0.rawValue) }
        }

        var constraintName: String { "\(table)_\(column)_check" }

        var constraintClause: String {
            "CONSTRAINT \(quoted(constraintName)) CHECK (\(quoted(column)) IN (\(allowedValues.joined(separator: ", "))))"
        }
    }

    static let enumColumns: [EnumColumn] = [
        .init("users", "role", UserRole.self),
        .init("users", "subscription_status", UserSubscriptionStatus.self),
        .init("subscriptions", "status", SubscriptionStatus.self),
        .init("posts", "type", MediaType.self),
        .init("whitelabel_models", "status", WhitelabelModelStatus.self),
        .init("whitelabel_media", "type", MediaType.self),
        .init("checkouts", "status", CheckoutStatus.self),
        .init("checkouts", "payment_method", PaymentMethod.self),
        .init("ads", "type", AdType.self),
        .init("ads", "placement", AdPlacement.self),
        .init("ads", "status", AdStatus.self),
    ]

    func forward(on schema: SchemaConnection) async throws {
        guard schema.flavor == .postgres else { return }
        for check in Self.enumColumns { try await schema.addCheck(check) }
    }

    func backward(on schema: SchemaConnection) async throws {
        guard schema.flavor == .postgres else { return }
        for check in Self.enumColumns.reversed() { try await schema.dropCheck(check) }
    }
}
