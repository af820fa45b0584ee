import FluentKit
import Foundation
import Localization
import SQLKit
import Schema

/// How events are written. Both ways keep `ads.impressions` and `ads.clicks` equal to the number of event rows,
/// and `ad_placement_daily_counts` equal to them per placement and day, by changing them in the same
/// transaction as the rows. Events of ads deleted meanwhile are dropped (their rows would go with the ad anyway).
enum AdEventWriter {
    /// Multi-row INSERTs of this many rows at most: 6 binds a row keeps a statement far below PostgreSQL's
    /// 65,535-bind limit and SQLite's 32,766.
    static let rowsPerInsert = 500

    /// Writes a batch as one transaction: on PostgreSQL one statement (`writeAsOneStatement`), on SQLite a few.
    static func write(_ events: [AdEvent], serves: [PlacementDayKey: PlacementCounts] = [:], on database: any Database)
        async throws
    {
        guard !events.isEmpty || !serves.isEmpty else { return }
        guard let sql = database as? any SQLDatabase else {
            throw UnsupportedDatabaseError(dialectName: "\(type(of: database))")
        }
        switch try SQLFlavor(sql) {
        case .postgres: try await writeAsOneStatement(events, serves: serves, on: sql)
        case .sqlite: try await writeInTransaction(events, serves: serves, on: database)
        }
    }
}
