import FluentKit
import Foundation
import Payments
import SQLKit
import Schema

/// What happens to a gateway's postback: verify it, record it, and apply it once. Every postback is recorded in
/// `payment_events` with its verification result and outcome, for the admin to inspect.
public enum PostbackProcessor {
    public enum Outcome: String, Sendable, Equatable {
        /// Changed a checkout (and perhaps a subscription).
        case applied
        /// Verified, but the checkout was already there or past it (out of order, or a repeat with a new id).
        case alreadyApplied = "already_applied"
        /// The provider's event id was seen before: acknowledged, nothing changed.
        case duplicate
        /// No checkout has this charge: acknowledged and logged.
        case unknownCharge = "unknown_charge"
        /// The paid amount differs from the checkout's total: refused and logged for the admin.
        case amountMismatch = "amount_mismatch"
        /// A state that changes nothing here (pending).
        case noChange = "no_change"
        /// Not provably from the provider: refused, nothing changed.
        case rejected

        /// The HTTP status the webhook answers with. Providers retry on anything but 2xx, which is wanted for a
        /// refusal (an admin may fix the data) and pointless for a duplicate or an unknown charge.
        public var httpStatus: Int {
            switch self {
            case .rejected: 401
            case .amountMismatch: 422
            case .applied, .alreadyApplied, .duplicate, .unknownCharge, .noChange: 200
            }
        }
    }

    public static func process(
        _ postback: IncomingPostback, gateway: any PaymentProvider, on database: any Database, now: Date = Date()
    ) async throws -> Outcome {
        let payload = String(decoding: postback.body.prefix(16_384), as: UTF8.self)
        let event: PostbackEvent
        do {
            event = try await gateway.verifyPostback(postback, now: now)
        } catch let rejection as PostbackRejection {
            try await record(gateway: gateway.name, key: "unverified:" + UUID().uuidString, event: nil, verified: false,
                             outcome: .rejected, detail: "\(rejection)", payload: payload, on: database)
            return .rejected
        }
        // A provider whose postbacks are only hints is asked for the charge itself; its answer is what counts.
        var state = ChargeState(chargeID: event.chargeID, status: event.status, amountCents: event.amountCents, reference: event.reference)
        if gateway.confirmsPostbacksByFetching { state = try await gateway.fetchCharge(id: event.chargeID) }
        let confirmed = state

        return try await database.transaction { transaction in
            let sql = try SubscriptionLifecycle.sqlDatabase(transaction)
            // The unique (gateway, event_key) decides who handles an event: a repeat finds it taken.
            let claimed = try await sql.raw("""
                INSERT INTO payment_events (gateway, event_key, charge_id, verified, status, amount, outcome, payload)
                VALUES (\(bind: gateway.name), \(bind: event.eventID), \(bind: confirmed.chargeID), \(bind: true),
                  \(bind: confirmed.status.rawValue), \(bind: confirmed.amountCents), 'processing', \(bind: payload))
                ON CONFLICT (gateway, event_key) DO NOTHING RETURNING id
                """).all()
            guard let eventRowID = try claimed.first?.decode(column: "id", as: Int.self) else {
                try await record(gateway: gateway.name, key: "duplicate:\(event.eventID):" + UUID().uuidString, event: confirmed,
                                 verified: true, outcome: .duplicate, detail: "event \(event.eventID) was processed before",
                                 payload: payload, on: transaction)
                return .duplicate
            }
            let (outcome, checkoutID, detail) = try await apply(confirmed, on: transaction, now: now)
            try await sql.raw("""
                UPDATE payment_events SET outcome = \(bind: outcome.rawValue), checkout_id = \(bind: checkoutID), detail = \(bind: detail)
                WHERE id = \(bind: eventRowID)
                """).run()
            return outcome
        }
    }

    static func apply(_ state: ChargeState, on database: any Database, now: Date) async throws -> (Outcome, Int?, String?) {
        guard let checkout = try await Checkout.query(on: database).filter(\.$externalID == state.chargeID).first(),
            let checkoutID = checkout.id
        else { return (.unknownCharge, nil, "no checkout has charge \(state.chargeID)") }
        switch state.status {
        case .paid:
            guard state.amountCents == checkout.totalAmount else {
                return (.amountMismatch, checkoutID,
                        "paid \(state.amountCents.map(String.init) ?? "no amount") cents, checkout total \(checkout.totalAmount)")
            }
            return (outcome(try await SubscriptionLifecycle.markPaid(checkoutID: checkoutID, on: database, now: now)), checkoutID, nil)
        case .failed:
            return (outcome(try await SubscriptionLifecycle.markFailed(checkoutID: checkoutID, on: database)), checkoutID, nil)
        case .refunded, .chargedBack:
            return (outcome(try await SubscriptionLifecycle.refund(checkoutID: checkoutID, on: database, now: now)), checkoutID,
                    state.status.rawValue)
        case .pending:
            return (.noChange, checkoutID, nil)
        }
    }

    static func outcome(_ lifecycle: SubscriptionLifecycle.Outcome) -> Outcome {
        switch lifecycle {
        case .applied: .applied
        case .alreadyApplied: .alreadyApplied
        case .unknownCheckout: .unknownCharge
        }
    }

    static func record(
        gateway: String, key: String, event: ChargeState?, verified: Bool, outcome: Outcome, detail: String?, payload: String,
        on database: any Database
    ) async throws {
        try await SubscriptionLifecycle.sqlDatabase(database).raw("""
            INSERT INTO payment_events (gateway, event_key, charge_id, verified, status, amount, outcome, detail, payload)
            VALUES (\(bind: gateway), \(bind: key), \(bind: event?.chargeID), \(bind: verified), \(bind: event?.status.rawValue),
              \(bind: event?.amountCents), \(bind: outcome.rawValue), \(bind: detail), \(bind: payload))
            """).run()
    }
}
