import FluentKit
import Foundation
import Localization
import Schema

/// Why a plan or an order bump was refused, per field.
public enum OfferProblem: String, RefusalReason {
    case planNameRequired = "plan_name_required"
    case bumpNameRequired = "bump_name_required"
    case nameTooLong = "name_too_long"
    case priceInvalid = "price_invalid"
    case durationInvalid = "duration_invalid"
    case billingInvalid = "billing_invalid"
    case billingPeriodInvalid = "billing_period_invalid"
    case recurringNeedsOurCheckout = "recurring_needs_our_checkout"
    case firstPeriodPriceInvalid = "first_period_price_invalid"
    case benefitsInvalid = "benefits_invalid"
    case ctaTooLong = "cta_too_long"
    case checkoutURLInvalid = "checkout_url_invalid"
    case paymentMethodRequired = "payment_method_required"
    case descriptionTooLong = "description_too_long"
    case imageURLInvalid = "image_url_invalid"
    case displayOrderInvalid = "display_order_invalid"
    /// A plan that checkouts or subscriptions point at can't be deleted: the seed's foreign keys keep them.
    case planInUse = "plan_in_use"

    public func message(_ copy: Copy) -> String {
        switch self {
        case .planNameRequired: copy.planNameRequired
        case .bumpNameRequired: copy.bumpNameRequired
        case .nameTooLong: copy.nameTooLong80
        case .priceInvalid: copy.priceInvalid
        case .durationInvalid: copy.durationInvalid
        case .billingInvalid: copy.billingInvalid
        case .billingPeriodInvalid: copy.billingPeriodInvalid
        case .recurringNeedsOurCheckout: copy.recurringNeedsOurCheckout
        case .firstPeriodPriceInvalid: copy.firstPeriodPriceInvalid
        case .benefitsInvalid: copy.benefitsInvalid
        case .ctaTooLong: copy.ctaTooLong
        case .checkoutURLInvalid: copy.checkoutURLInvalid
        case .paymentMethodRequired: copy.paymentMethodRequired
        case .descriptionTooLong: copy.descriptionTooLong300
        case .imageURLInvalid: copy.imageURLHTTPSOrEmpty
        case .displayOrderInvalid: copy.displayOrderInvalid
        case .planInUse: copy.planInUse
        }
    }
}

/// Plans (`plans`) as admins manage them. Prices are integer cents; durations whole days.
public enum PlanAdministration {
    public struct Input: Sendable {
        public var name: String
        public var priceCents: Int
        public var durationDays: Int
        public var benefits: [String]
        public var ctaText: String
        public var checkoutURL: String
        public var acceptsPix: Bool
        public var acceptsCard: Bool
        /// `one_time` or `recurring`, as typed.
        public var billing: String
        /// A recurring plan's period, `P1M`; ignored for a one-time plan.
        public var billingPeriod: String
        public var firstPeriodPriceCents: Int?

        public init(
            name: String, priceCents: Int, durationDays: Int, benefits: [String], ctaText: String, checkoutURL: String,
            acceptsPix: Bool, acceptsCard: Bool, billing: String = PlanBilling.oneTime.rawValue,
            billingPeriod: String = "", firstPeriodPriceCents: Int? = nil
        ) {
            self.billing = billing
            self.billingPeriod = billingPeriod
            self.firstPeriodPriceCents = firstPeriodPriceCents
            self.name = name
            self.priceCents = priceCents
            self.durationDays = durationDays
            self.benefits = benefits
            self.ctaText = ctaText
            self.checkoutURL = checkoutURL
            self.acceptsPix = acceptsPix
            self.acceptsCard = acceptsCard
        }
    }

    /// R$ 100.000,00: a typo guard; no plan of a content site costs more.
    public static let maximumPriceCents = 10_000_000

    public static func save(_ input: Input, into plan: Plan, on database: any Database) async throws {
        var problems: [String: OfferProblem] = [:]
        let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty {
            problems["name"] = .planNameRequired
        } else if name.count > 80 {
            problems["name"] = .nameTooLong
        }
        if !(1...maximumPriceCents).contains(input.priceCents) { problems["price"] = .priceInvalid }
        let billing = PlanBilling(rawValue: input.billing.trimmingCharacters(in: .whitespaces))
        let period = BillingPeriod(iso8601: input.billingPeriod.trimmingCharacters(in: .whitespaces))
        switch billing {
        case nil:
            problems["billing"] = .billingInvalid
        case .oneTime:
            if !(1...3650).contains(input.durationDays) { problems["duration_days"] = .durationInvalid }
            if input.firstPeriodPriceCents != nil { problems["first_period_price"] = .firstPeriodPriceInvalid }
        case .recurring:
            if period == nil { problems["billing_period"] = .billingPeriodInvalid }
            if let first = input.firstPeriodPriceCents, !(1...maximumPriceCents).contains(first) {
                problems["first_period_price"] = .firstPeriodPriceInvalid
            }
        }
        let benefits = input.benefits.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        if benefits.count > 12 || benefits.contains(where: { $0.count > 120 }) {
            problems["benefits"] = .benefitsInvalid
        }
        let cta = input.ctaText.trimmingCharacters(in: .whitespacesAndNewlines)
        if cta.count > 40 { problems["cta_text"] = .ctaTooLong }
        let checkoutURL = input.checkoutURL.trimmingCharacters(in: .whitespacesAndNewlines)
        if !checkoutURL.isEmpty && !isHTTPS(checkoutURL) { problems["checkout_url"] = .checkoutURLInvalid }
        if billing == .recurring, !checkoutURL.isEmpty { problems["checkout_url"] = .recurringNeedsOurCheckout }
        if checkoutURL.isEmpty && !input.acceptsPix && !input.acceptsCard {
            problems["accepts_pix"] = .paymentMethodRequired
        }
        guard problems.isEmpty else { throw Refusal.invalid(problems) }
        plan.name = name
        plan.price = input.priceCents
        plan.billing = billing ?? .oneTime
        if let period, billing == .recurring {
            plan.billingPeriod = period.iso8601
            plan.firstPeriodPrice = input.firstPeriodPriceCents
            // What code that counts days reads (the seed's column is NOT NULL): one period, at its nominal length.
            plan.duration = period.nominalDays
        } else {
            plan.billingPeriod = nil
            plan.firstPeriodPrice = nil
            plan.duration = input.durationDays
        }
        plan.benefits = benefits.isEmpty ? nil : JSONColumn(benefits)
        plan.ctaText = cta.isEmpty ? nil : cta
        plan.checkoutURL = checkoutURL.isEmpty ? nil : checkoutURL
        plan.acceptsPix = input.acceptsPix
        plan.acceptsCard = input.acceptsCard
        try await plan.save(on: database)
    }

    public static func delete(_ plan: Plan, on database: any Database) async throws {
        let id = try plan.requireID()
        let checkouts = try await Checkout.query(on: database).filter(\.$plan.$id == id).count()
        let subscriptions = try await Subscription.query(on: database).group(.or) {
            $0.filter(\.$plan.$id == id).filter(\.$nextPlanID == id)
        }.count()
        guard checkouts + subscriptions == 0 else { throw Refusal(.conflict, reason: OfferProblem.planInUse) }
        try await plan.delete(on: database)
    }

    /// An https URL with a host: external checkouts and bump images leave the site, so only https.
    public static func isHTTPS(_ value: String) -> Bool {
        guard value.count <= 500, !value.contains(where: \.isWhitespace), let url = URLComponents(string: value),
            url.scheme?.lowercased() == "https", !(url.host ?? "").isEmpty
        else { return false }
        return true
    }

    public static func all(on database: any Database) async throws -> [Plan] {
        try await Plan.query(on: database).sort(\.$price).sort(\.$id).all()
    }
}

/// Order bumps (`order_bumps`): offers added to a checkout with one tick, shown by `display_order`.
public enum OrderBumpAdministration {
    public struct Input: Sendable {
        public var name: String
        public var description: String
        public var priceCents: Int
        public var isActive: Bool
        public var imageURL: String
        public var displayOrder: Int

        public init(
            name: String, description: String, priceCents: Int, isActive: Bool, imageURL: String, displayOrder: Int
        ) {
            self.name = name
            self.description = description
            self.priceCents = priceCents
            self.isActive = isActive
            self.imageURL = imageURL
            self.displayOrder = displayOrder
        }
    }

    public static func save(_ input: Input, into bump: OrderBump, on database: any Database) async throws {
        var problems: [String: OfferProblem] = [:]
        let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty {
            problems["name"] = .bumpNameRequired
        } else if name.count > 80 {
            problems["name"] = .nameTooLong
        }
        let description = input.description.trimmingCharacters(in: .whitespacesAndNewlines)
        if description.count > 300 { problems["description"] = .descriptionTooLong }
        if !(1...PlanAdministration.maximumPriceCents).contains(input.priceCents) { problems["price"] = .priceInvalid }
        let imageURL = input.imageURL.trimmingCharacters(in: .whitespacesAndNewlines)
        if !imageURL.isEmpty && !PlanAdministration.isHTTPS(imageURL) { problems["image_url"] = .imageURLInvalid }
        if !(0...1000).contains(input.displayOrder) { problems["display_order"] = .displayOrderInvalid }
        guard problems.isEmpty else { throw Refusal.invalid(problems) }
        bump.name = name
        bump.offerDescription = description.isEmpty ? nil : description
        bump.price = input.priceCents
        bump.isActive = input.isActive
        bump.imageURL = imageURL.isEmpty ? nil : imageURL
        bump.displayOrder = input.displayOrder
        try await bump.save(on: database)
    }

    public static func all(activeOnly: Bool, on database: any Database) async throws -> [OrderBump] {
        let query = OrderBump.query(on: database)
        if activeOnly { query.filter(\.$isActive == true) }
        return try await query.sort(\.$displayOrder).sort(\.$id).all()
    }
}
