import Foundation

/// Reads S3's `ListBucketResult` (ListObjectsV2) and `Error` documents. They are small and flat, so a few lines of
/// scanning read them without an XML library (Foundation's XMLParser needs libxml2 at run time on Linux).
enum S3XML {
    /// The listing; keys are requested with `encoding-type=url`, so any byte survives the XML round trip.
    static func listing(_ document: String) throws -> ObjectListingPage {
        guard document.contains("<ListBucketResult") else {
            throw ObjectStoreError.malformedResponse("no ListBucketResult")
        }
        var objects: [StoredObject] = []
        for block in elements("Contents", in: document) {
            guard let encodedKey = firstValue("Key", in: block), let key = urlDecoded(encodedKey) else {
                throw ObjectStoreError.malformedResponse("a listed object has no readable key")
            }
            objects.append(
                StoredObject(
                    key: key,
                    size: firstValue("Size", in: block).flatMap { Int($0) } ?? 0,
                    eTag: firstValue("ETag", in: block),
                    lastModified: firstValue("LastModified", in: block).flatMap(parseISO8601)))
        }
        let isTruncated = firstValue("IsTruncated", in: document) == "true"
        let token = isTruncated ? firstValue("NextContinuationToken", in: document) : nil
        if isTruncated, token == nil {
            throw ObjectStoreError.malformedResponse("truncated without a continuation token")
        }
        return ObjectListingPage(objects: objects, continuationToken: token)
    }

    /// The `Code` and `Message` of an error document.
    static func error(_ document: String) -> (code: String?, message: String?) {
        (firstValue("Code", in: document), firstValue("Message", in: document))
    }

    /// The contents of every `<name>…</name>`, in order.
    static func elements(_ name: String, in document: String) -> [Substring] {
        var found: [Substring] = []
        var rest = document[...]
        while let open = rest.range(of: "<\(name)>") {
            guard let close = rest.range(of: "</\(name)>", range: open.upperBound..<rest.endIndex) else { break }
            found.append(rest[open.upperBound..<close.lowerBound])
            rest = rest[close.upperBound...]
        }
        return found
    }

    static func firstValue<S: StringProtocol>(_ name: String, in document: S) -> String? {
        guard let open = document.range(of: "<\(name)>"),
            let close = document.range(of: "</\(name)>", range: open.upperBound..<document.endIndex)
        else { return nil }
        return unescaped(String(document[open.upperBound..<close.lowerBound]))
    }

    /// XML's five named entities and numeric references.
    static func unescaped(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = text[...]
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            guard let semicolon = rest[ampersand...].firstIndex(of: ";") else { break }
            let entity = rest[rest.index(after: ampersand)..<semicolon]
            switch entity {
            case "amp": result += "&"
            case "lt": result += "<"
            case "gt": result += ">"
            case "quot": result += "\""
            case "apos": result += "'"
            default:
                let number =
                    entity.hasPrefix("#x")
                    ? UInt32(entity.dropFirst(2), radix: 16)
                    : entity.hasPrefix("#") ? UInt32(entity.dropFirst()) : nil
                if let number, let scalar = Unicode.Scalar(number) {
                    result.unicodeScalars.append(scalar)
                } else {
                    result += "&\(entity);"
                }
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        return result + rest
    }

    /// `encoding-type=url` keys: `+` is a space, `%XX` a byte.
    static func urlDecoded(_ text: String) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    static func parseISO8601(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
