import Accounts
import FluentKit
import FluentSQL
import Foundation
import Localization
import Schema

/// The admin's view of checkouts: filtered by status, method, date and e-mail, newest first, a page at a time or
/// whole as CSV. Dates are the site's days (São Paulo), turned into UTC bounds here.
public struct CheckoutSearch: Sendable, Equatable {
    public var status: CheckoutStatus?
    public var method: PaymentMethod?
    /// First and last day included, as "yyyy-MM-dd".
    public var from: String?
    public var to: String?
    /// Part of the customer's e-mail, case-insensitive.
    public var email: String?
    public var page = 1

    public static let pageSize = 50
    /// The CSV stops here: an export is for a spreadsheet, and a filter narrows a bigger one.
    public static let exportLimit = 100_000

    public enum Problem: String, RefusalReason {
        case statusUnknown = "status_unknown"
        case methodUnknown = "method_unknown"
        case dateInvalid = "date_invalid"

        public func message(_ copy: Copy) -> String {
            switch self {
            case .statusUnknown: copy.filterStatusUnknown
            case .methodUnknown: copy.filterMethodUnknown
            case .dateInvalid: copy.filterDateInvalid
            }
        }
    }

    /// The filters as a page or the API sends them; blank means "any".
    public struct Query: Codable, Sendable {
        public var status: String?
        public var method: String?
        public var from: String?
        public var to: String?
        public var email: String?
        public var page: Int?
    }

    public init(
        status: CheckoutStatus? = nil, method: PaymentMethod? = nil, from: String? = nil, to: String? = nil,
        email: String? = nil, page: Int = 1
    ) {
        self.status = status
        self.method = method
        self.from = from
        self.to = to
        self.email = email
        self.page = page
    }

    public init(_ query: Query) throws {
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
    public var queryString: String {
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
    public static func encodedQuery(_ items: [URLQueryItem]) -> String {
        var components = URLComponents()
        components.queryItems = items
        return (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
    }

    public func query(on database: any Database) -> QueryBuilder<Checkout> {
        let query = Checkout.query(on: database).with(\.$plan)
        if let status { query.filter(\.$status == status) }
        if let method { query.filter(\.$paymentMethod == method) }
        if let start = from.flatMap(SiteClock.startOfDay) { query.filter(\.$createdAt >= start) }
        if let end = to.flatMap(SiteClock.startOfDay) { query.filter(\.$createdAt < end.addingTimeInterval(86_400)) }
        if let email, !email.isEmpty { query.filter(.sql(SQLLowercasedLike.containing(email, in: "customer_email"))) }
        return query.sort(\.$id, .descending)
    }

    public func page(on database: any Database) async throws -> (checkouts: [Checkout], hasMore: Bool) {
        let rows = try await query(on: database).range(((page - 1) * Self.pageSize)..<(page * Self.pageSize + 1)).all()
        return (Array(rows.prefix(Self.pageSize)), rows.count > Self.pageSize)
    }

    // MARK: CSV

    public static let csvHeader = [
        "id", "created_at_utc", "status", "payment_method", "plan", "total_cents", "total", "order_bump_ids",
        "customer_name", "customer_email", "customer_phone", "external_id",
    ]

    public static func csvRows(_ checkouts: [Checkout]) -> [[String]] {
        let formatter = ISO8601DateFormatter()
        return [csvHeader]
            + checkouts.map { checkout in
                [
                    checkout.id.map(String.init) ?? "", checkout.createdAt.map(formatter.string(from:)) ?? "",
                    checkout.status.rawValue,
                    checkout.paymentMethod?.rawValue ?? "", checkout.plan?.name ?? "", String(checkout.totalAmount),
                    Money(cents: checkout.totalAmount).formatted,
                    (checkout.orderBumpIDs?.value ?? []).map(String.init).joined(separator: " "),
                    checkout.customerName ?? "", checkout.customerEmail ?? "", checkout.customerPhone ?? "",
                    checkout.externalID ?? "",
                ]
            }
    }
}
