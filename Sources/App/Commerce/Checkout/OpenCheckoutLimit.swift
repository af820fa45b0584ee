import Fluent
import Foundation
import Schema

/// How many unpaid checkouts one buyer may hold open at once, by e-mail (`open_checkouts_per_email`) and by CPF
/// (`open_checkouts_per_cpf`): each opened a real charge at the provider. A checkout stops counting once it is
/// paid, failed or abandoned (`checkout_abandon_minutes`), so the wait a refusal names is until the oldest open
/// one is abandoned.
enum OpenCheckoutLimit {
    static func check(email: String, cpfDigits: String, on database: any Database, now: Date = Date()) async throws {
        let abandonAfter = TimeInterval(try await CommerceScheduler.abandonMinutes(on: database) * 60)
        let byEmail = (KnownSetting.openCheckoutsPerEmail, \Checkout.$customerEmail, email)
        let byCPF = (KnownSetting.openCheckoutsPerCPF, \Checkout.$customerDocument, cpfDigits)
        for (setting, column, value) in [byEmail, byCPF] {
            let limit = try await SiteSettings.count(setting, on: database)
            let open = try await Checkout.query(on: database).filter(\.$status == .pending).filter(column == value)
                .filter(\.$createdAt >= now.addingTimeInterval(-abandonAfter))
                .sort(\.$createdAt, .descending).limit(limit).all()
            if open.count >= limit {
                let oldest = open.last?.createdAt ?? now
                throw TooManyAttempts(retryAfterSeconds: max(1, Int(oldest.addingTimeInterval(abandonAfter).timeIntervalSince(now).rounded(.up))))
            }
        }
    }
}
