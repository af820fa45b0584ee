import DatabaseTestBed
import Foundation

@testable import App

extension AppConfiguration {
    static func forTests(_ location: TestDatabaseLocation) -> AppConfiguration {
        let database: DatabaseLocation =
            switch location {
            case .sqlite(let path): .sqlite(path: path)
            case .postgres(let url): .postgres(url: url)
            }
        return AppConfiguration(
            database: database, logLevel: .warning, appSecret: DevelopmentSecret.generate(), bcryptCost: 4,
            // A folder per application, so tests that write media don't see each other's files.
            dataDirectory: FileManager.default.temporaryDirectory.appendingPathComponent(
                "creatorflix-test-data-\(UUID().uuidString)"))
    }
}
