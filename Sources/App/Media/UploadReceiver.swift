import Crypto
import Foundation
import Localization
import MultipartKit
import ObjectStorage
import Vapor

/// Reads a `multipart/form-data` request as it streams in: each file goes chunk by chunk to a temporary file,
/// hashed and sized on the way, and recognised by its first bytes; the small text fields stay in memory. Nothing
/// holds a whole upload in memory, and an upload over its limit is cut off as soon as it passes it.
struct UploadReceiver {
    /// The most bytes any one file may have; checked while it streams.
    let maximumFileBytes: Int
    /// Text fields are form values, not documents.
    static let maximumFieldBytes = 64 * 1024

    struct ReceivedForm: Sendable {
        var fields: [String: String] = [:]
        var files: [String: UploadedFile] = [:]

        /// Deletes the temporary files that were not handed to a store.
        func discard() {
            for file in files.values { try? FileManager.default.removeItem(at: file.url) }
        }
    }

    /// Why an upload was refused.
    enum Problem: Error, Equatable {
        case notMultipart
        case malformed
        case tooLarge(limit: Int)
        case fieldTooLarge(String)
    }

    func receive(_ request: Request) async throws -> ReceivedForm {
        guard let contentType = request.headers.contentType, contentType.type == "multipart",
            contentType.subType == "form-data", let boundary = contentType.parameters["boundary"]
        else { throw Problem.notMultipart }

        let parser = MultipartParser(boundary: boundary)
        let state = ParseState(maximumFileBytes: maximumFileBytes)
        parser.onHeader = { name, value in state.header(name, value) }
        parser.onBody = { buffer in state.body(&buffer) }
        parser.onPartComplete = { state.completePart() }
        do {
            if let collected = request.body.data {
                try parser.execute(collected)
            } else {
                for try await chunk in request.body {
                    try parser.execute(chunk)
                    if let refusal = state.refusal { throw refusal }
                }
            }
            if let refusal = state.refusal { throw refusal }
            guard state.finishedParts > 0 else { throw Problem.malformed }
        } catch {
            state.abandon()
            if error is Problem { throw error }
            throw Problem.malformed
        }
        // The same rule as every other body's text (`ControlCharacterGuard`), for the fields this body carried.
        let refused = ControlCharacterGuard.refusedFields(in: state.form.fields)
        guard refused.isEmpty else {
            state.form.discard()
            throw ControlCharacters.refusal(refused.sorted())
        }
        return state.form
    }

    /// The parser's callbacks are synchronous; this holds what they build up.
    final class ParseState: @unchecked Sendable {
        let maximumFileBytes: Int
        var form = ReceivedForm()
        var refusal: Problem?
        var finishedParts = 0

        private var name: String?
        private var filename: String?
        private var fieldBytes: [UInt8] = []
        private var file: (url: URL, handle: FileHandle)?
        private var fileSize = 0
        private var header: [UInt8] = []
        private var hasher = SHA256()

        init(maximumFileBytes: Int) { self.maximumFileBytes = maximumFileBytes }

        func header(_ headerName: String, _ value: String) {
            guard headerName.lowercased() == "content-disposition" else { return }
            name = Self.parameter("name", in: value)
            filename = Self.parameter("filename", in: value)
            if filename != nil, refusal == nil {
                let url = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "cf-upload-\(UUID().uuidString)")
                FileManager.default.createFile(atPath: url.path, contents: nil)
                if let handle = try? FileHandle(forWritingTo: url) {
                    file = (url, handle)
                } else {
                    refusal = .malformed
                }
            }
        }

        func body(_ buffer: inout ByteBuffer) {
            guard refusal == nil, let bytes = buffer.readBytes(length: buffer.readableBytes) else { return }
            if let file {
                fileSize += bytes.count
                guard fileSize <= maximumFileBytes else {
                    refusal = .tooLarge(limit: maximumFileBytes)
                    return
                }
                if header.count < MediaSniffer.headerLength {
                    header += bytes.prefix(MediaSniffer.headerLength - header.count)
                }
                hasher.update(data: bytes)
                do { try file.handle.write(contentsOf: bytes) } catch { refusal = .malformed }
            } else {
                fieldBytes += bytes
                if fieldBytes.count > UploadReceiver.maximumFieldBytes { refusal = .fieldTooLarge(name ?? "") }
            }
        }

        func completePart() {
            defer {
                name = nil
                filename = nil
                fieldBytes = []
                file = nil
                fileSize = 0
                header = []
                hasher = SHA256()
            }
            guard refusal == nil, let name else { return }
            finishedParts += 1
            if let file {
                try? file.handle.close()
                // An empty file input (nothing chosen) sends a part with an empty filename and no bytes.
                if fileSize == 0, (filename ?? "").isEmpty {
                    try? FileManager.default.removeItem(at: file.url)
                    return
                }
                form.files[name] = UploadedFile(
                    url: file.url, size: fileSize,
                    sha256: hasher.finalize().map { String(format: "%02x", $0) }.joined(),
                    kind: MediaSniffer.kind(of: header), filename: filename)
            } else {
                form.fields[name] = String(decoding: fieldBytes, as: UTF8.self)
            }
        }

        func abandon() {
            if let file {
                try? file.handle.close()
                try? FileManager.default.removeItem(at: file.url)
            }
            form.discard()
        }

        /// `name="value"` from a Content-Disposition header.
        static func parameter(_ parameter: String, in header: String) -> String? {
            for part in header.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                let pieces = part.split(separator: "=", maxSplits: 1).map(String.init)
                guard pieces.count == 2, pieces[0].lowercased() == parameter else { continue }
                var value = pieces[1]
                if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                    value = String(value.dropFirst().dropLast())
                }
                return value
            }
            return nil
        }
    }
}

extension UploadReceiver.Problem: AbortError {
    var status: HTTPResponseStatus {
        switch self {
        case .notMultipart: .unsupportedMediaType
        case .malformed: .badRequest
        case .tooLarge, .fieldTooLarge: .payloadTooLarge
        }
    }

    var reason: String { message(Copy(.english)) }
}

/// Spelled in the reader's language by the error middleware.
extension UploadReceiver.Problem: RefusalReason {
    func message(_ copy: Copy) -> String {
        switch self {
        case .notMultipart: copy.uploadNotMultipart
        case .malformed: copy.uploadUnreadable
        case .tooLarge(let limit): copy.uploadTooLarge(megabytes: limit / (1024 * 1024))
        case .fieldTooLarge(let name): copy.uploadFieldTooLong(name)
        }
    }
}
