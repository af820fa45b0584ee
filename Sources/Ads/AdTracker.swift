import FluentKit
import Foundation
import SQLKit
import Schema

/// One impression or click, as the tracker stores it (`impressions`, `clicks`).
public struct AdEvent: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case impression
        case click

        var table: String {
            switch self {
            case .impression: "impressions"
            case .click: "clicks"
            }
        }

        /// The `ads` counter that equals the number of this kind's rows.
        var counter: String {
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

/// Where served ads' impressions and clicks go. `record` returns once the events are committed, so an answered
/// request never loses its events.
public protocol AdTracker: Sendable {
    func record(_ events: [AdEvent]) async throws
}

/// How events are written. Both keep `ads.impressions` and `ads.clicks` equal to the number of event rows, by
/// changing them in the same transaction as the rows.
enum AdEventWriter {
    /// Multi-row INSERTs of this many rows at most: 6 binds a row keeps a statement far below PostgreSQL's
    /// 65,535-bind limit and SQLite's 32,766.
    static let rowsPerInsert = 500

    /// Writes a batch in one transaction: one multi-row INSERT per table (per 500 rows) and one counter UPDATE per
    /// table for all its ads. Events of ads deleted meanwhile are dropped (their rows would go with the ad anyway).
    static func write(_ events: [AdEvent], on database: any Database) async throws {
        guard !events.isEmpty else { return }
        try await database.transaction { transaction in
            guard let sql = transaction as? any SQLDatabase else { throw UnsupportedDatabaseError(dialectName: "\(type(of: transaction))") }
            let adIDs = Array(Set(events.map(\.adID))).sorted()
            // On PostgreSQL the ads are locked against deletion until commit (KEY SHARE lets counters update);
            // sorted, so concurrent batches lock in one order. SQLite has one writer at a time.
            let lockClause = try SQLFlavor(sql) == .postgres ? " FOR KEY SHARE" : ""
            let existing = Set(try await sql.raw("SELECT id FROM ads WHERE id IN (\(binds: adIDs))\(unsafeRaw: lockClause)").all()
                .map { try $0.decode(column: "id", as: Int.self) })
            let kept = events.filter { existing.contains($0.adID) }
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
                    UPDATE ads SET \(unsafeRaw: kind.counter) = \(unsafeRaw: kind.counter) + CASE id \(increments.joined(separator: " ")) ELSE 0 END
                    WHERE id IN (\(binds: perAd.map(\.key)))
                    """).run()
            }
        }
    }
}

/// The seed's way, kept as the benchmark's baseline (`ADS_TRACKING=per-event`): each event is its own
/// transaction, a counter increment and one row.
public struct PerEventAdTracker: AdTracker {
    let database: any Database
    /// SQLite takes one writer at a time: concurrent transactions from several connections would only wait on
    /// each other's locks, so on SQLite this process's writes queue here instead.
    private let sqliteQueue = SerialWrites()

    public init(database: any Database) {
        self.database = database
    }

    public func record(_ events: [AdEvent]) async throws {
        let serialised = (database as? any SQLDatabase).flatMap { try? SQLFlavor($0) } == .sqlite
        for event in events {
            if serialised {
                try await sqliteQueue.run { try await AdEventWriter.write([event], on: database) }
            } else {
                try await AdEventWriter.write([event], on: database)
            }
        }
    }
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
public actor GroupCommitAdTracker: AdTracker {
    /// Upper bound on one batch, so one transaction stays short however deep the queue gets.
    public static let maximumBatch = 5_000

    private let database: any Database
    private var pending: [(events: [AdEvent], done: CheckedContinuation<Void, any Error>)] = []
    private var isWriting = false

    public init(database: any Database) {
        self.database = database
    }

    public func record(_ events: [AdEvent]) async throws {
        guard !events.isEmpty else { return }
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            pending.append((events, done))
            if !isWriting {
                isWriting = true
                Task { await self.drain() }
            }
        }
    }

    /// Writes batches until nothing is waiting.
    private func drain() async {
        while !pending.isEmpty {
            var taken = 0, size = 0
            while taken < pending.count, taken == 0 || size + pending[taken].events.count <= Self.maximumBatch {
                size += pending[taken].events.count
                taken += 1
            }
            let batch = Array(pending.prefix(taken))
            pending.removeFirst(taken)
            do {
                try await AdEventWriter.write(batch.flatMap(\.events), on: database)
                for waiter in batch { waiter.done.resume() }
            } catch {
                for waiter in batch { waiter.done.resume(throwing: error) }
            }
        }
        isWriting = false
    }
}
