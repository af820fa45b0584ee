/// Our step 0016: on PostgreSQL, an index on `whitelabel_media.s3_key` in byte order (`COLLATE "C"`). The sync's
/// prune compares keys in byte order, as S3 lists them; the unique index in the database's own collation can't
/// serve those range scans. SQLite already compares text byte by byte, so there the unique index serves them.
struct AddMediaKeyByteOrderIndex: SchemaStep {
    var name: String { "0016_add_media_key_byte_order_index" }

    static let indexName = "whitelabel_media_s3_key_bytes_idx"

    func forward(on schema: SchemaConnection) async throws {
        guard schema.flavor == .postgres else { return }
        try await schema.execute(
            "CREATE INDEX \(quoted(Self.indexName)) ON \"whitelabel_media\" (\"s3_key\" COLLATE \"C\")")
    }

    func backward(on schema: SchemaConnection) async throws {
        guard schema.flavor == .postgres else { return }
        try await schema.execute("DROP INDEX \(quoted(Self.indexName))")
    }
}
