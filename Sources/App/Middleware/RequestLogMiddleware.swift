import Vapor

/// Logs one structured line per request (method, path, status, duration, request id) and returns the request
/// id in `X-Request-Id`. A well-formed id sent by a proxy is kept, so one id follows a request through the stack.
struct RequestLogMiddleware: AsyncMiddleware {
    static let header = "X-Request-Id"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let started = ContinuousClock.now
        // Not `request.id`: Vapor copies that from the incoming header unchecked.
        let requestID = Self.acceptedRequestID(request.headers.first(name: Self.header)) ?? UUID().uuidString
        request.logger[metadataKey: "request-id"] = .string(requestID)

        let response: Response
        do {
            response = try await next.respond(to: request)
        } catch {
            // Only reached if an error escapes the error middleware; it still deserves its log line.
            log(request, status: .internalServerError, since: started)
            throw error
        }
        response.headers.replaceOrAdd(name: Self.header, value: requestID)
        log(request, status: response.status, since: started)
        return response
    }

    private func log(_ request: Request, status: HTTPResponseStatus, since started: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - started
        let milliseconds =
            Double(elapsed.components.seconds) * 1_000
            + Double(elapsed.components.attoseconds) / 1_000_000_000_000_000
        request.logger.info(
            "request",
            metadata: [
                "method": .string(request.method.rawValue),
                "path": .string(request.url.path),
                "status": .stringConvertible(status.code),
                "duration_ms": .string(String(format: "%.2f", milliseconds)),
            ])
    }

    /// Ids from outside are kept only when short and plain, so they can't forge log lines.
    static func acceptedRequestID(_ candidate: String?) -> String? {
        guard let candidate, (1...128).contains(candidate.count),
            candidate.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") })
        else { return nil }
        return candidate
    }
}
