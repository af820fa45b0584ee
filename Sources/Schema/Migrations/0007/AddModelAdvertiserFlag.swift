/// Seed step 0007 (`0007_orange_toad_men`), a one-statement step: `models.is_advertiser`, which marks a
/// partner creator. The seed names this step's file but not its statement; the flag is the column of the
/// final schema that the earlier steps leave out.
struct AddModelAdvertiserFlag: SchemaStep {
    var name: String { "0007_orange_toad_men" }

    static let isAdvertiser = ColumnDefinition.boolean("is_advertiser", default: false)

    func forward(on schema: SchemaConnection) async throws {
        try await schema.addColumn(Self.isAdvertiser, to: "models")
    }

    func backward(on schema: SchemaConnection) async throws {
        try await schema.dropColumn(Self.isAdvertiser.name, from: "models")
    }
}
