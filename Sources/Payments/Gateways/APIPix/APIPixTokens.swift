import Foundation

/// OAuth access tokens of API Pix clients, kept until shortly before they expire, so a checkout costs one token
/// request per hour rather than one per call. The gateway is rebuilt for each use; the tokens outlive it here,
/// keyed by everything that obtained them (a changed secret or certificate asks again).
public actor APIPixTokens {
    public static let shared = APIPixTokens()

    struct Key: Hashable {
        var tokenURL: String
        var clientID: String
        var clientSecret: String
        var identity: ClientIdentity
        var scopes: String?
    }

    struct Token {
        var value: String
        var renewAt: Date
    }

    private var tokens: [Key: Token] = [:]
    /// Requests under way, so that concurrent calls wait for one token rather than each asking for their own.
    private var inFlight: [Key: Task<Token, any Error>] = [:]

    public init() {}

    /// How long before its stated expiry a token is replaced: a call started just before the end must not arrive
    /// with a token the PSP already dropped.
    static let margin: TimeInterval = 60

    func token(
        for key: Key, now: Date, request: @escaping @Sendable () async throws -> (value: String, lifetime: TimeInterval)
    ) async throws -> String {
        if let token = tokens[key], token.renewAt > now { return token.value }
        if let running = inFlight[key] { return try await running.value.value }
        let task = Task<Token, any Error> {
            let answer = try await request()
            return Token(value: answer.value, renewAt: now.addingTimeInterval(max(0, answer.lifetime - Self.margin)))
        }
        inFlight[key] = task
        defer { inFlight[key] = nil }
        let token = try await task.value
        tokens[key] = token
        return token.value
    }

    /// Drops a token the PSP refused (revoked, or bound to a certificate since replaced).
    func forget(_ key: Key) {
        tokens[key] = nil
    }
}
