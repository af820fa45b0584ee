import Ads
import Fluent
import Localization
import Schema
import Vapor

/// The admin panel's ads (`/admin/anuncios`): the campaigns with their counters, the form with the
/// type→placement rules, and duplicate, pause and resume as one click each.
enum AdsAdminController {
    static func register(on routes: any RoutesBuilder) {
        routes.get(AdminURL.ads.pathComponents, use: list)
        routes.get(AdminURL.adNew.pathComponents, use: newAd)
        routes.post(AdminURL.adNew.pathComponents, use: create)
        routes.get(AdminURL.ad(nil).pathComponents, use: edit)
        routes.post(AdminURL.ad(nil).pathComponents, use: update)
        routes.post(AdminURL.adDelete(nil).pathComponents, use: delete)
        routes.post(AdminURL.adDuplicate(nil).pathComponents, use: duplicate)
        routes.post(AdminURL.adPause(nil).pathComponents, use: { try await setStatus(.paused, $0) })
        routes.post(AdminURL.adResume(nil).pathComponents, use: { try await setStatus(.active, $0) })
    }

    struct AdForm: Content {
        var name: String?
        var type: String?
        var placement: String?
        var status: String?
        var title: String?
        var subtitle: String?
        var cta_text: String?
        var image_url: String?
        var link: String?
        var category: String?
        var priority: String?
        var start_date: String?
        var end_date: String?

        /// A priority that isn't a number becomes none, which validation names; a date that doesn't read is kept
        /// for the form and refused in `problems`.
        var input: AdCampaignRules.Input {
            .init(
                name: name ?? "", type: type ?? "", placement: placement ?? "", status: status ?? "",
                title: title ?? "",
                subtitle: subtitle ?? "", ctaText: cta_text ?? "", imageURL: image_url ?? "", link: link ?? "",
                category: category ?? "", priority: (priority ?? "").isEmpty ? 0 : Int(priority ?? ""),
                startDate: start_date.flatMap(AdFormDates.parse), endDate: end_date.flatMap(AdFormDates.parse))
        }

        /// Dates typed but unreadable (a browser without a date picker).
        var dateProblems: [String: String] {
            var problems: [String: String] = [:]
            for (field, value) in [("start_date", start_date), ("end_date", end_date)] {
                if let value, !value.isEmpty, AdFormDates.parse(value) == nil { problems[field] = "date" }
            }
            return problems
        }

        var values: [String: String] {
            [
                "name": name ?? "", "type": type ?? "", "placement": placement ?? "", "status": status ?? "",
                "title": title ?? "",
                "subtitle": subtitle ?? "", "cta_text": cta_text ?? "", "image_url": image_url ?? "",
                "link": link ?? "",
                "category": category ?? "", "priority": priority ?? "", "start_date": start_date ?? "",
                "end_date": end_date ?? "",
            ]
        }

        init(_ ad: Ad?) {
            name = ad?.name
            type = ad?.type.rawValue ?? AdType.banner.rawValue
            placement = ad?.placement.rawValue ?? AdPlacement.homeTop.rawValue
            status = ad?.status.rawValue ?? AdStatus.draft.rawValue
            title = ad?.title
            subtitle = ad?.subtitle
            cta_text = ad?.ctaText
            image_url = ad?.imageURL
            link = ad?.link
            category = ad?.category
            priority = ad.map { String($0.priority) } ?? "0"
            start_date = ad?.startDate.map(AdFormDates.format)
            end_date = ad?.endDate.map(AdFormDates.format)
        }
    }

    @Sendable static func list(req: Request) async throws -> Response {
        AdsAdminPages.list(
            await req.pageContext(), ads: try await Ad.query(on: req.db).sort(\.$id, .descending).all(),
            notice: req.adminNotice)
    }

    @Sendable static func newAd(req: Request) async throws -> Response {
        AdsAdminPages.form(await req.pageContext(), ad: nil, state: FormState(values: AdForm(nil).values), status: .ok)
    }

    @Sendable static func create(req: Request) async throws -> Response { try await save(req, into: Ad()) }

    @Sendable static func edit(req: Request) async throws -> Response {
        let ad = try await req.requestedAd()
        return AdsAdminPages.form(
            await req.pageContext(), ad: ad, state: FormState(values: AdForm(ad).values), status: .ok)
    }

    @Sendable static func update(req: Request) async throws -> Response {
        try await save(req, into: try await req.requestedAd())
    }

    static func save(_ req: Request, into ad: Ad) async throws -> Response {
        let form = try req.content.decode(AdForm.self)
        let context = await req.pageContext()
        func refused(_ errors: [String: String]) -> Response {
            let state = FormState(values: form.values, fieldErrors: errors, formError: context.copy.fixTheFields)
            return AdsAdminPages.form(context, ad: ad.id == nil ? nil : ad, state: state, status: .unprocessableEntity)
        }
        // Unreadable dates are refused with every other field's problem, so one submit shows them all.
        let dateErrors = form.dateProblems.mapValues { _ in context.copy.adDateInvalid }
        guard dateErrors.isEmpty else {
            var errors = dateErrors
            do { _ = try AdCampaignRules.validate(form.input) } catch {
                errors.merge(error.messages(context.copy)) { date, _ in date }
            }
            return refused(errors)
        }
        do {
            try await AdAdministration.save(form.input, into: ad, on: req.db, serving: req.application.adServing)
            return req.redirectAfterForm(to: AdminURL.ads.with(.saved))
        } catch let error as Refusal {
            return refused(error.messages(context.copy))
        }
    }

    @Sendable static func delete(req: Request) async throws -> Response {
        try await AdAdministration.delete(try await req.requestedAd(), on: req.db, serving: req.application.adServing)
        return req.redirectAfterForm(to: AdminURL.ads.with(.deleted))
    }

    @Sendable static func duplicate(req: Request) async throws -> Response {
        let copy = try await AdAdministration.duplicate(try await req.requestedAd(), on: req.db)
        return req.redirectAfterForm(to: AdminURL.ad(copy.id).with(.adDuplicated))
    }

    static func setStatus(_ status: AdStatus, _ req: Request) async throws -> Response {
        try await AdAdministration.setStatus(
            status, of: try await req.requestedAd(), on: req.db, serving: req.application.adServing)
        return req.redirectAfterForm(to: AdminURL.ads.with(.saved))
    }
}

/// The form's dates: `datetime-local` values ("2026-12-01T10:00") in São Paulo's time, stored in UTC.
enum AdFormDates {
    /// A formatter per call: `DateFormatter` isn't safe to share across threads, and forms are rare.
    static func formatter() -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = SiteClock.timeZone
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm"
        return formatter
    }

    static func parse(_ value: String) -> Date? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        return formatter().date(from: String(trimmed.prefix(16)))
    }

    static func format(_ date: Date) -> String { formatter().string(from: date) }
}
