import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle
import Vapor

/// The background jobs of a serving instance, as a `ServiceGroup`. `serve` starts it once the server has bound its
/// port, so a program that can't serve never starts them. At shutdown the group is stopped and awaited before the
/// databases close: a round in progress finishes, the wait for the next one ends.
final class BackgroundWork: Sendable {
    /// A round that ignores graceful shutdown (a provider that doesn't answer) is cancelled after this long.
    static let longestShutdown: Duration = .seconds(20)

    private let running = NIOLockedValueBox<(group: ServiceGroup, task: Task<Void, Never>)?>(nil)

    func start(_ jobs: [BackgroundJob], on app: Application) {
        var configuration = ServiceGroupConfiguration(
            services: jobs.map { .init(service: RepeatingJob(job: $0, app: app)) }, logger: app.logger)
        // No signals: Vapor's serve owns SIGTERM and SIGINT, and the application's shutdown stops this group.
        configuration.maximumGracefulShutdownDuration = Self.longestShutdown
        let group = ServiceGroup(configuration: configuration)
        let task = Task {
            do { try await group.run() } catch { app.logger.report(error: error) }
        }
        running.withLockedValue { $0 = (group, task) }
    }

    /// Stops the jobs and returns once every one has.
    func stop() async {
        guard
            let (group, task) = running.withLockedValue({ value in
                defer { value = nil }; return value
            })
        else { return }
        await group.triggerGracefulShutdown()
        await task.value
    }

    /// Registered by `configure`; handlers shut down in reverse, before the application's storage (its databases).
    struct ShutdownHandler: LifecycleHandler {
        func shutdownAsync(_ app: Application) async { await app.backgroundWork.stop() }
    }
}

/// A job as a service: a round, then the interval's wait, until the group shuts down.
struct RepeatingJob: Service, CustomStringConvertible {
    let job: BackgroundJob
    let app: Application

    var description: String { job.name }

    func run() async throws {
        var logger = app.logger
        logger[metadataKey: "job"] = .string(job.name)
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                let outcome = try await job.round(app)
                logger.debug("\(outcome)")
            } catch {
                logger.report(error: error)
            }
            // Ends early, by throwing, at graceful shutdown or cancellation; the loop's condition then stops.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: job.interval) }
        }
    }
}

extension Application {
    private struct BackgroundWorkKey: StorageKey {
        typealias Value = BackgroundWork
    }

    var backgroundWork: BackgroundWork {
        if let work = storage[BackgroundWorkKey.self] { return work }
        let work = BackgroundWork()
        storage[BackgroundWorkKey.self] = work
        return work
    }
}
