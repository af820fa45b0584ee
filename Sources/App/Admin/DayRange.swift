import Localization
import Plot
import Vapor

/// A range of São Paulo days an admin report reads (`?from=yyyy-MM-dd&to=yyyy-MM-dd`, as the checkouts list
/// filters): by default the last 30 up to today; at most 366. Days are given back in their canonical form
/// ("2026-01-05", not "2026-1-5"), since stored days are compared as text.
struct DayRange: Sendable, Equatable {
    let from: String
    let to: String

    static let maximumDays = 366

    init?(from: String?, to: String?, now: Date = Date()) {
        func given(_ value: String?) -> String? { value.flatMap { $0.isEmpty ? nil : $0 } }
        guard let end = SiteClock.startOfDay(given(to) ?? SiteClock.dayKey(now)) else { return nil }
        guard
            let start = given(from).map(SiteClock.startOfDay)
                ?? SiteClock.startOfDay(SiteClock.dayKey(end, addingDays: -29)),
            start <= end, SiteClock.dayKey(start, addingDays: Self.maximumDays) > SiteClock.dayKey(end)
        else { return nil }
        self.from = SiteClock.dayKey(start)
        self.to = SiteClock.dayKey(end)
    }

    struct Query: Content {
        var from: String?
        var to: String?
    }

    /// The request's range; nil when it doesn't read.
    static func of(_ req: Request) throws -> DayRange? {
        let query = try req.query.decode(Query.self)
        return DayRange(from: query.from, to: query.to)
    }

    /// The range as a query string, for links that keep it (the CSV export).
    var queryString: String { "?from=\(from)&to=\(to)" }

    /// The report's range filter, with the refusal when the range given doesn't read.
    static func filter(_ range: DayRange?, action: String, _ copy: Copy) -> Node<HTML.BodyContext> {
        .group(
            .form(
                .class("filters"), .action(action), .method(.get),
                FormFields.input(
                    "from", label: copy.fromDay, type: .date, state: FormState(values: ["from": range?.from ?? ""]),
                    required: false),
                FormFields.input(
                    "to", label: copy.toDay, type: .date, state: FormState(values: ["to": range?.to ?? ""]),
                    required: false),
                .button(.type(.submit), .class("button"), .text(copy.filter))
            ),
            .if(
                range == nil,
                .p(.class("form-error"), .attribute(named: "role", value: "alert"), .text(copy.adAnalyticsRangeInvalid))
            )
        )
    }
}
