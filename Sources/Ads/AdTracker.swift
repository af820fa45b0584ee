import FluentKit
import Foundation
import Localization
import SQLKit
import Schema

/// One impression or click, as the tracker stores it (`impressions`, `clicks`).
public struct AdEvent: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case impression
        case click

        /// The kind's event table, and also the name of the `ads` counter that equals its number of rows.
        var table: String {
            switch self {
            case .impression: "impressions"
            case .click: "clicks"
            }
        }
    }

    public var kind: Kind
    public var adID: Int
    public var placement: AdPlacement
    public var userAgent: String?
    public var ip: String?
    public var at: Date

    /// An event with what `AdPrivacy` lets us keep of the visitor.
    public init(kind: Kind, adID: Int, placement: AdPlacement, userAgent: String?, ip: String?, at: Date = Date()) {
        self.kind = kind
        self.adID = adID
        self.placement = placement
        self.userAgent = AdPrivacy.truncatedUserAgent(userAgent)
        self.ip = AdPrivacy.truncatedIP(ip)
        self.at = at
    }
}

/// One serve of a placement with tracking on: a page's placement, or a call to the ads API. It is `filled` when
/// it showed at least one ad; a placement's fill rate is its filled serves over its serves.
public struct AdServe: Sendable, Equatable {
    public var placement: AdPlacement
    public var filled: Bool
    public var at: Date

    public init(placement: AdPlacement, filled: Bool, at: Date = Date()) {
        self.placement = placement
        self.filled = filled
        self.at = at
    }
}

/// Where served ads' impressions and clicks go, with the serves of their placements. `record` returns once the
/// events are committed, so an answered request never loses its events. Serves that showed nothing have no
/// event to wait for: they may be written with the next batch instead.
public protocol AdTracker: Sendable {
    func record(_ events: [AdEvent], serves: [AdServe]) async throws
    /// Returns once everything recorded before is written: at shutdown, so no serve counts are left behind.
    func flush() async throws
}

extension AdTracker {
    public func record(_ events: [AdEvent]) async throws {
        try await record(events, serves: [])
    }
}

/// A placement and a São Paulo day: the key of `ad_placement_daily_counts`.
struct PlacementDayKey: Hashable, Comparable {
    let placement: String
    /// "yyyy-MM-dd", São Paulo.
    let day: String

    static func < (lhs: Self, rhs: Self) -> Bool { (lhs.placement, lhs.day) < (rhs.placement, rhs.day) }
}

extension PlacementCounts {
    /// Serves added up per placement and day.
    static func serves(_ serves: [AdServe]) -> [PlacementDayKey: PlacementCounts] {
        var counts: [PlacementDayKey: PlacementCounts] = [:]
        for serve in serves {
            counts[PlacementDayKey(placement: serve.placement.rawValue, day: SiteClock.dayKey(serve.at)), default: .init()]
                += PlacementCounts(serves: 1, filledServes: serve.filled ? 1 : 0)
        }
        return counts
    }

    /// Events added up per placement and day.
    static func events(_ events: [AdEvent]) -> [PlacementDayKey: PlacementCounts] {
        var counts: [PlacementDayKey: PlacementCounts] = [:]
        for event in events {
            counts[PlacementDayKey(placement: event.placement.rawValue, day: SiteClock.dayKey(event.at)), default: .init()]
                += event.kind == .impression ? PlacementCounts(impressions: 1) : PlacementCounts(clicks: 1)
        }
        return counts
    }
}

/// How events are written. Both ways keep `ads.impressions` and `ads.clicks` equal to the number of event rows,
/// and `ad_placement_daily_counts` equal to them per placement and day, by changing them in the same
/// transaction as the rows. Events of ads deleted meanwhile are dropped (their rows would go with the ad anyway).
enum AdEventWriter {
    /// Multi-row INSERTs of this many rows at most: 6 binds a row keeps a statement far below PostgreSQL's
    /// 65,535-bind limit and SQLite's 32,766.
    static let rowsPerInsert = 500

    /// Writes a batch as one transaction: on PostgreSQL one statement (`writeAsOneStatement`), on SQLite a few.
    static func write(_ events: [AdEvent], serves: [PlacementDayKey: PlacementCounts] = [:], on database: any Database) async throws {
        guard !events.isEmpty || !serves.isEmpty else { return }
        guard let sql = database as? any SQLDatabase else { throw UnsupportedDatabaseError(dialectName: "\(type(of: database))") }
        switch try SQLFlavor(sql) {
        case .postgres: try await writeAsOneStatement(events, serves: serves, on: sql)
        case .sqlite: try await writeInTransaction(events, serves: serves, on: database)
        }
    }

    /// One round trip and one commit for the whole batch, which every waiting request shares: the commit's wait
    /// for the disk is the batch's main cost, and statements sent one after another inside a transaction would
    /// each add a round trip to it. Data-modifying CTEs run in one snapshot:
    /// - `locked` takes the batch's ads in id order (`FOR NO KEY UPDATE`), so instances writing at once lock
    ///   them in one order and can't deadlock; an ad deleted meanwhile is simply not there.
    /// - `counted` adds each ad's events to its counters and names the ads it found; `kept` is their events;
    ///   the two INSERTs store exactly those.
    /// - The final upsert adds the serves and the kept events to their placements' days.
    static func writeAsOneStatement(_ events: [AdEvent], serves: [PlacementDayKey: PlacementCounts], on sql: any SQLDatabase) async throws {
        var steps: [SQLQueryString] = []
        var placementSources: [SQLQueryString] = []
        if !events.isEmpty {
            // One array per column, seven binds whatever the batch's size: the statement's text and its parsing
            // stay the same, and each value is encoded once, in bulk. Arrays can't hold a missing user agent or
            // IP here, so those travel as empty strings and become NULL again. The São Paulo day comes from
            // `SiteClock`, as on SQLite, rather than from PostgreSQL's time-zone data for each row.
            steps.append("""
                events (kind, ad_id, placement, user_agent, ip, created_at, day) AS (
                  SELECT kind, ad_id, placement, NULLIF(user_agent, ''), NULLIF(ip, ''), created_at, day
                  FROM unnest(\(bind: events.map(\.kind.rawValue))::text[], \(bind: events.map(\.adID))::bigint[],
                              \(bind: events.map(\.placement.rawValue))::text[], \(bind: events.map { $0.userAgent ?? "" })::text[],
                              \(bind: events.map { $0.ip ?? "" })::text[], \(bind: events.map(\.at))::timestamptz[],
                              \(bind: events.map { SiteClock.dayKey($0.at) })::text[])
                    AS batch (kind, ad_id, placement, user_agent, ip, created_at, day))
                """)
            // The ids as a value of their own, so the planner sees how few they are and reads the primary key
            // instead of the whole (counter-churned) table.
            let adIDs = Array(Set(events.map(\.adID))).sorted()
            steps.append("locked AS (SELECT id FROM ads WHERE id = ANY(\(bind: adIDs)::bigint[]) ORDER BY id FOR NO KEY UPDATE)")
            steps.append("""
                counted AS (
                  UPDATE ads SET impressions = ads.impressions + per_ad.impressions, clicks = ads.clicks + per_ad.clicks
                  FROM (SELECT ad_id, COUNT(*) FILTER (WHERE kind = 'impression') AS impressions,
                               COUNT(*) FILTER (WHERE kind = 'click') AS clicks
                        FROM events GROUP BY ad_id) AS per_ad
                  WHERE ads.id = per_ad.ad_id AND ads.id = ANY(\(bind: adIDs)::bigint[]) AND ads.id IN (SELECT id FROM locked)
                  RETURNING ads.id)
                """)
            steps.append("kept AS (SELECT events.* FROM events JOIN counted ON counted.id = events.ad_id)")
            for kind in AdEvent.Kind.allCases {
                steps.append("""
                    new_\(unsafeRaw: kind.table) AS (INSERT INTO \(unsafeRaw: kind.table) (ad_id, placement, user_agent, ip, created_at)
                      SELECT ad_id, placement, user_agent, ip, created_at FROM kept WHERE kind = \(literal: kind.rawValue))
                    """)
            }
            placementSources.append("""
                SELECT placement, day, 0 AS serves, 0 AS filled_serves,
                  COUNT(*) FILTER (WHERE kind = 'impression') AS impressions, COUNT(*) FILTER (WHERE kind = 'click') AS clicks
                FROM kept GROUP BY 1, 2
                """)
        }
        if !serves.isEmpty {
            let rows = serves.map { key, tally in
                SQLQueryString("(\(bind: key.placement)::text, \(bind: key.day)::text, \(bind: tally.serves)::bigint, \(bind: tally.filledServes)::bigint)")
            }
            steps.append("tallies (placement, day, serves, filled_serves) AS (VALUES \(rows.joined(separator: ", ")))")
            placementSources.insert("SELECT placement, day, serves, filled_serves, 0 AS impressions, 0 AS clicks FROM tallies", at: 0)
        }
        try await sql.raw("""
            WITH \(steps.joined(separator: ",\n"))
            INSERT INTO ad_placement_daily_counts (placement, day, serves, filled_serves, impressions, clicks)
            SELECT placement, day, SUM(serves), SUM(filled_serves), SUM(impressions), SUM(clicks)
            FROM (\(placementSources.joined(separator: " UNION ALL "))) AS counts
            GROUP BY placement, day ORDER BY placement, day
            \(unsafeRaw: placementUpsert)
            """).run()
    }

    static let placementUpsert = """
        ON CONFLICT (placement, day) DO UPDATE SET
          serves = ad_placement_daily_counts.serves + excluded.serves,
          filled_serves = ad_placement_daily_counts.filled_serves + excluded.filled_serves,
          impressions = ad_placement_daily_counts.impressions + excluded.impressions,
          clicks = ad_placement_daily_counts.clicks + excluded.clicks
        """

    /// The batch as a transaction of statements: one multi-row INSERT per table (per 500 rows), one counter
    /// UPDATE per table for all its ads, and one upsert of the placements' days. SQLite has one writer at a time,
    /// so the ads need no lock; on PostgreSQL (the per-event baseline) they are locked against deletion.
    static func writeInTransaction(_ events: [AdEvent], serves: [PlacementDayKey: PlacementCounts], on database: any Database) async throws {
        guard !events.isEmpty || !serves.isEmpty else { return }
        try await database.transaction { transaction in
            guard let sql = transaction as? any SQLDatabase else { throw UnsupportedDatabaseError(dialectName: "\(type(of: transaction))") }
            var kept: [AdEvent] = []
            if !events.isEmpty {
                let adIDs = Array(Set(events.map(\.adID))).sorted()
                let lockClause = try SQLFlavor(sql) == .postgres ? " FOR KEY SHARE" : ""
                let existing = Set(try await sql.raw("SELECT id FROM ads WHERE id IN (\(binds: adIDs))\(unsafeRaw: lockClause)").all()
                    .map { try $0.decode(column: "id", as: Int.self) })
                kept = events.filter { existing.contains($0.adID) }
            }
            for kind in AdEvent.Kind.allCases {
                let ofKind = kept.filter { $0.kind == kind }
                for start in stride(from: 0, to: ofKind.count, by: rowsPerInsert) {
                    let rows = ofKind[start..<min(start + rowsPerInsert, ofKind.count)].map { event in
                        SQLQueryString("(\(bind: event.adID), \(bind: event.placement.rawValue), \(bind: event.userAgent), \(bind: event.ip), \(bind: event.at))")
                    }
                    try await sql.raw("""
                        INSERT INTO \(unsafeRaw: kind.table) (ad_id, placement, user_agent, ip, created_at) VALUES \(rows.joined(separator: ", "))
                        """).run()
                }
                // Every ad's counter in one statement: a round trip per ad would make the batch, which every waiting
                // request shares, as slow as the ads it touches are many.
                let perAd = Dictionary(grouping: ofKind, by: \.adID).mapValues(\.count).sorted { $0.key < $1.key }
                guard !perAd.isEmpty else { continue }
                let increments = perAd.map { SQLQueryString("WHEN \(bind: $0.key) THEN \(bind: $0.value)") }
                try await sql.raw("""
                    UPDATE ads SET \(unsafeRaw: kind.table) = \(unsafeRaw: kind.table) + CASE id \(increments.joined(separator: " ")) ELSE 0 END
                    WHERE id IN (\(binds: perAd.map(\.key)))
                    """).run()
            }
            let placements = serves.merging(PlacementCounts.events(kept), uniquingKeysWith: +).sorted { $0.key < $1.key }
            guard !placements.isEmpty else { return }
            let rows = placements.map { key, tally in
                SQLQueryString("(\(bind: key.placement), \(bind: key.day), \(bind: tally.serves), \(bind: tally.filledServes), \(bind: tally.impressions), \(bind: tally.clicks))")
            }
            try await sql.raw("""
                INSERT INTO ad_placement_daily_counts (placement, day, serves, filled_serves, impressions, clicks)
                VALUES \(rows.joined(separator: ", ")) \(unsafeRaw: placementUpsert)
                """).run()
        }
    }
}

/// The seed's way, kept as the benchmark's baseline (`ADS_TRACKING=per-event`): each event is its own
/// transaction of statements — its counter, its row, its placement's day. Serves that showed nothing are written
/// with the request's first event, or in a transaction of their own.
public struct PerEventAdTracker: AdTracker {
    let database: any Database
    /// SQLite takes one writer at a time: concurrent transactions from several connections would only wait on
    /// each other's locks, so on SQLite this process's writes queue here instead.
    private let sqliteQueue = SerialWrites()

    public init(database: any Database) {
        self.database = database
    }

    public func record(_ events: [AdEvent], serves: [AdServe]) async throws {
        let serialised = (database as? any SQLDatabase).flatMap { try? SQLFlavor($0) } == .sqlite
        var unwritten = PlacementCounts.serves(serves)
        let writes: [[AdEvent]] = events.isEmpty ? [[]] : events.map { [$0] }
        for write in writes {
            let serves = unwritten
            unwritten = [:]
            let work: @Sendable () async throws -> Void = { try await AdEventWriter.writeInTransaction(write, serves: serves, on: database) }
            if serialised { try await sqliteQueue.run(work) } else { try await work() }
        }
    }

    /// Each `record` writes before it returns.
    public func flush() async throws {}
}

/// Runs async work one piece at a time, in arrival order.
actor SerialWrites {
    private var tail: Task<Void, Never>?

    func run(_ work: @escaping @Sendable () async throws -> Void) async throws {
        let previous = tail
        let task = Task<Result<Void, any Error>, Never> {
            await previous?.value
            do { return .success(try await work()) } catch { return .failure(error) }
        }
        tail = Task { _ = await task.value }
        try await task.value.get()
    }
}

/// Group commit: requests hand their events over and wait; one writer drains everything that arrived while the
/// previous batch was being committed, and writes it as one transaction (`AdEventWriter`). Under load, many
/// requests share each commit; alone, a request waits for one small transaction. A failed batch fails every
/// request in it, so none answers as if its events were kept.
///
/// Serves are added up here as they come and go with the next batch. A request whose serves showed nothing
/// doesn't wait for that batch: a crash may lose those last counts, which only move a fill rate.
public actor GroupCommitAdTracker: AdTracker {
    /// Upper bound on one batch, so one transaction stays short however deep the queue gets.
    public static let maximumBatch = 5_000

    private let database: any Database
    private var pending: [(events: [AdEvent], done: CheckedContinuation<Void, any Error>)] = []
    private var pendingServes: [PlacementDayKey: PlacementCounts] = [:]
    private var isWriting = false

    public init(database: any Database) {
        self.database = database
    }

    public func record(_ events: [AdEvent], serves: [AdServe]) async throws {
        pendingServes.merge(PlacementCounts.serves(serves), uniquingKeysWith: +)
        guard !events.isEmpty else {
            if !pendingServes.isEmpty { startWriting() }
            return
        }
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            pending.append((events, done))
            startWriting()
        }
    }

    public func flush() async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            pending.append(([], done))
            startWriting()
        }
    }

    private func startWriting() {
        guard !isWriting else { return }
        isWriting = true
        Task { await self.drain() }
    }

    /// Writes batches until nothing is waiting.
    private func drain() async {
        while !pending.isEmpty || !pendingServes.isEmpty {
            var taken = 0, size = 0
            while taken < pending.count, taken == 0 || size + pending[taken].events.count <= Self.maximumBatch {
                size += pending[taken].events.count
                taken += 1
            }
            let batch = Array(pending.prefix(taken))
            pending.removeFirst(taken)
            let serves = pendingServes
            pendingServes = [:]
            do {
                try await AdEventWriter.write(batch.flatMap(\.events), serves: serves, on: database)
                for waiter in batch { waiter.done.resume() }
            } catch {
                for waiter in batch { waiter.done.resume(throwing: error) }
                // With no request waiting, nobody else would hear of it.
                if !serves.isEmpty { database.logger.warning("ad serve counts not written: \(String(reflecting: error))") }
            }
        }
        isWriting = false
    }
}
