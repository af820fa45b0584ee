import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import Payments

/// Providers' HTTP calls through AsyncHTTPClient, each with a deadline, so a slow provider can't hold a checkout
/// or a postback open. A request with a client identity presents it in the TLS handshake (mutual TLS); its
/// configuration is built once per identity.
public struct HTTPClientTransport: ProviderHTTPTransport {
    let client: HTTPClient
    let timeout: TimeAmount
    let configurations: TLSConfigurations

    public init(client: HTTPClient, timeout: TimeAmount = .seconds(15)) {
        self.client = client
        self.timeout = timeout
        self.configurations = .shared
    }

    public func send(_ request: ProviderHTTPRequest) async throws -> ProviderHTTPResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers { outgoing.headers.replaceOrAdd(name: name, value: value) }
        if let body = request.body { outgoing.body = .bytes(ByteBuffer(bytes: body)) }
        if let identity = request.clientIdentity {
            outgoing.tlsConfiguration = try await configurations.configuration(for: identity)
        }
        let response: HTTPClientResponse
        do {
            response = try await client.execute(outgoing, timeout: timeout)
        } catch {
            throw TransportFailure(url: request.url, error: error, presentedCertificate: request.clientIdentity != nil)
        }
        let body = try await response.body.collect(upTo: 4 << 20)
        return ProviderHTTPResponse(status: Int(response.status.code), body: Data(body.readableBytesView))
    }
}

/// A call that got no answer, said so that an admin knows where to look.
public struct TransportFailure: Error, CustomStringConvertible {
    public let url: String
    public let error: any Error
    public let presentedCertificate: Bool

    public var description: String {
        let host = URL(string: url)?.host ?? url
        let text = "\(error)"
        if error is NIOSSLError || text.contains("handshakeFailed") || text.contains("SSL") {
            let hint =
                presentedCertificate
                ? "the PSP may have refused our client certificate, or we its server certificate"
                : "the server's certificate was refused, or it demanded a client certificate"
            return "the TLS handshake with \(host) failed (\(hint)): \(text)"
        }
        if let client = error as? HTTPClientError, client == .deadlineExceeded || client == .readTimeout {
            return "\(host) did not answer in time"
        }
        return "\(host) could not be reached: \(text)"
    }
}

/// TLS configurations by client identity: parsing PEM and building a context costs far more than a request.
actor TLSConfigurations {
    static let shared = TLSConfigurations()
    private var configurations: [ClientIdentity: TLSConfiguration] = [:]

    func configuration(for identity: ClientIdentity) throws -> TLSConfiguration {
        if let configuration = configurations[identity] { return configuration }
        let configuration = try ClientIdentityCheck.configuration(for: identity)
        // A handful of gateways at most; a replaced certificate leaves one stale entry behind until restart.
        if configurations.count > 32 { configurations.removeAll() }
        configurations[identity] = configuration
        return configuration
    }
}
