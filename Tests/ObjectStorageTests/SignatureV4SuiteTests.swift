import Foundation
import Testing

@testable import ObjectStorage

/// The AWS Signature Version 4 test suite (Fixtures/aws-sig-v4-test-suite, see its SOURCE.md): for each request,
/// our canonical request, string to sign and Authorization header must be AWS's, byte for byte.
@Suite struct SignatureV4SuiteTests {
    static let credentials = AWSCredentials(
        accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")

    /// Cases the suite itself gets wrong, so only the parts that are consistent are compared.
    static let stringToSignIsInconsistent: Set<String> = [
        // The published .sts does not hash the published .creq (a known fault of the suite's form-urlencoded pair).
        "post-x-www-form-urlencoded", "post-x-www-form-urlencoded-parameters",
    ]
    /// "POST /?p aram1=val ue1 HTTP/1.1": the suite cuts the query at the space, yet keeps the space in
    /// normalize-path/get-space's path; no one parser reads both request lines as the suite does.
    static let unreadableRequestLine: Set<String> = ["post-vanilla-query-space"]

    static var cases: [String] {
        guard let root = Bundle.module.url(forResource: "Fixtures/aws-sig-v4-test-suite", withExtension: nil),
            let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        else { return [] }
        return enumerator.compactMap { $0 as? URL }
            .filter { $0.pathExtension == "req" }
            .map { $0.deletingPathExtension().path }
            .filter { !unreadableRequestLine.contains(URL(fileURLWithPath: $0).lastPathComponent) }
            .sorted()
    }

    @Test func theSuiteIsThere() {
        #expect(Self.cases.count >= 28)
    }

    @Test(arguments: cases)
    func signsLikeAWS(_ casePath: String) throws {
        let name = URL(fileURLWithPath: casePath).lastPathComponent
        func read(_ ext: String) throws -> String { try String(contentsOfFile: casePath + "." + ext, encoding: .utf8) }
        let request = try SuiteRequest(try read("req"))
        let date = try #require(
            request.headers.first { $0.name.lowercased() == "x-amz-date" }.flatMap {
                SignatureV4.parseAmzDate($0.value)
            })
        let signer = SignatureV4(
            credentials: Self.credentials, region: "us-east-1", service: "service", pathRule: .normalized)
        let signing = SignatureV4.Request(
            method: request.method, path: request.path, query: request.query, headers: request.headers,
            payloadHash: SignatureV4.sha256Hex(Data(request.body.utf8)))

        let canonical = signer.canonicalRequest(signing)
        #expect(canonical.text == (try read("creq")), "canonical request of \(name)")
        guard !Self.stringToSignIsInconsistent.contains(name) else { return }
        let stringToSign = signer.stringToSign(canonicalRequest: canonical.text, date: date)
        #expect(stringToSign == (try read("sts")), "string to sign of \(name)")
        #expect(signer.authorization(for: signing, date: date) == (try read("authz")), "authorization of \(name)")
    }
}

/// A request of the suite's `.req` files: `METHOD target HTTP/1.1`, `Name:value` lines, a blank line, a body.
struct SuiteRequest {
    let method: String
    let path: String
    let query: [(name: String, value: String)]
    let headers: [(name: String, value: String)]
    let body: String

    init(_ text: String) throws {
        let parts = text.components(separatedBy: "\n\n")
        var lines = parts[0].components(separatedBy: "\n")
        body = parts.dropFirst().joined(separator: "\n\n")
        let requestLine = lines.removeFirst()
        guard let firstSpace = requestLine.firstIndex(of: " "), let lastSpace = requestLine.lastIndex(of: " ") else {
            throw SuiteError.unreadable(requestLine)
        }
        method = String(requestLine[..<firstSpace])
        let target = String(requestLine[requestLine.index(after: firstSpace)..<lastSpace])
        let pathAndQuery = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        path = String(pathAndQuery[0])
        query =
            pathAndQuery.count > 1 && !pathAndQuery[1].isEmpty
            ? pathAndQuery[1].split(separator: "&").map { pair in
                let nameValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let decode = { (text: Substring) in text.removingPercentEncoding ?? String(text) }
                return (decode(nameValue[0]), nameValue.count > 1 ? decode(nameValue[1]) : "")
            }
            : []
        headers = lines.filter { !$0.isEmpty }.map { line in
            let colon = line.firstIndex(of: ":") ?? line.endIndex
            return (String(line[..<colon]), colon < line.endIndex ? String(line[line.index(after: colon)...]) : "")
        }
    }

    enum SuiteError: Error { case unreadable(String) }
}
