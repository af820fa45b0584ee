import Foundation
import Localization
import Schema

/// What an ad campaign must be before it is saved, field by field. The link is where a click redirects, so only
/// an absolute http(s) address is taken: no `javascript:`, no relative path that would make the click route an
/// open redirect into this site.
public enum AdCampaignRules {
    public struct Input: Sendable, Equatable {
        public var name: String
        public var type: String
        public var placement: String
        public var status: String
        public var title: String
        public var subtitle: String
        public var ctaText: String
        public var imageURL: String
        public var link: String
        public var category: String
        public var priority: Int?
        public var startDate: Date?
        public var endDate: Date?

        public init(
            name: String, type: String, placement: String, status: String = AdStatus.draft.rawValue, title: String,
            subtitle: String = "", ctaText: String = "", imageURL: String = "", link: String, category: String = "",
            priority: Int? = 0, startDate: Date? = nil, endDate: Date? = nil
        ) {
            self.name = name
            self.type = type
            self.placement = placement
            self.status = status
            self.title = title
            self.subtitle = subtitle
            self.ctaText = ctaText
            self.imageURL = imageURL
            self.link = link
            self.category = category
            self.priority = priority
            self.startDate = startDate
            self.endDate = endDate
        }
    }

    public enum Problem: String, RefusalReason, Equatable {
        case nameRequired = "name_required"
        case nameTooLong = "name_too_long"
        case typeUnknown = "type_unknown"
        case placementUnknown = "placement_unknown"
        /// The placement exists, but this type may not appear there (`AdPlacementRules`).
        case placementNotAllowed = "placement_not_allowed"
        case statusUnknown = "status_unknown"
        case titleRequired = "title_required"
        case textTooLong = "text_too_long"
        case linkInvalid = "link_invalid"
        case imageURLInvalid = "image_url_invalid"
        case priorityInvalid = "priority_invalid"
        /// The start must come before the end.
        case datesOutOfOrder = "dates_out_of_order"
        /// No ad has the id asked for.
        case unknownAd = "unknown_ad"
    }

    /// A campaign that passed: the values to store, trimmed and typed.
    public struct Valid: Sendable, Equatable {
        public var name: String
        public var type: AdType
        public var placement: AdPlacement
        public var status: AdStatus
        public var title: String
        public var subtitle: String?
        public var ctaText: String?
        public var imageURL: String?
        public var link: String
        public var category: String?
        public var priority: Int
        public var startDate: Date?
        public var endDate: Date?
    }

    public static let priorityRange = -1000...1000

    public static func validate(_ input: Input) throws(Refusal) -> Valid {
        var problems: [String: Problem] = [:]
        func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }
        func optional(_ text: String) -> String? { trimmed(text).isEmpty ? nil : trimmed(text) }

        let name = trimmed(input.name)
        if name.isEmpty {
            problems["name"] = .nameRequired
        } else if name.count > 120 {
            problems["name"] = .nameTooLong
        }
        let type = AdType(rawValue: trimmed(input.type))
        if type == nil { problems["type"] = .typeUnknown }
        let placement = AdPlacement(rawValue: trimmed(input.placement))
        if placement == nil {
            problems["placement"] = .placementUnknown
        } else if let type, let placement, !AdPlacementRules.allows(type, in: placement) {
            problems["placement"] = .placementNotAllowed
        }
        let status = AdStatus(rawValue: trimmed(input.status))
        if status == nil { problems["status"] = .statusUnknown }
        let title = trimmed(input.title)
        if title.isEmpty {
            problems["title"] = .titleRequired
        } else if title.count > 160 {
            problems["title"] = .textTooLong
        }
        if trimmed(input.subtitle).count > 300 { problems["subtitle"] = .textTooLong }
        if trimmed(input.ctaText).count > 40 { problems["cta_text"] = .textTooLong }
        if trimmed(input.category).count > 60 { problems["category"] = .textTooLong }
        let link = trimmed(input.link)
        if !isWebAddress(link) { problems["link"] = .linkInvalid }
        let imageURL = optional(input.imageURL)
        if let imageURL, !isWebAddress(imageURL) { problems["image_url"] = .imageURLInvalid }
        if input.priority.map({ !priorityRange.contains($0) }) ?? true { problems["priority"] = .priorityInvalid }
        if let start = input.startDate, let end = input.endDate, start >= end {
            problems["end_date"] = .datesOutOfOrder
        }

        guard problems.isEmpty, let type, let placement, let status, let priority = input.priority else {
            throw Refusal.invalid(problems)
        }
        return Valid(
            name: name, type: type, placement: placement, status: status, title: title,
            subtitle: optional(input.subtitle),
            ctaText: optional(input.ctaText), imageURL: imageURL, link: link, category: optional(input.category),
            priority: priority,
            startDate: input.startDate, endDate: input.endDate)
    }

    /// An absolute http(s) URL with a host, no credentials, no whitespace, at most 2,000 characters.
    public static func isWebAddress(_ text: String) -> Bool {
        guard text.count <= 2000, !text.contains(where: { $0.isWhitespace || $0.isNewline }),
            let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty,
            components.user == nil, components.password == nil
        else { return false }
        return true
    }
}

extension AdCampaignRules.Problem {
    public func message(_ copy: Copy) -> String {
        switch self {
        case .nameRequired: copy.adNameRequired
        case .nameTooLong: copy.adNameTooLong
        case .typeUnknown: copy.adTypeUnknown
        case .placementUnknown: copy.adPlacementUnknown
        case .placementNotAllowed: copy.adPlacementNotAllowed
        case .statusUnknown: copy.adStatusUnknown
        case .titleRequired: copy.adTitleRequired
        case .textTooLong: copy.adTextTooLong
        case .linkInvalid: copy.adLinkInvalid
        case .imageURLInvalid: copy.imageURLHTTPSOrEmpty
        case .priorityInvalid: copy.adPriorityInvalid
        case .datesOutOfOrder: copy.adDatesOutOfOrder
        case .unknownAd: copy.adUnknown
        }
    }
}
