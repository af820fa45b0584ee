import Vapor

/// Work a serving instance repeats while it runs (the whitelabel schedule, the commerce jobs): started when
/// `serve` starts, cancelled at shutdown. Each round waits for the previous one to finish.
struct PeriodicTask: LifecycleHandler {
    let interval: Duration
    let work: @Sendable (Application) async -> Void

    final class Running: @unchecked Sendable {
        var task: Task<Void, Never>?
    }

    private let running = Running()

    init(every interval: Duration, _ work: @escaping @Sendable (Application) async -> Void) {
        self.interval = interval
        self.work = work
    }

    func didBootAsync(_ app: Application) async throws {
        running.task = Task {
            while !Task.isCancelled {
                await work(app)
                try? await Task.sleep(for: interval)
            }
        }
    }

    func shutdownAsync(_ app: Application) async {
        running.task?.cancel()
    }
}
