import Accounts
import Fluent
import Foundation
import Localization
import Schema
import Vapor

/// The admin's view of checkouts: filtered by status, method, date and e-mail, newest first, a page at a time or
/// whole as CSV. Dates are the site's days (São Paulo), turned into UTC bounds here.
struct CheckoutSearch: Sendable, Equatable {
    var status: CheckoutStatus?
    var method: PaymentMethod?
    /// First and last day included, as "yyyy-MM-dd".
    var from: String?
    var to: String?
    /// Part of the customer's e-mail, case-insensitive.
    var email: String?
    var page = 1

    static let pageSize = 50
    /// The CSV stops here: an export is for a spreadsheet, and a filter narrows a bigger one.
    static let exportLimit = 100_000

    enum Problem: String, RefusalReason {
        case statusUnknown = "status_unknown"
        case methodUnknown = "method_unknown"
        case dateInvalid = "date_invalid"

        func message(_ copy: Copy) -> String {
            switch self {
            case .statusUnknown: copy.filterStatusUnknown
            case .methodUnknown: copy.filterMethodUnknown
            case .dateInvalid: copy.filterDateInvalid
            }
        }
    }

    /// The filters as a page or the API sends them; blank means "any".
    struct Query: Content {
        var status: String?
        var method: String?
        var from: String?
        var to: String?
        var email: String?
        var page: Int?
    }

    init(status: CheckoutStatus? = nil, method: PaymentMethod? = nil, from: String? = nil, to: String? = nil, email: String? = nil, page: Int = 1) {
        self.status = status
        self.method = method
        self.from = from
        self.to = to
        self.email = email
        self.page = page
    }

    init(_ query: Query) throws {
        func blank(_ value: String?) -> String? {
            let trimmed = value?.trimmingCharacters(in: .whitespaces) ?? ""
            return trimmed.isEmpty ? nil : trimmed
        }
        var problems: [String: Problem] = [:]
        if let raw = blank(query.status) {
            status = CheckoutStatus(rawValue: raw)
            if status == nil { problems["status"] = .statusUnknown }
        }
        if let raw = blank(query.method) {
            method = PaymentMethod(rawValue: raw)
            if method == nil { problems["method"] = .methodUnknown }
        }
        from = blank(query.from)
        to = blank(query.to)
        if let from, SiteClock.startOfDay(from) == nil { problems["from"] = .dateInvalid }
        if let to, SiteClock.startOfDay(to) == nil { problems["to"] = .dateInvalid }
        email = blank(query.email).map { String($0.lowercased().prefix(200)) }
        page = max(1, min(query.page ?? 1, 10_000))
        guard problems.isEmpty else { throw Refusal.invalid(problems) }
    }

    /// The filters as a query string, for links that keep them (pages, CSV).
    var queryString: String {
        var items: [URLQueryItem] = []
        if let status { items.append(.init(name: "status", value: status.rawValue)) }
        if let method { items.append(.init(name: "method", value: method.rawValue)) }
        if let from { items.append(.init(name: "from", value: from)) }
        if let to { items.append(.init(name: "to", value: to)) }
        if let email { items.append(.init(name: "email", value: email)) }
        return Self.encodedQuery(items)
    }

    /// A query string whose values come back as they went: `URLComponents` leaves `+` alone, and form
    /// decoding reads it as a space ("ana+vip@…").
    static func encodedQuery(_ items: [URLQueryItem]) -> String {
        var components = URLComponents()
        components.queryItems = items
        return (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
    }

    func query(on database: any Database) -> QueryBuilder<Checkout> {
        let query = Checkout.query(on: database).with(\.$plan)
        if let status { query.filter(\.$status == status) }
        if let method { query.filter(\.$paymentMethod == method) }
        if let start = from.flatMap(SiteClock.startOfDay) { query.filter(\.$createdAt >= start) }
        if let end = to.flatMap(SiteClock.startOfDay) { query.filter(\.$createdAt < end.addingTimeInterval(86_400)) }
        // E-mails are stored lower-cased (`AccountRules.normalizedEmail`), so matching the lower-cased filter
        // is case-insensitive on both databases.
        if let email, !Self.likeEscaped(email).isEmpty { query.filter(\.$customerEmail ~~ Self.likeEscaped(email)) }
        return query.sort(\.$id, .descending)
    }

    func page(on database: any Database) async throws -> (checkouts: [Checkout], hasMore: Bool) {
        let rows = try await query(on: database).range(((page - 1) * Self.pageSize)..<(page * Self.pageSize + 1)).all()
        return (Array(rows.prefix(Self.pageSize)), rows.count > Self.pageSize)
    }

    /// `%` and `_` typed by the admin would be wildcards in LIKE, and Fluent can't add an ESCAPE clause; they are
    /// dropped instead (`_` is rare in e-mails, and the rest of the text still narrows the list).
    static func likeEscaped(_ text: String) -> String {
        text.filter { $0 != "%" && $0 != "_" && $0 != "\\" }
    }

    // MARK: CSV

    static let csvHeader = [
        "id", "created_at_utc", "status", "payment_method", "plan", "total_cents", "total", "order_bump_ids",
        "customer_name", "customer_email", "customer_phone", "external_id",
    ]

    static func csvRows(_ checkouts: [Checkout]) -> [[String]] {
        let formatter = ISO8601DateFormatter()
        return [csvHeader] + checkouts.map { checkout in
            [
                checkout.id.map(String.init) ?? "", checkout.createdAt.map(formatter.string(from:)) ?? "", checkout.status.rawValue,
                checkout.paymentMethod?.rawValue ?? "", checkout.plan?.name ?? "", String(checkout.totalAmount),
                Money(cents: checkout.totalAmount).formatted,
                (checkout.orderBumpIDs?.value ?? []).map(String.init).joined(separator: " "),
                checkout.customerName ?? "", checkout.customerEmail ?? "", checkout.customerPhone ?? "", checkout.externalID ?? "",
            ]
        }
    }

    static func csvResponse(_ checkouts: [Checkout], now: Date = Date()) -> Response {
        let stamp = ISO8601DateFormatter().string(from: now).prefix(10)
        return CSVDownload.response(csvRows(checkouts), filename: "checkouts-\(stamp).csv")
    }
}
