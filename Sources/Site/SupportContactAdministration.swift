import FluentKit
import Foundation
import Localization
import Schema

/// Why a support contact was refused.
public enum SupportContactProblem: String, RefusalReason {
    case platformMissing = "platform_missing"
    case platformTooLong = "platform_too_long"
    case urlInvalid = "url_invalid"
    case unknownContact = "unknown_contact"

    public func message(_ copy: Copy) -> String {
        switch self {
        case .platformMissing: copy.platformMissing
        case .platformTooLong: copy.platformTooLong
        case .urlInvalid: copy.contactURLInvalid
        case .unknownContact: copy.supportContactUnknown
        }
    }
}

/// The support channels in the site's footer: WhatsApp, Telegram, e-mail, phone, any https page.
public enum SupportContactAdministration {
    public struct Input: Sendable {
        public var platform: String
        public var url: String
        public var isActive: Bool

        public init(platform: String, url: String, isActive: Bool) {
            self.platform = platform
            self.url = url
            self.isActive = isActive
        }
    }

    /// Links a visitor's device knows how to open. No `javascript:` or other schemes a footer link must not carry.
    public static let allowedSchemes: Set<String> = ["https", "http", "mailto", "tel"]

    public static func validate(_ input: Input) throws -> Input {
        var problems: [String: SupportContactProblem] = [:]
        let platform = input.platform.trimmingCharacters(in: .whitespacesAndNewlines)
        let url = input.url.trimmingCharacters(in: .whitespacesAndNewlines)
        if platform.isEmpty {
            problems["platform"] = .platformMissing
        } else if platform.count > 40 {
            problems["platform"] = .platformTooLong
        }
        if !isContactLink(url) { problems["url"] = .urlInvalid }
        guard problems.isEmpty else { throw Refusal.invalid(problems) }
        return Input(platform: platform, url: url, isActive: input.isActive)
    }

    public static func isContactLink(_ url: String) -> Bool {
        guard url.count <= 500, !url.contains(where: \.isWhitespace),
            let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            allowedSchemes.contains(scheme)
        else { return false }
        switch scheme {
        case "http", "https": return !(components.host ?? "").isEmpty
        default: return !components.path.isEmpty
        }
    }

    public static func all(on database: any Database) async throws -> [SupportContact] {
        try await SupportContact.query(on: database).sort(\.$id).all()
    }

    public static func find(_ id: Int?, on database: any Database) async throws -> SupportContact {
        guard let id, let contact = try await SupportContact.find(id, on: database) else {
            throw Refusal(.notFound, reason: SupportContactProblem.unknownContact)
        }
        return contact
    }

    public static func create(_ input: Input, on database: any Database) async throws -> SupportContact {
        let valid = try validate(input)
        let contact = SupportContact(platform: valid.platform, url: valid.url, isActive: valid.isActive)
        try await contact.create(on: database)
        return contact
    }

    public static func update(_ contact: SupportContact, with input: Input, on database: any Database) async throws {
        let valid = try validate(input)
        contact.platform = valid.platform
        contact.url = valid.url
        contact.isActive = valid.isActive
        try await contact.save(on: database)
    }
}
