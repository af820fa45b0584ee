import DatabaseTestBed
import Fluent
import NIOConcurrencyHelpers
import Schema
import Testing
import Vapor

@testable import App

@Suite struct BackgroundWorkTests {
    /// What a job saw of its rounds.
    final class Rounds: Sendable {
        let started = NIOLockedValueBox(0)
        let finished = NIOLockedValueBox(0)
        let failures = NIOLockedValueBox<[String]>([])
    }

    /// A job whose round is in the middle of its database work when the shutdown comes.
    static func slowDatabaseJob(_ rounds: Rounds) -> BackgroundJob {
        BackgroundJob(name: "slow-database-round", interval: .milliseconds(10), runsFromCommandLine: false) { app in
            rounds.started.withLockedValue { $0 += 1 }
            try await Task.sleep(for: .milliseconds(300))
            do {
                _ = try await User.query(on: app.db).count()
                rounds.finished.withLockedValue { $0 += 1 }
            } catch {
                rounds.failures.withLockedValue { $0.append(String(describing: error)) }
            }
            return "counted"
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func shutdownAwaitsTheRoundInProgressBeforeTheDatabasesClose(_ kind: DatabaseKind) async throws {
        // setup: an application running a job, shut down while the job's round is under way
        let lease = try await TestDatabases.shared.lease(kind, migrated: true)
        let app = try await CreatorFlix.buildApplication(
            environment: .testing, configuration: .forTests(lease.location))
        let rounds = Rounds()
        app.backgroundWork.start([Self.slowDatabaseJob(rounds)], on: app)
        while rounds.started.withLockedValue({ $0 }) == 0 { try await Task.sleep(for: .milliseconds(5)) }

        // MUT
        try await app.asyncShutdown()

        // validate: the round finished its query on an open database, and no round started after
        #expect(rounds.finished.withLockedValue { $0 } == 1)
        #expect(rounds.failures.withLockedValue { $0 }.isEmpty)
        #expect(rounds.started.withLockedValue { $0 } == 1)
        try await lease.release()
    }

    @Test(arguments: DatabaseKind.underTest)
    func theWaitBetweenRoundsEndsAtShutdown(_ kind: DatabaseKind) async throws {
        let lease = try await TestDatabases.shared.lease(kind, migrated: true)
        let app = try await CreatorFlix.buildApplication(
            environment: .testing, configuration: .forTests(lease.location))
        let rounds = Rounds()
        let hourly = BackgroundJob(name: "hourly", interval: .seconds(3600), runsFromCommandLine: false) { _ in
            rounds.started.withLockedValue { $0 += 1 }
            return "done"
        }
        app.backgroundWork.start([hourly], on: app)
        while rounds.started.withLockedValue({ $0 }) == 0 { try await Task.sleep(for: .milliseconds(5)) }

        let clock = ContinuousClock()
        let took = try await clock.measure { try await app.asyncShutdown() }

        #expect(took < .seconds(10), "the hour's wait doesn't hold the shutdown")
        try await lease.release()
    }

    @Test func serveAndRunJobsReadOneListOfJobs() {
        let names = BackgroundJobs.all.map(\.name)
        #expect(Set(names).count == names.count, "each job has its own name")
        #expect(
            BackgroundJobs.namesFromCommandLine == [
                "expire-subscriptions", "abandon-checkouts", "reconcile-payments", "renew-subscriptions",
                "prune-payment-events",
                "roll-up-ad-events", "send-email", "queue-renewal-reminders",
                "sync-whitelabel-when-due",
            ])
    }

    @Test func aTakenAddressIsNamedAsTheFlagsSayIt() {
        var configuration = HTTPServer.Configuration()
        configuration.hostname = "127.0.0.1"
        configuration.port = 8080
        #expect(ServeCommand.address(arguments: ["--port", "9000"], configuration: configuration) == "127.0.0.1:9000")
        #expect(ServeCommand.address(arguments: [], configuration: configuration) == "127.0.0.1:8080")
        #expect(ServeCommand.address(arguments: ["-b", "0.0.0.0:80"], configuration: configuration) == "0.0.0.0:80")
    }
}
