import FluentKit
import Foundation
import Localization
import Schema
import Site

/// How many unpaid checkouts one buyer may hold open at once, by e-mail (`open_checkouts_per_email`) and by CPF
/// (`open_checkouts_per_cpf`): each opened a real charge at the provider. A checkout stops counting once it is
/// paid, failed or abandoned (`checkout_abandon_minutes`), so the wait a refusal names is until the oldest open
/// one is abandoned.
///
/// It is asked twice: before anything is made (`check`), and once the checkout's row exists, before the provider is
/// asked for a charge (`check(…, through:)`), counting only the rows up to its own id, so of a burst of parallel
/// checkouts only the allowed number go on.
public enum OpenCheckoutLimit {
    /// - Parameter checkoutID: the checkout just recorded, which counts among the open ones; nil before it exists.
    /// - Parameter userID: the signed-in buyer's account, which is held to the e-mail's limit too, whatever e-mail
    ///   and CPF each checkout names.
    public static func check(
        email: String, cpfDigits: String, userID: Int? = nil, on database: any Database, now: Date = Date(),
        through checkoutID: Int? = nil
    ) async throws {
        let abandonAfter = TimeInterval(try await SiteSettings.count(.checkoutAbandonMinutes, on: database) * 60)
        var scopes: [(KnownSetting, (QueryBuilder<Checkout>) -> QueryBuilder<Checkout>)] = [
            (.openCheckoutsPerEmail, { $0.filter(\.$customerEmail == email) }),
            (.openCheckoutsPerCPF, { $0.filter(\.$customerDocument == cpfDigits) }),
        ]
        if let userID { scopes.append((.openCheckoutsPerEmail, { $0.filter(\.$user.$id == userID) })) }
        for (setting, scope) in scopes {
            let limit = try await SiteSettings.count(setting, on: database)
            let query = scope(Checkout.query(on: database).filter(\.$status == .pending))
                .filter(\.$createdAt >= now.addingTimeInterval(-abandonAfter))
            if let checkoutID { query.filter(\.$id <= checkoutID) }
            let open = try await query.sort(\.$createdAt, .descending).limit(limit + 1).all()
            if checkoutID == nil ? open.count >= limit : open.count > limit {
                let oldest = open.prefix(limit).last?.createdAt ?? now
                throw Refusal.tooManyAttempts(
                    retryAfterSeconds: max(
                        1, Int(oldest.addingTimeInterval(abandonAfter).timeIntervalSince(now).rounded(.up))))
            }
        }
    }
}
