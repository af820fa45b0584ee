import Foundation
import Payments

/// Certificates made for one test run with the real `openssl`: a CA, the stand-in's server certificate, a client
/// certificate it issued, and the wrong ones (another CA's client, an expired client). Nothing here is a key
/// anyone else holds.
public struct TestCertificates: Sendable {
    public let authorityPEM: String
    public let serverCertificatePEM: String
    public let serverKeyPEM: String
    /// Issued by the authority, trusting it for the server: what a PSP would hand a receiver.
    public let client: ClientIdentity
    /// Issued by another authority the stand-in doesn't trust.
    public let strangerClient: ClientIdentity
    /// Issued by the authority, expired since yesterday.
    public let expiredClient: ClientIdentity

    /// Made once per test process: `openssl` takes a moment per key.
    public static func shared() throws -> TestCertificates {
        try made.get()
    }

    private static let made: Result<TestCertificates, any Error> = Result { try make() }

    public struct OpenSSLFailed: Error, CustomStringConvertible {
        public let arguments: [String]
        public let output: String
        public var description: String { "openssl \(arguments.joined(separator: " ")) failed: \(output)" }
    }

    static func make() throws -> TestCertificates {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "creatorflix-apipix-ca-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        func run(_ arguments: [String]) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["openssl"] + arguments
            process.currentDirectoryURL = directory
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            try process.run()
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw OpenSSLFailed(arguments: arguments, output: String(decoding: output, as: UTF8.self))
            }
        }
        func read(_ name: String) throws -> String {
            try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        }
        let curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
        func authority(_ name: String) throws {
            try run(
                ["req", "-x509"] + curve + [
                    "-keyout", "\(name).key", "-out", "\(name).pem", "-subj", "/CN=\(name)", "-days", "3",
                ])
        }
        func issue(_ name: String, by ca: String, subject: String, days: Int, extensions: [String] = []) throws {
            try run(["req"] + curve + ["-keyout", "\(name).key", "-out", "\(name).csr", "-subj", subject] + extensions)
            try run(
                [
                    "x509", "-req", "-in", "\(name).csr", "-CA", "\(ca).pem", "-CAkey", "\(ca).key", "-set_serial",
                    String(Int.random(in: 1000...999_999)), "-days", String(days), "-out", "\(name).pem",
                ]
                    + (extensions.isEmpty ? [] : ["-copy_extensions", "copy"]))
        }
        try authority("psp-ca")
        try authority("stranger-ca")
        try issue(
            "server", by: "psp-ca", subject: "/CN=localhost", days: 3,
            extensions: ["-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"])
        try issue("client", by: "psp-ca", subject: "/CN=creatorflix-receiver", days: 3)
        try issue("stranger", by: "stranger-ca", subject: "/CN=creatorflix-receiver", days: 3)
        try issue("expired", by: "psp-ca", subject: "/CN=creatorflix-receiver", days: -1)
        let roots = try read("psp-ca.pem")
        func identity(_ name: String) throws -> ClientIdentity {
            ClientIdentity(
                certificateChainPEM: try read("\(name).pem"), privateKeyPEM: try read("\(name).key"),
                trustRootsPEM: roots)
        }
        return TestCertificates(
            authorityPEM: roots, serverCertificatePEM: try read("server.pem"), serverKeyPEM: try read("server.key"),
            client: try identity("client"), strangerClient: try identity("stranger"),
            expiredClient: try identity("expired"))
    }
}
