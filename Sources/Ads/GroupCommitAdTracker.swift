import FluentKit
import Foundation
import Localization
import SQLKit
import Schema

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
                if !serves.isEmpty {
                    database.logger.warning("ad serve counts not written: \(String(reflecting: error))")
                }
            }
        }
        isWriting = false
    }
}
