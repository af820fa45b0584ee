import FluentKit
import FluentSQL
import Foundation
import Localization
import ObjectStorage
import SQLKit
import Schema

/// Why a model was refused, per field.
public enum CreatorModelProblem: String, Error, RefusalReason {
    case nameMissing = "name_missing"
    case nameTooLong = "name_too_long"
    case descriptionTooLong = "description_too_long"
    case imageURLInvalid = "image_url_invalid"
    case notAnImage = "not_an_image"

    public func message(_ copy: Copy) -> String {
        switch self {
        case .nameMissing: copy.modelNameRequired
        case .nameTooLong: copy.modelNameTooLong
        case .descriptionTooLong: copy.descriptionTooLong
        case .imageURLInvalid: copy.imageURLInvalid
        case .notAnImage: copy.uploadNotAnImage
        }
    }
}

/// The site's own creators (`models`), as admins manage them.
public enum CreatorModelAdministration {
    public static let pageSize = 25

    public struct Input: Sendable {
        public var name: String
        public var bio: String
        public var iconURL: String
        public var bannerURL: String
        public var isFeatured: Bool
        public var isAdvertiser: Bool
        public var iconUpload: UploadedFile?
        public var bannerUpload: UploadedFile?

        public init(
            name: String, bio: String, iconURL: String, bannerURL: String, isFeatured: Bool, isAdvertiser: Bool,
            iconUpload: UploadedFile? = nil, bannerUpload: UploadedFile? = nil
        ) {
            self.name = name
            self.bio = bio
            self.iconURL = iconURL
            self.bannerURL = bannerURL
            self.isFeatured = isFeatured
            self.isAdvertiser = isAdvertiser
            self.iconUpload = iconUpload
            self.bannerUpload = bannerUpload
        }
    }

    public struct Page: Sendable {
        public let models: [CreatorModel]
        public let page: Int
        public let hasNextPage: Bool
    }

    public static func find(search: String?, page: Int, on database: any Database) async throws -> Page {
        let page = min(max(1, page), 1_000_000)
        let query = CreatorModel.query(on: database)
        if let search = search?.trimmingCharacters(in: .whitespacesAndNewlines), !search.isEmpty {
            // The same folding as the public search: "julia" finds "Júlia".
            query.filter(.sql(embed: SearchName.condition(matching: search)))
        }
        let models = try await query.sort(\.$id, .descending).range(((page - 1) * pageSize)..<(page * pageSize + 1))
            .all()
        return Page(models: Array(models.prefix(pageSize)), page: page, hasNextPage: models.count > pageSize)
    }

    /// Checks the input, stores any uploaded pictures, and saves. Uploads win over URLs typed beside them.
    public static func save(_ input: Input, into model: CreatorModel, on database: any Database, store: any ObjectStore)
        async throws
    {
        var problems: [String: CreatorModelProblem] = [:]
        let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty { problems["name"] = .nameMissing } else if name.count > 100 { problems["name"] = .nameTooLong }
        let bio = input.bio.trimmingCharacters(in: .whitespacesAndNewlines)
        if bio.count > 2000 { problems["description"] = .descriptionTooLong }
        for (field, upload) in [("icon_file", input.iconUpload), ("banner_file", input.bannerUpload)] {
            if let upload, upload.kind == nil || upload.kind?.isVideo == true { problems[field] = .notAnImage }
        }
        var urls: [String: String?] = [:]
        for (field, value) in [("icon_url", input.iconURL), ("banner_url", input.bannerURL)] {
            do { urls[field] = try normalizedImageURL(value) } catch { problems[field] = .imageURLInvalid }
        }
        guard problems.isEmpty else { throw Refusal.invalid(problems) }

        model.name = name
        model.bio = bio.isEmpty ? nil : bio
        model.iconURL = try await stored(input.iconUpload, store: store) ?? (urls["icon_url"] ?? nil)
        model.bannerURL = try await stored(input.bannerUpload, store: store) ?? (urls["banner_url"] ?? nil)
        model.isFeatured = input.isFeatured
        model.isAdvertiser = input.isAdvertiser
        try await model.save(on: database)
    }

    /// An https URL, an object key an earlier upload stored (kept as it is), or nothing.
    public static func normalizedImageURL(_ value: String) throws(CreatorModelProblem) -> String? {
        do { return try MediaAddress.normalized(value, keyPrefix: uploadPrefix) } catch { throw .imageURLInvalid }
    }

    /// Where uploaded pictures of models go in the object store.
    public static let uploadPrefix = "uploads/models/"

    private static func stored(_ upload: UploadedFile?, store: any ObjectStore) async throws -> String? {
        guard let upload, let kind = upload.kind else { return nil }
        let key = uploadPrefix + UUID().uuidString.lowercased() + "." + kind.fileExtension
        try await store.putFile(
            key, from: upload.url, size: upload.size, sha256: upload.sha256, contentType: kind.contentType)
        return key
    }

    /// Deletes a model and, explicitly, its posts: the seed's foreign key does not cascade.
    public static func delete(_ model: CreatorModel, on database: any Database) async throws {
        let id = try model.requireID()
        try await database.transaction { transaction in
            try await CreatorPost.query(on: transaction).filter(\.$model.$id == id).delete()
            try await model.delete(on: transaction)
        }
    }
}
