import Crypto
import FluentKit
import Foundation
import SQLKit
import Testing

/// The original TypeScript app's database (`Tests/Fixtures/OriginalApp`), as its Drizzle migrator leaves it: the
/// first `steps` steps, each in a transaction with its row in `drizzle.__drizzle_migrations` (the SHA-256 of its
/// file and the journal's `when`), then the fixture's rows. `scripts/original-app-fixture` loads the same files.
enum OriginalAppFixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/OriginalApp")

    struct JournalEntry: Decodable {
        let tag: String
        let when: Int64
    }

    static func load(steps: Int = 12, impressions: Int = 10_000, on database: any Database) async throws {
        let sql = try #require(database as? any SQLDatabase)
        try await sql.raw(#"CREATE SCHEMA IF NOT EXISTS "drizzle""#).run()
        try await sql.raw(
            #"CREATE TABLE IF NOT EXISTS "drizzle"."__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)"#
        ).run()
        struct Journal: Decodable { let entries: [JournalEntry] }
        let journal = try JSONDecoder().decode(
            Journal.self, from: Data(contentsOf: directory.appendingPathComponent("drizzle/meta/_journal.json")))
        for entry in journal.entries.prefix(steps) {
            let file = try String(
                contentsOf: directory.appendingPathComponent("drizzle/\(entry.tag).sql"), encoding: .utf8)
            let hash = SHA256.hash(data: Data(file.utf8)).map { String(format: "%02x", $0) }.joined()
            try await database.transaction { transaction in
                let sql = try #require(transaction as? any SQLDatabase)
                for statement in file.components(separatedBy: "--> statement-breakpoint") {
                    try await execute(statement, on: sql)
                }
                try await sql.raw(
                    "INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES (\(bind: hash), \(bind: entry.when))"
                ).run()
            }
        }
        try await runFile("rows-first-eight-steps.sql", on: sql)
        if steps >= 12 {
            try await runFile(
                "rows-last-four-steps.sql", on: sql,
                replacing: ("generate_series(1, 10000)", "generate_series(1, \(impressions))"))
        }
    }

    /// A file of statements, each ending a line with `;`, comments and all.
    static func runFile(_ name: String, on sql: any SQLDatabase, replacing: (String, String)? = nil) async throws {
        var text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        if let (from, to) = replacing { text = text.replacingOccurrences(of: from, with: to) }
        let lines = text.components(separatedBy: "\n").filter { !$0.hasPrefix("--") }
        var statement = ""
        for line in lines {
            statement += line + "\n"
            if line.hasSuffix(";") {
                try await execute(statement, on: sql)
                statement = ""
            }
        }
    }

    static func execute(_ statement: String, on sql: any SQLDatabase) async throws {
        let trimmed = statement.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return }
        try await sql.execute(sql: SQLRaw(trimmed)) { _ in }
    }
}
