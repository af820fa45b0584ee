import DatabaseTestBed
import Fluent
import SQLKit
import Testing
import Vapor

@testable import App

/// The embedded database runs with a write-ahead log: readers don't wait for a writer, and a commit doesn't
/// create and delete a journal file.
@Suite struct SQLiteJournalModeTests {
    @Test func theSiteRunsSQLiteWithAWriteAheadLog() async throws {
        try await withApp(.sqlite) { app in
            let sql = try #require(app.db as? any SQLDatabase)
            let mode = try await sql.raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self)
            #expect(mode == "wal")
        }
    }
}
