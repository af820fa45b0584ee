import Accounts
import Commerce
import FluentKit
import Foundation
import Payments
import Schema

extension DemoData {
    /// What one load added, table by table.
    public struct LoadReport: Equatable, Sendable {
        public var added: [String: Int] = [:]

        public var totalAdded: Int { added.values.reduce(0, +) }

        public mutating func count(_ table: String) {
            added[table, default: 0] += 1
        }
    }

    /// Adds what is missing of the demo dataset, in one transaction.
    /// - Parameter appSecret: seals the sandbox gateway's secret; without it no gateway is added.
    public static func load(
        on database: any Database, hasher: any PasswordHashing, appSecret: String? = nil, now: Date = Date()
    ) async throws
        -> LoadReport
    {
        let sealedSandboxSecret = try appSecret.map { try SecretBox(appSecret: $0).seal(sandboxSecret) }
        // Hash outside the transaction: bcrypt is slow on purpose, and a transaction should not wait for it.
        let existingEmails = Set(try await User.query(on: database).all(\.$email))
        var passwordHashes: [String: String] = [:]
        for account in [admin, subscriber] where !existingEmails.contains(account.email) {
            passwordHashes[account.email] = try await hasher.hash(account.password)
        }
        let hashes = passwordHashes
        return try await database.transaction { database in
            var report = LoadReport()
            let plansByName = try await loadPlans(on: database, report: &report)
            try await loadOrderBumps(on: database, report: &report)
            try await loadCreatorsAndPosts(on: database, report: &report)
            try await loadAds(on: database, now: now, report: &report)
            try await loadSupportContacts(on: database, report: &report)
            if let sealedSandboxSecret {
                try await loadSandboxGateway(sealedSecret: sealedSandboxSecret, on: database, report: &report)
            }
            try await loadSettings(on: database, report: &report)
            try await loadAccounts(
                on: database, passwordHashes: hashes, monthlyPlan: plansByName["Mensal"], now: now, report: &report)
            return report
        }
    }

    private static func loadPlans(on database: any Database, report: inout LoadReport) async throws -> [String: Plan] {
        var byName = Dictionary(
            try await Plan.query(on: database).all().map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for plan in plans where byName[plan.name] == nil {
            try await plan.create(on: database)
            byName[plan.name] = plan
            report.count(Plan.schema)
        }
        return byName
    }

    private static func loadOrderBumps(on database: any Database, report: inout LoadReport) async throws {
        let existing = Set(try await OrderBump.query(on: database).all(\.$name))
        for bump in orderBumps where !existing.contains(bump.name) {
            try await bump.create(on: database)
            report.count(OrderBump.schema)
        }
    }

    private static func loadCreatorsAndPosts(on database: any Database, report: inout LoadReport) async throws {
        for creator in creators {
            let model: CreatorModel
            if let existing = try await CreatorModel.query(on: database).filter(\.$name == creator.name).first() {
                model = existing
            } else {
                model = CreatorModel(
                    name: creator.name, bio: creator.bio, iconURL: "/demo/avatar-\(creator.picture).svg",
                    bannerURL: "/demo/banner-\(creator.picture % 2 + 1).svg", isFeatured: creator.isFeatured,
                    isAdvertiser: creator.isAdvertiser)
                try await model.create(on: database)
                report.count(CreatorModel.schema)
            }
            let modelID = try model.requireID()
            let existingURLs = Set(
                try await CreatorPost.query(on: database).filter(\.$model.$id == modelID).all(\.$contentURL))
            for (index, title) in creator.postTitles.enumerated() {
                let contentURL =
                    "/demo/post-\((creator.picture + index) % 6 + 1).svg?criadora=\(creator.picture)&post=\(index + 1)"
                guard !existingURLs.contains(contentURL) else { continue }
                try await CreatorPost(modelID: modelID, title: title, contentURL: contentURL, type: .image)
                    .create(on: database)
                report.count(CreatorPost.schema)
            }
        }
    }

    private static func loadAds(on database: any Database, now: Date, report: inout LoadReport) async throws {
        let existing = Set(try await Ad.query(on: database).all(\.$name))
        for ad in ads(now: now) where !existing.contains(ad.name) {
            try await ad.create(on: database)
            report.count(Ad.schema)
        }
    }

    /// The sandbox's postback secret in the demo: published, like the demo passwords.
    public static let sandboxSecret = "demo-sandbox-secret"

    /// The built-in sandbox takes each method no other gateway takes, so the demo's checkout works without any
    /// provider account.
    private static func loadSandboxGateway(sealedSecret: String, on database: any Database, report: inout LoadReport)
        async throws
    {
        guard try await PaymentGateway.query(on: database).filter(\.$name == "sandbox").count() == 0 else { return }
        func anotherTakes(_ method: PaymentMethod) async throws -> Bool {
            try await PaymentGateway.query(on: database).filter(PaymentGateway.takes(method) == true).count() > 0
        }
        try await PaymentGateway(
            name: "sandbox", publicKey: "pix@creatorflix.demo", secretKey: sealedSecret,
            takesCard: !(try await anotherTakes(.creditCard)), takesPix: !(try await anotherTakes(.pix))
        )
        .create(on: database)
        report.count(PaymentGateway.schema)
    }

    private static func loadSupportContacts(on database: any Database, report: inout LoadReport) async throws {
        let existing = Set(try await SupportContact.query(on: database).all(\.$platform))
        for contact in supportContacts where !existing.contains(contact.platform) {
            try await contact.create(on: database)
            report.count(SupportContact.schema)
        }
    }

    private static func loadSettings(on database: any Database, report: inout LoadReport) async throws {
        let existing = Set(try await AdminSetting.query(on: database).all().compactMap(\.id))
        for setting in settings where !existing.contains(setting.key) {
            try await AdminSetting(key: setting.key, value: setting.value).create(on: database)
            report.count(AdminSetting.schema)
        }
    }

    /// The admin, and a subscriber with a paid checkout and an active monthly subscription.
    private static func loadAccounts(
        on database: any Database, passwordHashes: [String: String], monthlyPlan: Plan?, now: Date,
        report: inout LoadReport
    ) async throws {
        if let hash = passwordHashes[admin.email] {
            try await User(name: admin.name, email: admin.email, passwordHash: hash, role: .admin).create(on: database)
            report.count(User.schema)
        }
        guard let hash = passwordHashes[subscriber.email], let monthlyPlan else { return }
        let user = User(name: subscriber.name, email: subscriber.email, passwordHash: hash, subscriptionStatus: .active)
        try await user.create(on: database)
        report.count(User.schema)
        let userID = try user.requireID()
        let planID = try monthlyPlan.requireID()
        try await Checkout(
            userID: userID, planID: planID, externalID: "demo-pix-0001", status: .paid, paymentMethod: .pix,
            totalAmount: monthlyPlan.price, customerName: subscriber.name, customerEmail: subscriber.email,
            // A CPF with valid check digits, reserved for examples.
            customerDocument: "52998224725", customerPhone: "11987654321"
        ).create(on: database)
        report.count(Checkout.schema)
        // The plan's first period, as a purchase of it makes one: a recurring plan's calendar month, with its terms.
        let subscription = Subscription(
            userID: userID, planID: planID, externalID: "demo-pix-0001", startDate: now,
            endDate: SubscriptionLifecycle.Length(of: monthlyPlan).end(from: now), status: .active)
        SubscriptionRenewals.recordPurchase(of: monthlyPlan, in: subscription, previousEnd: nil)
        try await subscription.create(on: database)
        report.count(Subscription.schema)
    }
}
