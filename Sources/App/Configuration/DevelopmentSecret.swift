import Foundation
import Vapor

/// Outside production, an unset APP_SECRET is generated once and kept in the data folder, so that sessions and
/// encrypted values survive a restart of a development server.
enum DevelopmentSecret {
    static let fileName = "app-secret"

    static func generate() -> String {
        [UInt8].random(count: 48).base64
    }

    static func loadOrCreate(in dataDirectory: URL) throws -> String {
        let file = dataDirectory.appendingPathComponent(fileName)
        if let existing = try? String(contentsOf: file, encoding: .utf8).trimmingCharacters(
            in: .whitespacesAndNewlines),
            existing.count >= AppConfiguration.minimumAppSecretLength
        {
            return existing
        }
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        let secret = generate()
        // Owner-only: the file is a key.
        guard
            FileManager.default.createFile(
                atPath: file.path, contents: Data((secret + "\n").utf8), attributes: [.posixPermissions: 0o600])
        else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: file.path])
        }
        return secret
    }
}
