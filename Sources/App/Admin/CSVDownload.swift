import Vapor

/// A CSV file for the admin to download (checkouts, ad analytics): RFC 4180, CRLF line ends, UTF-8, never cached.
enum CSVDownload {
    /// RFC 4180 quoting, and a leading quote mark on anything a spreadsheet would run as a formula (a buyer's
    /// name is theirs to choose). Fields with `;` are quoted too: Excel in Brazil splits on it.
    static func field(_ value: String) -> String {
        var text = value
        if let first = text.first, "=+-@\t\r".contains(first) { text = "'" + text }
        guard text.contains(where: { ",;\"\r\n\t".contains($0) }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func document(_ rows: [[String]]) -> String {
        rows.map { $0.map(field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// The rows as an attachment named `filename` (plain ASCII, given by us).
    static func response(_ rows: [[String]], filename: String) -> Response {
        let response = Response(status: .ok, body: .init(string: document(rows)))
        response.headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename)\"")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}
